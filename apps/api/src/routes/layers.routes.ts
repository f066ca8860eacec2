import { layersApi } from '@cuntu/api-contract';
import { contractRouter } from './contract-routes';
import { createLayersRepo } from '../repos/layers.repo';
import { regionOf } from '../auth/region';

/**
 * `GET /api/layers`: the feature count of every layer in the reader's region (pages of features: `/api/features/{layer}`);
 * `GET /api/layers/revisions`: each layer's write counter, which screens poll to follow others' writes.
 */
export const layersRoutes = contractRouter()
  .openapi(layersApi.routes.counts, async (c) => c.json({ layers: await createLayersRepo(c.get('database')).countAll(regionOf(c.get('user'))) }, 200))
  .openapi(layersApi.routes.revisions, async (c) => c.json({ revisions: await createLayersRepo(c.get('database')).revisions() }, 200));
