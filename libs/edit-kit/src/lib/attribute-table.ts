import { verdictSubjectOf, type LayerId } from '@cuntu/domain';
import type { Locale } from '@cuntu/messages';
import { rulesForLayer, type TeamLayerId } from '@cuntu/map-kit';
import { formFields, type FormField } from './form-fields';
import type { FeatureWriteApi } from './feature-editor';
import { refusalText } from './refusal';

type Verdict = 'pass' | 'fail' | 'unknown';
/** One feature as the attribute table holds it: its stored properties and, per rule, its verdict and reason. */
export interface TableRow {
  id: string | number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
  verdicts: Record<string, { verdict: Verdict; reasonZh: string | null; reasonEn: string | null }>;
}

/** A column: a property of the layer (from its schema, so in the form's order) or a rule's verdict. */
export type TableColumn = { key: string; kind: 'property'; field: FormField } | { key: string; kind: 'verdict'; rule: string };

/** What the table reads from the API client (the apps pass their `createApiClient()`). */
export interface TableReadApi {
  features(layer: LayerId, query: Record<string, string | number | undefined>): Promise<{ total: number; features: Array<{ id: string | number; geometry: TableRow['geometry']; properties: Record<string, unknown> }> }>;
  checksLayer(layer: string): Promise<{ features: Array<{ properties: Record<string, unknown> }> }>;
  checkResults(query: { subject?: string; limit?: number; offset?: number }): Promise<{ total: number; rows: Array<{ subjectId: string; ruleId: string; verdict: string; reasonZh: string | null; reasonEn: string | null }> }>;
  counties(): Promise<{ features: Array<{ properties: Record<string, unknown> }> }>;
  towns(): Promise<{ features: Array<{ properties: Record<string, unknown> }> }>;
  villages(): Promise<{ features: Array<{ properties: Record<string, unknown> }> }>;
}

const PAGE = 10_000;

/** Every page of a paged read, in order. */
async function allPages<T>(read: (offset: number) => Promise<{ total: number; items: T[] }>): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await read(offset);
    items.push(...page.items);
    if (page.items.length < PAGE || items.length >= page.total) return items;
  }
}

/**
 * A layer's rows for the table: every feature with the properties the user may see (the features API
 * leaves out household personal data for those who may not), its verdicts (the checks layer) and, for a
 * layer judged as its own subject, each verdict's reason (the results table).
 */
export async function loadTableRows(api: Pick<TableReadApi, 'features' | 'checksLayer' | 'checkResults'>, layer: TeamLayerId): Promise<TableRow[]> {
  const subject = verdictSubjectOf(layer);
  const rules = rulesForLayer(layer).map((r) => r.id);
  const [features, judged, reasons] = await Promise.all([
    allPages((offset) => api.features(layer, { limit: PAGE, offset }).then((p) => ({ total: p.total, items: p.features }))),
    rules.length ? api.checksLayer(layer).then((c) => c.features) : Promise.resolve([]),
    subject && subject.rules === null ? allPages((offset) => api.checkResults({ subject: subject.subject, limit: PAGE, offset }).then((p) => ({ total: p.total, items: p.rows }))) : Promise.resolve([]),
  ]);
  const verdictsOf = new Map(judged.map((f) => [String(f.properties.id), f.properties]));
  const reasonOf = new Map(reasons.map((r) => [`${r.subjectId}\u0000${r.ruleId}`, r]));
  return features.map((f) => {
    const judgedProps = verdictsOf.get(String(f.id)) ?? {};
    const verdicts: TableRow['verdicts'] = {};
    for (const rule of rules) {
      const verdict = judgedProps[rule];
      if (verdict !== 'pass' && verdict !== 'fail' && verdict !== 'unknown') continue;
      const reason = reasonOf.get(`${f.id}\u0000${rule}`);
      verdicts[rule] = { verdict, reasonZh: reason?.reasonZh ?? null, reasonEn: reason?.reasonEn ?? null };
    }
    return { id: f.id, geometry: f.geometry, properties: f.properties, verdicts };
  });
}

/** The table's columns: the layer's properties any row carries (personal data only when the API gave it), then its rules. */
export function tableColumns(layer: TeamLayerId, rows: TableRow[]): TableColumn[] {
  const present = new Set(rows.flatMap((r) => Object.keys(r.properties)));
  const properties = formFields(layer).filter((f) => present.has(f.name)).map((field): TableColumn => ({ key: field.name, kind: 'property', field }));
  return [...properties, ...rulesForLayer(layer).map((r): TableColumn => ({ key: `rule:${r.id}`, kind: 'verdict', rule: r.id }))];
}

/** A cell's value as stored (a verdict column: the verdict). */
export function cellValue(row: TableRow, column: TableColumn): unknown {
  return column.kind === 'verdict' ? row.verdicts[column.rule]?.verdict ?? null : row.properties[column.key] ?? null;
}

/** Whether a column is filtered by choosing a value (coded properties, yes / no, verdicts) rather than by typing. */
export function choicesOf(column: TableColumn): readonly string[] | null {
  if (column.kind === 'verdict') return ['pass', 'fail', 'unknown'];
  if (column.field.kind === 'boolean') return ['true', 'false'];
  return column.field.options;
}

const COMPARISON = /^\s*(<=|>=|<|>|=)?\s*(-?\d+(?:\.\d+)?)\s*$/;

/**
 * Whether a row passes one column's filter. A chosen value matches exactly (a list: when it holds it);
 * a number column takes a comparison (`>4.5`, `<=3`, `=0`, or a bare number); any other text is looked
 * for in what the cell shows (`shown`), ignoring case.
 */
export function matchesFilter(row: TableRow, column: TableColumn, filter: string, shown: (value: unknown) => string): boolean {
  if (filter === '') return true;
  const value = cellValue(row, column);
  if (choicesOf(column)) return Array.isArray(value) ? value.map(String).includes(filter) : String(value) === filter;
  const comparison = column.kind === 'property' && (column.field.kind === 'number' || column.field.kind === 'integer') ? COMPARISON.exec(filter) : null;
  if (comparison) {
    if (typeof value !== 'number') return false;
    const limit = Number(comparison[2]);
    switch (comparison[1]) {
      case '<': return value < limit;
      case '<=': return value <= limit;
      case '>': return value > limit;
      case '>=': return value >= limit;
      default: return value === limit;
    }
  }
  return shown(value).toLowerCase().includes(filter.trim().toLowerCase());
}

/** Rows passing every column's filter, sorted by one column (numbers as numbers, text in the page's collation; empty cells last). */
export function filterAndSort(rows: TableRow[], columns: TableColumn[], filters: Record<string, string>, sort: { key: string; descending: boolean } | null, shown: (value: unknown, column: TableColumn) => string, locale: Locale): TableRow[] {
  const active = columns.filter((c) => filters[c.key]);
  const kept = rows.filter((row) => active.every((c) => matchesFilter(row, c, filters[c.key], (v) => shown(v, c))));
  const column = sort && columns.find((c) => c.key === sort.key);
  if (!column) return kept;
  const collator = new Intl.Collator(locale, { numeric: true });
  const sign = sort.descending ? -1 : 1;
  return kept.map((row) => ({ row, value: cellValue(row, column) })).sort((a, b) => {
    const [x, y] = [a.value, b.value];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(shown(x, column), shown(y, column)));
  }).map((s) => s.row);
}

/** A sheet's cell: numbers stay numbers (a county office sums and filters them), everything else is what the table shows. */
export type SheetCell = string | number;

/**
 * The rows as a sheet: a header, then one line per row with what the table shows — each rule as its
 * verdict and its reason — so the file says what the screen said ("villages failing 通村, with why").
 */
export function tableSheet(rows: TableRow[], columns: TableColumn[], labels: { id: string; column: (c: TableColumn) => string; reason: (c: TableColumn) => string }, shown: (value: unknown, column: TableColumn) => string, locale: Locale): SheetCell[][] {
  const header = [labels.id, ...columns.flatMap((c) => (c.kind === 'verdict' ? [labels.column(c), labels.reason(c)] : [labels.column(c)]))];
  const body = rows.map((row) => [String(row.id), ...columns.flatMap((c): SheetCell[] => {
    const value = cellValue(row, c);
    if (typeof value === 'number') return [value];
    const text = value === null ? '' : shown(value, c);
    if (c.kind !== 'verdict') return [text];
    const v = row.verdicts[c.rule];
    return [text, (locale === 'zh-CN' ? v?.reasonZh : v?.reasonEn) ?? ''];
  })]);
  return [header, ...body];
}

/** A sheet as CSV Excel opens in Chinese (UTF-8 with a byte-order mark, CRLF, fields quoted where needed). */
export function sheetCsv(sheet: SheetCell[][]): string {
  const field = (cell: SheetCell) => {
    const s = String(cell);
    return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${sheet.map((line) => line.map(field).join(',')).join('\r\n')}\r\n`;
}

/** The rows as GeoJSON: their geometry, stored properties and one property per rule with the verdict. */
export function tableGeoJson(rows: TableRow[], layer: LayerId): string {
  return JSON.stringify({
    type: 'FeatureCollection', name: layer,
    features: rows.map((row) => ({
      type: 'Feature', id: row.id, geometry: row.geometry,
      properties: { ...row.properties, ...Object.fromEntries(Object.entries(row.verdicts).map(([rule, v]) => [rule, v.verdict])) },
    })),
  });
}

/** The sheet as an Excel workbook (the spreadsheet library is loaded only when a workbook is asked for). */
export async function sheetXlsx(sheet: SheetCell[][], name: string): Promise<Uint8Array> {
  const XLSX = await import('@e965/xlsx');
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(sheet), name.slice(0, 31));
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** How a bulk edit went: the features changed, and those refused with the API's reason. */
export interface BulkEditOutcome { changed: Array<string | number>; refused: Array<{ id: string | number; reason: string }> }

/**
 * Gives every selected feature the same values, one feature at a time as a user would: read its
 * version, change it with `If-Match` — so each is one audited change, undoable on its own, validated
 * and re-judged like a form's save. A refusal (a rule the value breaks, someone's edit meanwhile) is
 * kept with its reason and the others go on.
 */
export async function bulkEdit(api: Pick<FeatureWriteApi, 'feature' | 'updateFeature'>, layer: LayerId, ids: Array<string | number>, properties: Record<string, unknown>, onProgress: (done: number) => void = () => undefined): Promise<BulkEditOutcome> {
  const outcome: BulkEditOutcome = { changed: [], refused: [] };
  for (const id of ids) {
    try {
      const current = await api.feature(layer, id);
      await api.updateFeature(layer, id, current.properties.version as number, { properties });
      outcome.changed.push(id);
    } catch (e) {
      outcome.refused.push({ id, reason: refusalText(e) });
    }
    onProgress(outcome.changed.length + outcome.refused.length);
  }
  return outcome;
}
