import { layersApi } from '@cuntu/api-contract';
import { contractRouter } from './contract-routes';
import { createLayersRepo } from '../repos/layers.repo';

/** `GET /api/layers`: the feature count of every layer (pages of features: `/api/features/{layer}`). */
export const layersRoutes = contractRouter().openapi(layersApi.routes.counts, async (c) => c.json({ layers: await createLayersRepo(c.get('database')).countAll() }, 200));
