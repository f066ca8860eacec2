export { createApiClient, ApiClientError } from './lib/api-client';
export type { ApiClient, ApiClientOptions, LayerPage, CurrentUser } from './lib/api-client';
