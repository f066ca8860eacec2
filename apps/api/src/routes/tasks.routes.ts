import { tasksApi, XLSX_TYPE } from '@cuntu/api-contract';
import { message, negotiateLocale } from '@cuntu/messages';
import { tasksService, taskEtag } from '../rectification/tasks.service';
import { ledgerLayout, ledgerWorkbook } from '../rectification/ledger';
import { checksAsOf } from '@cuntu/checks';
import { getSampleMeta } from '@cuntu/sample-data';
import { activeProfile } from '../features/features.service';
import { regionName } from '../auth/region';
import { pdfAnswer } from './pdf-answer';
import { attachment } from '../imports/read-file';
import { featureContext } from './features.routes';
import { contractRouter, refuseInvalidFields } from './contract-routes';
import { idOf, recordIfMatch } from './record-params';

const { routes } = tasksApi;

/** 整改任务: the list, the map's points and the ledger; setting tasks, their steps, the leaders' figures and the bell. */
export const tasksRoutes = contractRouter()
  .openapi(routes.list, async (c) => {
    const { format, limit, offset, mine, rule, lang, ...q } = c.req.valid('query');
    const ctx = featureContext(c);
    const filter = { ...q, ruleId: rule, assigneeId: mine ? ctx.user?.id : undefined };
    if (format === 'json') return c.json(await tasksService.list(ctx, filter, { limit, offset }), 200);
    const tasks = await tasksService.ledger(ctx, filter);
    if (format === 'geojson') {
      const features = tasks.filter((t) => t.location).map(({ location, ...properties }) => ({ type: 'Feature' as const, id: properties.id, geometry: location, properties }));
      c.header('Content-Type', 'application/geo+json');
      return c.body(JSON.stringify({ type: 'FeatureCollection', features }), 200);
    }
    // The ledger, in the language the link names (a download sends the browser's, not the page's).
    const locale = negotiateLocale(lang ?? c.req.header('accept-language'));
    const place = q.village ?? q.town ?? q.county;
    const date = new Date().toISOString().slice(0, 10);
    if (format === 'xlsx') {
      c.header('Content-Type', XLSX_TYPE);
      c.header('Content-Disposition', attachment(`${[message(locale, 'ledger.fileName'), place, date].filter(Boolean).join('-')}.xlsx`));
      return c.body(ledgerWorkbook(tasks, locale) as Uint8Array<ArrayBuffer>, 200);
    }
    const database = c.get('database');
    const [profile, asOf, sample, area] = await Promise.all([activeProfile(ctx), checksAsOf(database), getSampleMeta(database), place ? regionName(database, place) : null]);
    const title = message(locale, 'ledger.pdfTitle');
    const subtitle = message(locale, 'ledger.pdfSubtitle', { area: area ?? message(locale, 'ledger.allAreas'), n: tasks.length, done: tasks.filter((t) => t.state === 'closed').length });
    const layout = ledgerLayout(tasks, locale, {
      title, subtitle, date, asOf, sampleNote: sample ? message(locale, 'common.sampleNote') : null,
      profile: `${locale === 'zh-CN' ? profile.nameZh : profile.nameEn} (${profile.key} v${profile.version})`,
    });
    return pdfAnswer(c, layout, {}, { title, subject: subtitle }, `${[message(locale, 'ledger.fileName'), area, date].filter(Boolean).join('-')}.pdf`);
  })
  .openapi(routes.summary, async (c) => c.json(await tasksService.summary(featureContext(c), c.req.valid('query')), 200))
  .openapi(routes.notices, async (c) => c.json(await tasksService.notices(featureContext(c), c.req.valid('query').limit), 200))
  .openapi(routes.people, async (c) => c.json({ people: await tasksService.people(featureContext(c), c.req.valid('query').team) }, 200))
  .openapi(routes.readNotices, async (c) => {
    return c.json({ unread: await tasksService.markRead(featureContext(c), c.req.valid('json').ids ?? null) }, 200);
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
