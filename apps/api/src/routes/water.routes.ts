import { waterApi } from '@cuntu/api-contract';
import { waterRecordsService } from '../water/water-records.service';
import { featureContext } from './features.routes';
import { contractRouter, refuseInvalidFields } from './contract-routes';
import { idOf, ownerIdOf, recordIfMatch } from './record-params';

/** A water source's records: quality tests, the groups it serves and its service area. */
const { routes } = waterApi;

export const waterRoutes = contractRouter()
  .openapi(routes.tests, async (c) => c.json({ tests: await waterRecordsService.tests(featureContext(c), await ownerIdOf(c, 'water_sources')) }, 200))
  .openapi(routes.addTest, async (c) => {
    const result = await waterRecordsService.addTest(featureContext(c), await ownerIdOf(c, 'water_sources'), c.req.valid('json'));
    return c.json(result, 201);
  }, refuseInvalidFields)
  .openapi(routes.deleteTest, async (c) => c.json(await waterRecordsService.deleteTest(featureContext(c), await ownerIdOf(c, 'water_sources'), idOf(c, 'testId')), 200))
  .openapi(routes.servedGroups, async (c) => {
    const { groups, etag } = await waterRecordsService.servedGroups(featureContext(c), await ownerIdOf(c, 'water_sources'));
    c.header('ETag', etag);
    return c.json({ groups }, 200);
  })
  .openapi(routes.setServedGroups, async (c) => {
    const id = await ownerIdOf(c, 'water_sources');
    const expected = recordIfMatch(c);
    const { groups, etag, checks } = await waterRecordsService.setServedGroups(featureContext(c), id, expected, c.req.valid('json'));
    c.header('ETag', etag);
    return c.json({ groups, checks }, 200);
  }, refuseInvalidFields)
  .openapi(routes.serviceArea, async (c) => {
    const { area, etag } = await waterRecordsService.serviceArea(featureContext(c), await ownerIdOf(c, 'water_sources'));
    c.header('ETag', etag);
    return c.json({ geometry: area }, 200);
  })
  .openapi(routes.setServiceArea, async (c) => {
    const id = await ownerIdOf(c, 'water_sources');
    const expected = recordIfMatch(c);
    const { area, etag, checks } = await waterRecordsService.setServiceArea(featureContext(c), id, expected, c.req.valid('json'));
    c.header('ETag', etag);
    return c.json({ geometry: area, checks }, 200);
  });
