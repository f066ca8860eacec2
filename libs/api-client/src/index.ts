export { createApiClient, ApiClientError } from './lib/api-client';
export type { ApiClient, ApiClientOptions, LayerPage, CurrentUser, Verdict, VillageSheet } from './lib/api-client';
