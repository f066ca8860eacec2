import { regionsApi } from '@cuntu/api-contract';
import { createRegionsRepo } from '../repos/regions.repo';
import { contractRouter } from './contract-routes';
import { assertAreaInRegion, regionOf } from '../auth/region';
import { searchPlaces } from '../search/place-search';

/**
 * The region hierarchy as GeoJSON: counties, towns, villages; of the user's region (and the county or
 * prefecture around it); and the search box's villages and groups by name, code or pinyin.
 */
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
  })
  .openapi(regionsApi.routes.search, async (c) => {
    const q = c.req.valid('query');
    return c.json({ places: await searchPlaces(c.get('database'), q.q, regionOf(c.get('user')), q.limit) }, 200);
  });
