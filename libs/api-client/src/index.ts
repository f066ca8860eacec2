export { createApiClient, ApiClientError } from './lib/api-client';
export type { ApiClient, ApiClientOptions, LayerPage } from './lib/api-client';
