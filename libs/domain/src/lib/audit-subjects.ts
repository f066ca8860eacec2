import { LAYERS } from './layers';
import { VILLAGE_SERVICES_RECORD } from './village-services';
import { WATER_RECORD_KINDS } from './water-records';

/** Everything the audit log records changes of: the layers, and the records kept beside their features. */
export const AUDIT_SUBJECTS: Readonly<Record<string, { labelZh: string; labelEn: string }>> = {
  ...Object.fromEntries(Object.entries(LAYERS).map(([id, { labelZh, labelEn }]) => [id, { labelZh, labelEn }])),
  ...WATER_RECORD_KINDS,
  [VILLAGE_SERVICES_RECORD.kind]: VILLAGE_SERVICES_RECORD,
};
