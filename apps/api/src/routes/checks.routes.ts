import { checksApi, XLSX_TYPE } from '@cuntu/api-contract';
import type { Context } from 'hono';
import { childLevelOf, createResultsRepo, runChecks, type LayerSelection } from '@cuntu/checks';
import { propertyColumns } from '@cuntu/db';
import { LAYER_IDS, PERSONAL_DATA_FIELDS, REGION_LEVELS, RULE_SUBJECTS, canSeePersonalData, regionAt, regionCovers, regionLevelOf, verdictSubjectOf } from '@cuntu/domain';
import { writeTableXlsx } from '@cuntu/geo-io';
import { message, negotiateLocale, type Locale } from '@cuntu/messages';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { layerParam } from '../features/request-parsing';
import { attachment } from '../imports/read-file';
import { contractRouter } from './contract-routes';
import { requireEditorOrAdmin } from '../auth/roles';
import { resolveProfile } from './profile-param';
import { cachedSummary, stampedEtag } from '../checks/summary-cache';
import { createRegionsRepo } from '../repos/regions.repo';
import { assertAreaInRegion, assertInRegion, countiesOf, outsideRegion, regionOf } from '../auth/region';

const { routes } = checksApi;

/** The most verdicts one workbook holds; narrow the filter for more. */
const WORKBOOK_MAX_ROWS = 200_000;

/** A stored value as a cell: numbers as numbers, compound measurements as their JSON. */
const cell = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v));

/** The verdicts as the workbook counties hand to evaluators, in the reader's language. */
function checkResultsWorkbook(locale: Locale, rows: Awaited<ReturnType<ReturnType<typeof createResultsRepo>['resultsTable']>>['rows']) {
  const header = ['townName', 'villageCode', 'villageName', 'subject', 'subjectId', 'rule', 'verdict', 'measured', 'threshold', 'reason'].map((k) => message(locale, `checkResults.${k}`));
  const subjectLabel = (type: string) => {
    // The layer whose features are that subject (not one that only carries its verdicts, as a clinic its village's).
    const layer = LAYER_IDS.find((id) => verdictSubjectOf(id)?.subject === type && verdictSubjectOf(id)?.rules === null);
    return layer ? message(locale, `layer.${layer}`) : type;
  };
  const body = rows.map((r) => [
    r.townName, r.villageCode, r.villageName, subjectLabel(r.subjectType), r.subjectId, message(locale, `rule.${r.ruleId}.title`, {}, r.ruleId),
    message(locale, `verdict.${r.verdict}`), cell(r.measured), cell(r.threshold), locale === 'en' ? r.reasonEn : r.reasonZh,
  ]);
  return writeTableXlsx(header, body, message(locale, 'checkResults.sheet'));
}

/** Of two overlapping regions (null: everywhere), the one inside the other. */
const narrowest = (a: string | null, b: string | undefined): string | null => (b === undefined || regionCovers(b, a) ? a : b);

/** Check runs and their results: summaries, verdict sheets, verdicts as map features. */
export const checksRoutes = contractRouter()
  .openapi(routes.run, async (c) => {
    const user = requireEditorOrAdmin(c);
    const body = c.req.valid('json');
    const database = c.get('database');
    if (body.profileId) await resolveProfile(c, body.profileId);
    // Within the user's region: the counties and villages named there, else its counties.
    await assertAreaInRegion(database, user, ...(body.countyCodes ?? []), ...(body.villageCodes ?? []));
    const countyCodes = body.countyCodes ?? (body.villageCodes ? undefined : await countiesOf(database, user));
    return c.json(await runChecks(database, { ...body, countyCodes }), 201);
  })
  .openapi(routes.summary, async (c) => {
    const q = c.req.valid('query');
    const profile = await resolveProfile(c, q.profile);
    const database = c.get('database');
    const region = regionOf(c.get('user'));
    await assertAreaInRegion(database, c.get('user'), q.county, q.town, q.region);
    // Served from the stored results once per data revision: many viewers, one computation; unchanged data, a 304.
    const etag = await stampedEtag(c, 's', [profile.id, profile.version, q.county, q.town, q.bbox, region, q.region]);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    const summary = await cachedSummary(database, etag, async () => {
      const villageCodes = q.bbox ? await createRegionsRepo(database).villageCodesIn(q.bbox) : undefined;
      return createResultsRepo(database).summary({ profileId: profile.id, countyCode: q.county, townCode: q.town, villageCodes, region: narrowest(region, q.region) });
    });
    return c.json({ profile: { id: profile.id, key: profile.key, version: profile.version, nameZh: profile.nameZh, nameEn: profile.nameEn }, area: { county: q.county ?? null, town: q.town ?? null, bbox: q.bbox ?? null, region: q.region ?? null }, ...summary }, 200);
  })
  .openapi(routes.rollup, async (c) => {
    const q = c.req.valid('query');
    const database = c.get('database');
    const regions = createRegionsRepo(database);
    // The top the reader may see: their region, else the smallest holding the whole deployment.
    const top = regionOf(c.get('user')) ?? (await regions.deploymentRegion());
    const region = q.region ?? top;
    if (region !== null && !regionCovers(top, region)) {
      if (regionOf(c.get('user')) !== null) throw await outsideRegion(database, top!);
      throw new ApiError(404, 'region_not_found', { key: 'error.regionUnknown', params: { code: region } });
    }
    if (region !== null && regionLevelOf(region) === 'village') throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, [{ field: 'region', problem: 'a village has no regions below it' }]);
    const profile = await resolveProfile(c, q.profile);
    const etag = await stampedEtag(c, 'r', [profile.id, profile.version, region]);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    const children = await cachedSummary(database, etag, () => createResultsRepo(database).rollup(profile.id, region));
    // The way down from the top to this region, for a breadcrumb.
    const depth = (code: string) => REGION_LEVELS.indexOf(regionLevelOf(code));
    const path = region === null ? [] : REGION_LEVELS.slice(top === null ? 0 : depth(top), depth(region) + 1).map((level) => regionAt(region, level));
    const names = await regions.namesOf(path);
    const named = (code: string) => ({ code, level: regionLevelOf(code), name: names.get(code) ?? null });
    return c.json({
      profile: { id: profile.id, key: profile.key, version: profile.version },
      region: region === null ? null : named(region),
      path: path.map(named),
      children: children.map((child) => ({ ...child, level: childLevelOf(region)! })),
    }, 200);
  })
  .openapi(routes.village, async (c) => {
    const code = c.req.param('code');
    if (!/^\d{12}$/.test(code)) throw new ApiError(400, 'invalid_code', 'A village code has 12 digits');
    // Outside the reader's region: refused, whether or not such a village exists.
    await assertInRegion(c.get('database'), c.get('user'), code);
    const profile = await resolveProfile(c, c.req.valid('query').profile);
    const database = c.get('database');
    // As the summary: once per data revision, however many ask; unchanged, a 304.
    const etag = await stampedEtag(c, 'v', [profile.id, profile.version, code]);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    const sheet = await cachedSummary(database, etag, () => createResultsRepo(database).villageSheet(profile.id, code));
    if (sheet.verdicts.length === 0) throw new ApiError(404, 'no_results', `No check results for village ${code} under profile ${profile.key} v${profile.version}`);
    return c.json({ village: code, profile: { id: profile.id, key: profile.key, version: profile.version }, ...sheet }, 200);
  })
  .openapi(routes.subject, async (c) => {
    const type = c.req.param('type');
    if (!(RULE_SUBJECTS as readonly string[]).includes(type)) throw new ApiError(404, 'unknown_subject_type', `Subject types: ${RULE_SUBJECTS.join(', ')}`);
    const profile = await resolveProfile(c, c.req.valid('query').profile);
    const repo = createResultsRepo(c.get('database'));
    const verdicts = await repo.subjectVerdicts(profile.id, type, c.req.param('id'));
    if (verdicts.length === 0) throw new ApiError(404, 'no_results', `No check results for ${type} ${c.req.param('id')}`);
    await assertInRegion(c.get('database'), c.get('user'), await repo.placeOf(profile.id, type, c.req.param('id')));
    return c.json({ subjectType: type, subjectId: c.req.param('id'), profile: { id: profile.id, key: profile.key, version: profile.version }, verdicts }, 200);
  })
  .openapi(routes.results, async (c) => {
    const q = c.req.valid('query');
    const profile = await resolveProfile(c, q.profile);
    await assertAreaInRegion(c.get('database'), c.get('user'), q.county, q.town, q.region);
    const filter = { profileId: profile.id, countyCode: q.county, townCode: q.town, subjectType: q.subject, ruleId: q.rule, verdict: q.verdict, region: narrowest(regionOf(c.get('user')), q.region) };
    const repo = createResultsRepo(c.get('database'));
    if (q.format === 'json') return c.json(await repo.resultsTable(filter, { limit: q.limit, offset: q.offset }), 200);
    const { total, rows } = await repo.resultsTable(filter, { limit: WORKBOOK_MAX_ROWS, offset: 0 });
    if (total > WORKBOOK_MAX_ROWS) throw new ApiError(413, 'too_many_rows', { key: 'checkResults.tooMany', params: { n: total, max: WORKBOOK_MAX_ROWS } });
    const locale = negotiateLocale(c.req.header('accept-language'));
    c.header('Content-Type', XLSX_TYPE);
    c.header('Content-Disposition', attachment(`${message(locale, 'checkResults.fileName')}-${q.town ?? q.county ?? q.region ?? 'all'}-${profile.key}.xlsx`));
    return c.body(checkResultsWorkbook(locale, rows) as Uint8Array<ArrayBuffer>, 200);
  })
  .openapi(routes.layer, async (c) => {
    const layer = layerParam(c);
    const q = c.req.valid('query');
    const profile = await resolveProfile(c, q.profile);
    const selection = await layerSelection(c, q);
    return c.json(await createResultsRepo(c.get('database')).layerWithVerdicts(profile.id, layer, selection, q.limit), 200);
  })
  .openapi(routes.layerCounts, async (c) => {
    const layer = layerParam(c);
    const q = c.req.valid('query');
    const profile = await resolveProfile(c, q.profile);
    const selection = await layerSelection(c, q);
    if ((q.property == null) !== (q.value == null)) throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, [{ field: 'property', problem: 'property and value go together' }]);
    if (q.property != null) {
      const column = propertyColumns(layer)[q.property];
      const hidden = !canSeePersonalData(c.get('user')) && (PERSONAL_DATA_FIELDS as readonly string[]).includes(q.property);
      if (!column || hidden) throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, [{ field: 'property', problem: `${layer} has no property "${q.property}"` }]);
      selection.property = { column, value: q.value! };
    }
    const database = c.get('database');
    // As the summary: counted once per data revision, however many maps ask; unchanged, a 304.
    const etag = await stampedEtag(c, 'l', [profile.id, profile.version, layer, selection.region, q.rule, q.verdict, q.bbox, q.property, q.value]);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    return c.json(await cachedSummary(database, etag, () => createResultsRepo(database).layerCounts(profile.id, layer, selection)), 200);
  });

/** The features a map filter keeps, within the reader's region: the county or town asked for, a rule's verdict, a box. */
async function layerSelection(c: Context<AppEnv>, q: { county?: string; town?: string; rule?: string; verdict?: string; bbox?: [number, number, number, number] }): Promise<LayerSelection> {
  if ((q.rule == null) !== (q.verdict == null)) throw new ApiError(400, 'invalid_query', 'rule and verdict go together');
  await assertAreaInRegion(c.get('database'), c.get('user'), q.county, q.town);
  return { region: narrowest(regionOf(c.get('user')), q.town ?? q.county), ruleId: q.rule, verdict: q.verdict, bbox: q.bbox };
}
