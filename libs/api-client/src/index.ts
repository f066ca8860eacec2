export { createApiClient, ApiClientError } from './lib/api-client';
export type { ApiClient, ApiClientOptions, LayerPage, CurrentUser, PortalConfig, Verdict, VillageSheet, Account, StandardsProfile, BackgroundJob, AdminSettings, AuditEntry, AuditQuery, CheckSummary, EditableFeature } from './lib/api-client';
export type { ImportJobView, ImportInspection, ImportOptions } from '@cuntu/domain';
export type { ServedGroup, VillageServices, VillageServicesInput, WaterTest, WaterTestInput } from '@cuntu/domain';
