import { createHash } from 'node:crypto';
import { checksApi } from '@cuntu/api-contract';
import { createResultsRepo, runChecks } from '@cuntu/checks';
import { LAYER_IDS, RULE_SUBJECTS, isLayerId } from '@cuntu/domain';
import { ApiError } from '../errors';
import { contractRouter } from './contract-routes';
import { requireEditorOrAdmin } from '../auth/roles';
import { resolveProfile } from './profile-param';
import { cachedSummary, summaryStamp } from '../checks/summary-cache';
import { createRegionsRepo } from '../repos/regions.repo';

const { routes } = checksApi;

/** Check runs and their results: summaries, verdict sheets, verdicts as map features. */
export const checksRoutes = contractRouter()
  .openapi(routes.run, async (c) => {
    requireEditorOrAdmin(c);
    const body = c.req.valid('json');
    if (body.profileId) await resolveProfile(c, body.profileId);
    return c.json(await runChecks(c.get('database'), body), 201);
  })
  .openapi(routes.summary, async (c) => {
    const q = c.req.valid('query');
    const profile = await resolveProfile(c, q.profile);
    const database = c.get('database');
    // Served from the stored results once per data revision: many viewers, one computation; unchanged data, a 304.
    const stamp = await summaryStamp(database);
    const etag = `"s${createHash('sha256').update(JSON.stringify([stamp, profile.id, profile.version, q.county, q.town, q.bbox])).digest('base64url').slice(0, 27)}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, no-cache');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    const summary = await cachedSummary(database, etag, async () => {
      const villageCodes = q.bbox ? await createRegionsRepo(database).villageCodesIn(q.bbox) : undefined;
      return createResultsRepo(database).summary({ profileId: profile.id, countyCode: q.county, townCode: q.town, villageCodes });
    });
    return c.json({ profile: { id: profile.id, key: profile.key, version: profile.version, nameZh: profile.nameZh, nameEn: profile.nameEn }, area: { county: q.county ?? null, town: q.town ?? null, bbox: q.bbox ?? null }, ...summary }, 200);
  })
  .openapi(routes.village, async (c) => {
    const code = c.req.param('code');
    if (!/^\d{12}$/.test(code)) throw new ApiError(400, 'invalid_code', 'A village code has 12 digits');
    const profile = await resolveProfile(c, c.req.valid('query').profile);
    const sheet = await createResultsRepo(c.get('database')).villageSheet(profile.id, code);
    if (sheet.verdicts.length === 0) throw new ApiError(404, 'no_results', `No check results for village ${code} under profile ${profile.key} v${profile.version}`);
    return c.json({ village: code, profile: { id: profile.id, key: profile.key, version: profile.version }, ...sheet }, 200);
  })
  .openapi(routes.subject, async (c) => {
    const type = c.req.param('type');
    if (!(RULE_SUBJECTS as readonly string[]).includes(type)) throw new ApiError(404, 'unknown_subject_type', `Subject types: ${RULE_SUBJECTS.join(', ')}`);
    const profile = await resolveProfile(c, c.req.valid('query').profile);
    const verdicts = await createResultsRepo(c.get('database')).subjectVerdicts(profile.id, type, c.req.param('id'));
    if (verdicts.length === 0) throw new ApiError(404, 'no_results', `No check results for ${type} ${c.req.param('id')}`);
    return c.json({ subjectType: type, subjectId: c.req.param('id'), profile: { id: profile.id, key: profile.key, version: profile.version }, verdicts }, 200);
  })
  .openapi(routes.layer, async (c) => {
    const layer = c.req.param('layer');
    if (!isLayerId(layer)) throw new ApiError(404, 'unknown_layer', `Layers: ${LAYER_IDS.join(', ')}`);
    const q = c.req.valid('query');
    if ((q.rule == null) !== (q.verdict == null)) throw new ApiError(400, 'invalid_query', 'rule and verdict go together');
    const profile = await resolveProfile(c, q.profile);
    return c.json(await createResultsRepo(c.get('database')).layerWithVerdicts(profile.id, layer, { countyCode: q.county, ruleId: q.rule, verdict: q.verdict }), 200);
  });
