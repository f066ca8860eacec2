import { configApi } from '@cuntu/api-contract';
import { basemapSource } from '@cuntu/domain';
import { contractRouter } from './contract-routes';

/** `GET /api/config`: what the web apps need to know about this deployment (the basemap, for now). */
export const configRoutes = contractRouter().openapi(configApi.routes.get, (c) => {
  const { basemap } = c.get('settings');
  return c.json({ basemap: basemapSource(basemap) }, 200);
});
