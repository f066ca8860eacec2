import { tasksApi, XLSX_TYPE } from '@cuntu/api-contract';
import { message, negotiateLocale } from '@cuntu/messages';
import { tasksService, taskEtag } from '../rectification/tasks.service';
import { ledgerWorkbook } from '../rectification/ledger';
import { attachment } from '../imports/read-file';
import { featureContext } from './features.routes';
import { contractRouter, refuseInvalidFields } from './contract-routes';
import { idOf, recordIfMatch } from './record-params';

const { routes } = tasksApi;

/** 整改任务: the list, the map's points and the ledger; setting tasks, their steps, the leaders' figures and the bell. */
export const tasksRoutes = contractRouter()
  .openapi(routes.list, async (c) => {
    const { format, limit, offset, mine, rule, ...q } = c.req.valid('query');
    const ctx = featureContext(c);
    const filter = { ...q, ruleId: rule, assigneeId: mine ? ctx.user?.id : undefined };
    if (format === 'xlsx') {
      const tasks = await tasksService.ledger(ctx, filter);
      const locale = negotiateLocale(c.req.header('accept-language'));
      c.header('Content-Type', XLSX_TYPE);
      c.header('Content-Disposition', attachment(`${message(locale, 'ledger.fileName')}-${q.village ?? q.town ?? q.county ?? ''}-${new Date().toISOString().slice(0, 10)}.xlsx`));
      return c.body(ledgerWorkbook(tasks, locale) as Uint8Array<ArrayBuffer>, 200);
    }
    if (format === 'geojson') {
      const tasks = await tasksService.ledger(ctx, filter);
      const features = tasks.filter((t) => t.location).map(({ location, ...properties }) => ({ type: 'Feature' as const, id: properties.id, geometry: location, properties }));
      c.header('Content-Type', 'application/geo+json');
      return c.body(JSON.stringify({ type: 'FeatureCollection', features }), 200);
    }
    return c.json(await tasksService.list(ctx, filter, { limit, offset }), 200);
  })
  .openapi(routes.summary, async (c) => c.json(await tasksService.summary(featureContext(c), c.req.valid('query')), 200))
  .openapi(routes.notices, async (c) => c.json(await tasksService.notices(featureContext(c), c.req.valid('query').limit), 200))
  .openapi(routes.readNotices, async (c) => {
    const ctx = featureContext(c);
    await tasksService.markRead(ctx, c.req.valid('json').ids ?? null);
    return c.json({ unread: (await tasksService.notices(ctx, 1)).unread }, 200);
  })
  .openapi(routes.create, async (c) => {
    const task = await tasksService.create(featureContext(c), c.req.valid('json'));
    c.header('ETag', taskEtag(task));
    return c.json(task, 201);
  }, refuseInvalidFields)
  .openapi(routes.fromVerdicts, async (c) => c.json(await tasksService.createFromVerdicts(featureContext(c), c.req.valid('json')), 201), refuseInvalidFields)
  .openapi(routes.get, async (c) => {
    const task = await tasksService.get(featureContext(c), idOf(c, 'id'));
    c.header('ETag', taskEtag(task));
    return c.json(task, 200);
  })
  .openapi(routes.change, async (c) => {
    const task = await tasksService.change(featureContext(c), idOf(c, 'id'), recordIfMatch(c), c.req.valid('json'));
    c.header('ETag', taskEtag(task));
    return c.json(task, 200);
  }, refuseInvalidFields)
  .openapi(routes.step, async (c) => {
    const task = await tasksService.step(featureContext(c), idOf(c, 'id'), recordIfMatch(c), c.req.valid('json'));
    c.header('ETag', taskEtag(task));
    return c.json(task, 200);
  }, refuseInvalidFields)
  .openapi(routes.remove, async (c) => c.json(await tasksService.remove(featureContext(c), idOf(c, 'id'), recordIfMatch(c)), 200));
