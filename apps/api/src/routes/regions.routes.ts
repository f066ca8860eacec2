import { regionsApi } from '@cuntu/api-contract';
import { createRegionsRepo } from '../repos/regions.repo';
import { contractRouter } from './contract-routes';

/** The region hierarchy as GeoJSON: counties, towns, villages. */
export const regionsRoutes = contractRouter()
  .openapi(regionsApi.routes.counties, async (c) => c.json(await createRegionsRepo(c.get('database')).listCounties(), 200))
  .openapi(regionsApi.routes.towns, async (c) => {
    const q = c.req.valid('query');
    return c.json(await createRegionsRepo(c.get('database')).listTowns(q.county), 200);
  })
  .openapi(regionsApi.routes.villages, async (c) => {
    const q = c.req.valid('query');
    return c.json(await createRegionsRepo(c.get('database')).listVillages({ townCode: q.town, shape: q.shape }), 200);
  });
