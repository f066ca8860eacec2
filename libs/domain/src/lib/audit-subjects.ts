import { message } from '@cuntu/messages';
import { LAYERS } from './layers';
import { VILLAGE_SERVICES_RECORD } from './village-services';
import { VILLAGE_STATISTICS_RECORD } from './village-statistics';
import { WATER_RECORD_KINDS } from './water-records';
import { ADMIN_RECORD_KINDS } from './admin-records';
import { RELOCATION_FOOTPRINT_RECORD } from './relocation-footprint';
import { RECTIFICATION_RECORD } from './rectification';
import { ATTACHMENT_RECORD } from './attachments';

const named = (key: string) => ({ labelZh: message('zh-CN', key), labelEn: message('en', key) });

/** Everything the audit log records changes of: the layers, the records kept beside their features, and administration (`record.<kind>` in the catalogue). */
export const AUDIT_SUBJECTS: Readonly<Record<string, { labelZh: string; labelEn: string }>> = {
  ...Object.fromEntries(Object.keys(LAYERS).map((id) => [id, named(`layer.${id}`)])),
  ...Object.fromEntries([...WATER_RECORD_KINDS, VILLAGE_SERVICES_RECORD.kind, VILLAGE_STATISTICS_RECORD.kind, RELOCATION_FOOTPRINT_RECORD.kind, RECTIFICATION_RECORD.kind, ATTACHMENT_RECORD.kind, ...ADMIN_RECORD_KINDS].map((kind) => [kind, named(`record.${kind}`)])),
};
