export { createApiClient, ApiClientError } from './lib/api-client';
export { fieldProblems, isVersionConflict, problemText } from './lib/problem-text';
export type { ApiClient, ApiClientOptions, LayerPage, CurrentUser, AccessToken, PortalConfig, Verdict, VillageSheet, Account, StandardsProfile, BackgroundJob, AdminSettings, AuditEntry, AuditQuery, CheckSummary, LayerCounts, LayerSelectionQuery, Rollup, StatisticsTable, StatisticsImportReport, TaskQuery } from './lib/api-client';
export type { ImportJobView, ImportInspection, ImportOptions } from '@cuntu/domain';
export type { Attachment, AttachmentPurpose, Task, TaskState, EditableFeature, ServedGroup, VillageServices, VillageServicesInput, VillageStatisticsInput, WaterTest, WaterTestInput } from '@cuntu/domain';
