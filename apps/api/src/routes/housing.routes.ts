import { housingApi } from '@cuntu/api-contract';
import { relocationFootprintService } from '../housing/relocation-footprint.service';
import { featureContext } from './features.routes';
import { contractRouter, refuseInvalidFields } from './contract-routes';
import { ownerIdOf, recordIfMatch } from './record-params';

/** A relocation site's footprint, beside its point (the features API writes the point and the properties). */
const { routes } = housingApi;

export const housingRoutes = contractRouter()
  .openapi(routes.footprint, async (c) => {
    const { footprint, etag } = await relocationFootprintService.get(featureContext(c), await ownerIdOf(c, 'relocation_sites'));
    c.header('ETag', etag);
    return c.json({ geometry: footprint }, 200);
  })
  .openapi(routes.setFootprint, async (c) => {
    const id = await ownerIdOf(c, 'relocation_sites');
    const { footprint, etag } = await relocationFootprintService.set(featureContext(c), id, recordIfMatch(c), c.req.valid('json'));
    c.header('ETag', etag);
    return c.json({ geometry: footprint }, 200);
  }, refuseInvalidFields);
