import { regionsApi } from '@cuntu/api-contract';
import { createRegionsRepo } from '../repos/regions.repo';
import { contractRouter } from './contract-routes';
import { assertAreaInRegion, regionOf } from '../auth/region';

/** The region hierarchy as GeoJSON: counties, towns, villages; of the user's region (and the county or prefecture around it). */
export const regionsRoutes = contractRouter()
  .openapi(regionsApi.routes.counties, async (c) => c.json(await createRegionsRepo(c.get('database')).listCounties(regionOf(c.get('user'))), 200))
  .openapi(regionsApi.routes.towns, async (c) => {
    const q = c.req.valid('query');
    await assertAreaInRegion(c.get('database'), c.get('user'), q.county);
    return c.json(await createRegionsRepo(c.get('database')).listTowns(q.county, regionOf(c.get('user'))), 200);
  })
  .openapi(regionsApi.routes.villages, async (c) => {
    const q = c.req.valid('query');
    await assertAreaInRegion(c.get('database'), c.get('user'), q.town);
    return c.json(await createRegionsRepo(c.get('database')).listVillages({ townCode: q.town, shape: q.shape, region: regionOf(c.get('user')) }), 200);
  });
