import { imports, type Database } from '@cuntu/db';
import { issueText, STATISTICS_FIGURES, VILLAGE_STATISTICS_SCHEMA, type Principal, type StatisticsFigure, type VillageStatisticsInput } from '@cuntu/domain';
import { inEveryLocale, LOCALES } from '@cuntu/messages';
import type { SourceTable } from '@cuntu/geo-io';
import { columnNamed, rowReport, type RowProblem } from '../imports/field-mapping';
import { createVillageMatcher, knownVillages, missText } from './village-matcher';
import { createVillageStatisticsRepo, toStatistics } from './village-statistics.repo';
import { mergedFigures, yearProblem } from './village-statistics.service';

/** What identifies a ledger row's village and year, besides the figures. */
const KEY_COLUMNS = ['villageCode', 'villageName', 'townName', 'year'] as const;

/** The ledger's column for each figure and key, found by the names counties use (a two-row header reads 建档立卡贫困户 户数). */
export function ledgerMapping(fields: string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const property of [...KEY_COLUMNS, ...STATISTICS_FIGURES]) {
    const found = columnNamed(property, fields.filter((f) => !Object.values(mapping).includes(f)));
    if (found) mapping[property] = found;
  }
  return mapping;
}

/** A ledger cell as a whole number: numbers stored as text, thousands separators and full-width digits read; blank is unknown. */
function wholeNumber(raw: unknown): { value: number | null } | { problem: true } {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return { value: null };
  const n = typeof raw === 'number' ? raw : Number(String(raw).normalize('NFKC').replace(/[,\s]/g, ''));
  return Number.isFinite(n) ? { value: n } : { problem: true };
}


export interface LedgerRow {
  row: number;
  villageCode: string;
  year: number;
  figures: VillageStatisticsInput;
  /** The village has figures for that year already: the import updates them. */
  existing: boolean;
}

/**
 * Checks every row of a statistics ledger without writing: its village (by code, else by name), its
 * year (a column, else the year asked for; never after the as-of year), each figure a whole number,
 * the figures against each other as they would be stored (over the year's figures already kept), and
 * no village and year twice. Returns the report's counts and problems, and the rows ready to write.
 */
export async function checkLedger(database: Database, source: SourceTable, mapping: Record<string, string>, defaultYear: number, asOf: string) {
  const matcher = createVillageMatcher(await knownVillages(database));
  const problems: RowProblem[] = [];
  const candidates: Array<Omit<LedgerRow, 'existing'>> = [];
  const seen = new Map<string, number>();
  const cell = (values: Record<string, unknown>, property: string) => (mapping[property] ? values[mapping[property]] : undefined);
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v).trim() || null);

  for (const { row, properties } of source.features) {
    const before = problems.length;
    const found = matcher.match(text(cell(properties, 'villageCode')), text(cell(properties, 'villageName')), text(cell(properties, 'townName')));
    if ('problem' in found) problems.push({ row, field: found.problem === 'unknown_code' ? 'villageCode' : 'villageName', problem: missText(found) });
    const yearCell = wholeNumber(cell(properties, 'year'));
    const year = 'value' in yearCell && yearCell.value !== null ? yearCell.value : defaultYear;
    const wrongYear = 'problem' in yearCell ? { key: 'validation.wholeNumber', params: {} } : yearProblem(year, asOf);
    if (wrongYear) problems.push({ row, field: 'year', problem: inEveryLocale(wrongYear.key, wrongYear.params) });
    const figures: VillageStatisticsInput = {};
    for (const figure of STATISTICS_FIGURES) {
      if (!mapping[figure]) continue;
      const n = wholeNumber(properties[mapping[figure]]);
      if ('problem' in n || (n.value !== null && (!Number.isInteger(n.value) || n.value < 0))) {
        problems.push({ row, field: figure, problem: inEveryLocale('statistics.notACount', { value: String(properties[mapping[figure]]) }) });
      } else figures[figure] = n.value;
    }
    if ('village' in found) {
      const key = `${found.village.code}/${year}`;
      const first = seen.get(key);
      if (first !== undefined) problems.push({ row, field: 'villageCode', problem: inEveryLocale('statistics.duplicateRow', { first, village: found.village.name, year }) });
      else seen.set(key, row);
      if (problems.length === before) candidates.push({ row, villageCode: found.village.code, year, figures });
    }
  }

  // Contradictions are judged on what would be stored: the ledger's figures over those kept for the year.
  const stored = await createVillageStatisticsRepo(database.db).ofYears([...new Set(candidates.map((c) => c.villageCode))], [...new Set(candidates.map((c) => c.year))]);
  const ready: LedgerRow[] = [];
  for (const candidate of candidates) {
    const kept = stored.get(`${candidate.villageCode}/${candidate.year}`);
    const figures = mergedFigures(toStatistics({ code: candidate.villageCode, name: '' }, candidate.year, kept), candidate.figures);
    const parsed = VILLAGE_STATISTICS_SCHEMA.safeParse(figures);
    if (parsed.success) ready.push({ ...candidate, existing: kept !== undefined });
    else {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'figures');
        problems.push({ row: candidate.row, field, problem: LOCALES.map((locale) => issueText(issue, figures[field as StatisticsFigure], locale)).join(' / ') });
      }
    }
  }
  const updates = ready.filter((r) => r.existing).length;
  return { ...rowReport(source.features.length, problems, { creates: ready.length - updates, updates }), ready };
}

/**
 * Writes a checked ledger all or nothing, in one transaction: the import record, each village's year
 * (the ledger's figures over those kept), and an audit entry per row naming the import.
 */
export async function commitLedger(database: Database, rows: LedgerRow[], meta: { user: Principal; fileName: string; format: string; options: unknown }) {
  return database.db.transaction(async (tx) => {
    const [record] = await tx.insert(imports).values({
      layer: 'village_statistics', userId: meta.user.id || null, username: meta.user.username, fileName: meta.fileName, format: meta.format,
      options: meta.options as object, created: rows.filter((r) => !r.existing).length, updated: rows.filter((r) => r.existing).length,
    }).returning({ id: imports.id });
    const repo = createVillageStatisticsRepo(tx as never);
    for (const r of rows) {
      const village = (await repo.village(r.villageCode))!;
      const kept = await repo.ofYear(r.villageCode, r.year, true);
      const before = toStatistics(village, r.year, kept);
      const after = toStatistics(village, r.year, await repo.write(r.villageCode, r.year, kept, mergedFigures(before, r.figures), meta.user.username));
      await repo.audit({ userId: meta.user.id, username: meta.user.username, villageCode: r.villageCode, action: 'import', importId: record.id, before, after });
    }
    return { importId: record.id };
  });
}
