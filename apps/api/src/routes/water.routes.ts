import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { readJson } from '../validation';
import { waterRecordsService } from '../water/water-records.service';
import { featureContext } from './features.routes';

const idOf = (c: Context, name: string) => {
  const raw = c.req.param(name) ?? '';
  if (!/^\d{1,10}$/.test(raw)) throw new ApiError(404, name === 'id' ? 'feature_not_found' : 'test_not_found', `No record "${raw}"`);
  return Number(raw);
};

/** The ETag of the record the client started from: 428 when missing. */
function recordIfMatch(c: Context): string {
  const header = c.req.header('if-match')?.trim().replace(/^W\//, '');
  if (!header) throw new ApiError(428, 'precondition_required', '修改须带 If-Match（所载入记录的 ETag）/ Send If-Match with the ETag of what you loaded');
  return header;
}

/** A water source's records: quality tests, the groups it serves and its service area. */
export const waterRoutes = new Hono<AppEnv>()
  .get('/sources/:id/tests', async (c) => c.json({ tests: await waterRecordsService.tests(featureContext(c), idOf(c, 'id')) }))
  .post('/sources/:id/tests', async (c) => {
    const result = await waterRecordsService.addTest(featureContext(c), idOf(c, 'id'), await readJson(c));
    return c.json(result, 201);
  })
  .delete('/sources/:id/tests/:testId', async (c) => c.json(await waterRecordsService.deleteTest(featureContext(c), idOf(c, 'id'), idOf(c, 'testId'))))
  .get('/sources/:id/groups', async (c) => {
    const { groups, etag } = await waterRecordsService.servedGroups(featureContext(c), idOf(c, 'id'));
    c.header('ETag', etag);
    return c.json({ groups });
  })
  .put('/sources/:id/groups', async (c) => {
    const id = idOf(c, 'id');
    const expected = recordIfMatch(c);
    const { groups, etag, checks } = await waterRecordsService.setServedGroups(featureContext(c), id, expected, await readJson(c));
    c.header('ETag', etag);
    return c.json({ groups, checks });
  })
  .get('/sources/:id/service-area', async (c) => {
    const { area, etag } = await waterRecordsService.serviceArea(featureContext(c), idOf(c, 'id'));
    c.header('ETag', etag);
    return c.json({ geometry: area });
  })
  .put('/sources/:id/service-area', async (c) => {
    const id = idOf(c, 'id');
    const expected = recordIfMatch(c);
    const { area, etag, checks } = await waterRecordsService.setServiceArea(featureContext(c), id, expected, await readJson(c));
    c.header('ETag', etag);
    return c.json({ geometry: area, checks });
  });
