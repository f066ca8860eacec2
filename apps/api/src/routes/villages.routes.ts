import type { Context } from 'hono';
import { villagesApi, XLSX_TYPE } from '@cuntu/api-contract';
import { checksAsOf, statisticsYearOf } from '@cuntu/checks';
import { canWriteLayer, fieldLabel, regionLevelOf, STATISTICS_FIGURES, type VillageStatistics } from '@cuntu/domain';
import { writeTableXlsx } from '@cuntu/geo-io';
import { message, negotiateLocale } from '@cuntu/messages';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { assertAreaInRegion, assertInRegion, regionOf } from '../auth/region';
import { activeProfile } from '../features/features.service';
import { expectedVersion } from '../features/request-parsing';
import { attachment, readFileOrRefuse } from '../imports/read-file';
import { servicesEtag, villageServicesService } from '../villages/village-services.service';
import { assertCanWriteStatistics, statisticsEtag, villageStatisticsService } from '../villages/village-statistics.service';
import { createVillageStatisticsRepo } from '../villages/village-statistics.repo';
import { checkLedger, commitLedger, ledgerMapping } from '../villages/statistics-import';
import { featureContext } from './features.routes';
import { contractRouter, refuseInvalidFields } from './contract-routes';
import { uploadLimit } from './imports.routes';

const INCIDENCE_RULE = 'village.incidence';

/**
 * The town or county a statistics view covers: one of the two is needed, inside the user's region
 * (a town's user asking for their county gets their town).
 */
async function areaOf(c: Context<AppEnv>, query: { town?: string; county?: string }): Promise<{ townCode?: string; countyCode?: string }> {
  if (!query.town && !query.county) throw new ApiError(400, 'invalid_query', { key: 'statisticsTable.areaRequired' }, [{ field: 'town', problem: 'town or county' }]);
  await assertAreaInRegion(c.get('database'), c.get('user'), query.town, query.county);
  const region = regionOf(c.get('user'));
  if (!query.town && region !== null && regionLevelOf(region) === 'town') return { townCode: region };
  return { townCode: query.town, countyCode: query.county };
}

/** The village a path names, inside the user's region. */
async function codeParam(c: Context<AppEnv>): Promise<string> {
  const code = c.req.param('code') ?? '';
  if (!/^\d{12}$/.test(code)) throw new ApiError(404, 'village_not_found', `A village code has 12 digits, not "${code}"`);
  await assertInRegion(c.get('database'), c.get('user'), code);
  return code;
}

/** The statistics table as a workbook, in the reader's language: the sheet a county hands to evaluators, and imports back. */
function statisticsWorkbook(locale: 'zh-CN' | 'en', year: number, rows: Array<VillageStatistics & { townName: string; incidence: { verdict: string; reasonZh: string | null; reasonEn: string | null } | null }>) {
  const header = [
    ...['villageCode', 'villageName', 'townName'].map((f) => message(locale, `statisticsTable.${f}`)),
    ...['year', ...STATISTICS_FIGURES, 'incidencePct'].map((f) => fieldLabel(f, locale)),
    message(locale, 'statisticsTable.verdict'), message(locale, 'statisticsTable.reason'),
  ];
  const body = rows.map((r) => [
    r.villageCode, r.villageName, r.townName, year, ...STATISTICS_FIGURES.map((f) => r[f]), r.incidencePct,
    r.incidence ? message(locale, `verdict.${r.incidence.verdict}`) : null, (locale === 'en' ? r.incidence?.reasonEn : r.incidence?.reasonZh) ?? null,
  ]);
  return writeTableXlsx(header, body, `${year}`);
}

/**
 * A village's power, radio / TV and broadband, and its statistics by year (households, people, poor
 * households) — read, written with an ETag, imported from a ledger, exported as a workbook.
 */
export const villagesRoutes = contractRouter()
  .openapi(villagesApi.routes.services, async (c) => {
    const services = await villageServicesService.get(featureContext(c), await codeParam(c));
    c.header('ETag', servicesEtag(services));
    return c.json(services, 200);
  })
  .openapi(villagesApi.routes.updateServices, async (c) => {
    const code = await codeParam(c);
    const version = expectedVersion(c);
    const result = await villageServicesService.update(featureContext(c), code, version, c.req.valid('json'));
    c.header('ETag', servicesEtag(result.services));
    return c.json(result, 200);
  }, refuseInvalidFields)
  .openapi(villagesApi.routes.statisticsTable, async (c) => {
    const { town, county, year: asked, format } = c.req.valid('query');
    const area = await areaOf(c, { town, county });
    const database = c.get('database');
    const asOf = await checksAsOf(database);
    const year = asked ?? statisticsYearOf(asOf);
    const profile = await activeProfile(featureContext(c));
    const villages = await createVillageStatisticsRepo(database.db).table(area, year, profile.id, INCIDENCE_RULE);
    if (format === 'xlsx') {
      const locale = negotiateLocale(c.req.header('accept-language'));
      c.header('Content-Type', XLSX_TYPE);
      c.header('Content-Disposition', attachment(`${message(locale, 'statisticsTable.fileName')}-${town ?? county}-${year}.xlsx`));
      return c.body(statisticsWorkbook(locale, year, villages) as Uint8Array<ArrayBuffer>, 200);
    }
    const user = c.get('user');
    const editable = !!user && canWriteLayer(user, 'villages') && year <= statisticsYearOf(asOf);
    return c.json({ year, asOf, editable, villages: villages as Array<(typeof villages)[number] & { incidence: { verdict: 'pass' | 'fail' | 'unknown' } | null }> }, 200);
  })
  .openapi(villagesApi.routes.statisticsTrend, async (c) => {
    const area = await areaOf(c, c.req.valid('query'));
    const database = c.get('database');
    return c.json({ asOf: await checksAsOf(database), years: await createVillageStatisticsRepo(database.db).trend(area) }, 200);
  })
  .openapi({ ...villagesApi.routes.importStatistics, middleware: uploadLimit }, async (c) => {
    const ctx = featureContext(c);
    const user = assertCanWriteStatistics(ctx);
    const query = c.req.valid('query');
    const fileName = query.fileName?.slice(0, 200) || 'ledger.xlsx';
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const source = await readFileOrRefuse(fileName, bytes, { encoding: query.encoding, delimiter: query.delimiter, sheet: query.sheet, location: 'optional', limits: { maxFeatures: c.get('settings').importMaxFeatures } });
    if (source.format !== 'xlsx' && source.format !== 'csv') throw new ApiError(415, 'not_a_ledger', { key: 'statisticsTable.notALedger' });
    const mapping = ledgerMapping(source.fields);
    if (!mapping.villageCode && !mapping.villageName) {
      throw new ApiError(422, 'no_village_column', { key: 'statisticsTable.noVillageColumn', params: { columns: source.fields.join('、') } });
    }
    if (!STATISTICS_FIGURES.some((f) => mapping[f])) throw new ApiError(422, 'no_figure_columns', { key: 'statisticsTable.noFigureColumns', params: { columns: source.fields.join('、') } });
    const asOf = await checksAsOf(ctx.database);
    const asOfYear = statisticsYearOf(asOf);
    const report = await checkLedger(ctx.database, source, mapping, query.year ?? asOfYear, asOf);
    const { ready, ...counts } = report;
    const view = { sheet: source.sheet ?? null, mapping, notes: source.notes, ...counts, rechecked: 0 };
    if (query.commit !== 'true') return c.json({ committed: false, ...view }, 200);
    await assertAreaInRegion(ctx.database, user, ...ready.map((r) => r.villageCode));
    if (report.invalid > 0) throw new ApiError(422, 'invalid_rows', { key: 'statisticsTable.invalidRows', params: { n: report.invalid } }, report.problems);
    await commitLedger(ctx.database, ready, { user, fileName, format: source.format, options: { sheet: source.sheet?.name, year: query.year, mapping } });
    const judged = [...new Set(ready.filter((r) => r.year === asOfYear).map((r) => r.villageCode))];
    if (judged.length) await villageStatisticsService.recheckVillages(ctx, judged);
    return c.json({ committed: true, ...view, rechecked: judged.length }, 200);
  })
  .openapi(villagesApi.routes.statisticsHistory, async (c) => c.json(await villageStatisticsService.history(featureContext(c), await codeParam(c)), 200))
  .openapi(villagesApi.routes.statistics, async (c) => {
    const statistics = await villageStatisticsService.get(featureContext(c), await codeParam(c), Number(c.req.valid('param').year));
    c.header('ETag', statisticsEtag(statistics));
    return c.json(statistics, 200);
  })
  .openapi(villagesApi.routes.updateStatistics, async (c) => {
    const code = await codeParam(c);
    const version = expectedVersion(c);
    const result = await villageStatisticsService.update(featureContext(c), code, Number(c.req.valid('param').year), version, c.req.valid('json'));
    c.header('ETag', statisticsEtag(result.statistics));
    return c.json(result, 200);
  }, refuseInvalidFields);
