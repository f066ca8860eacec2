export { createApiClient, ApiClientError } from './lib/api-client';
export type { ApiClient, ApiClientOptions, LayerPage, CurrentUser, PortalConfig, Verdict, VillageSheet } from './lib/api-client';
