import { LAYER_TABLES, propertyColumns } from '@cuntu/db';
import { FIXED_VALUE_PREFIX } from '@cuntu/api-contract';
import { APPROXIMATE_LOCATION, fieldLabel, headerAliases, LAYER_PROPERTY_SCHEMAS, looseText, PERSONAL_DATA_FIELDS, propertyOptions, valueAlias, valueLabel, type LayerId } from '@cuntu/domain';
import { LOCALES } from '@cuntu/messages';
import { shapefileFieldNames } from '@cuntu/geo-io';

/** Layer property → source column. */
export type FieldMapping = Record<string, string>;

export interface RowProblem {
  row: number;
  field: string;
  problem: string;
}

/** A dry run's counts over `total` rows: a row with any problem is invalid; the problems in row order. */
export function rowReport(total: number, problems: RowProblem[], counts: { creates: number; updates: number }) {
  problems.sort((a, b) => a.row - b.row);
  const invalid = new Set(problems.map((p) => p.row)).size;
  return { total, valid: total - invalid, invalid, ...counts, problems };
}

/** The properties an import can fill: the layer's editable ones, personal data only for those who may write it. */
export function importableProperties(layer: LayerId, personalData: boolean): string[] {
  // Whether a position is approximate is the import's to say (rows placed by their village), not a column's.
  return Object.keys(LAYER_PROPERTY_SCHEMAS[layer].shape)
    .filter((p) => p !== APPROXIMATE_LOCATION && (personalData || !(PERSONAL_DATA_FIELDS as readonly string[]).includes(p)));
}

/** The property that identifies a feature across imports: the division code, else the external id. */
export const importKeyProperty = (layer: LayerId): 'code' | 'externalId' => (LAYER_TABLES[layer].idKind === 'code' ? 'code' : 'externalId');

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Which source column fills each property, guessed by name: the same name in any case, snake_case,
 * the DBF short name our shapefile export gives it, for the key also `id` / `external_id`, and the
 * headers county files use for this layer's property (a village file's 村代码 for the villages' code).
 */
export function suggestMapping(layer: LayerId, fields: string[], personalData: boolean): FieldMapping {
  const properties = importableProperties(layer, personalData);
  const shortNames = shapefileFieldNames(Object.keys(LAYER_PROPERTY_SCHEMAS[layer].shape));
  const allProperties = Object.keys(LAYER_PROPERTY_SCHEMAS[layer].shape);
  const mapping: FieldMapping = {};
  for (const property of properties) {
    const extra = [
      shortNames[allProperties.indexOf(property)], ...(property === importKeyProperty(layer) ? ['id', 'fid', 'external_id', '编号'] : []),
      ...headerAliases(`${layer}.${property}`),
    ];
    const found = columnNamed(property, fields, extra);
    if (found && !Object.values(mapping).includes(found)) mapping[property] = found;
  }
  return mapping;
}

/**
 * The column of a file that holds a property, by its name: its own, snake_case, its Chinese and English
 * labels with and without the unit (供水保证率（%）, 供水保证率), `extra` names, then the headers county
 * files use for it (路面, 宽度). The first name any column answers to wins (`externalId` before a bare `id`).
 */
export function columnNamed(property: string, fields: string[], extra: Array<string | undefined> = []): string | undefined {
  const labels = LOCALES.map((locale) => fieldLabel(property, locale)).flatMap((l) => [l, l.replace(/[（(].*[)）]\s*$/, '').trim()]);
  const candidates = [property, snake(property), ...labels, ...extra.filter((e): e is string => !!e), ...headerAliases(property)];
  return candidates.map(looseText).map((wanted) => fields.find((f) => looseText(f) === wanted)).find((f) => f !== undefined);
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', '是', '有', '√']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0', '否', '无', '×']);

/**
 * A stored enum code for a value given as the code, as its name in either language (沥青 → asphalt,
 * C级 → C: spaces and case aside), or as a ledger's word for it (水泥 → cement_concrete).
 */
function enumCode(property: string, values: readonly string[], raw: string): string {
  if (values.includes(raw)) return raw;
  const wanted = looseText(raw);
  return values.find((v) => looseText(v) === wanted || LOCALES.some((locale) => looseText(valueLabel(property, v, locale)) === wanted))
    ?? valueAlias(property, raw, values) ?? raw;
}

/**
 * Turns one source row into layer properties by the mapping, converting text to the column's type
 * (numbers, yes/no in Chinese or English, lists split on commas, enum names in Chinese to codes).
 * Values that cannot be converted become problems for that field; the zod schema judges the rest. A
 * mapping value starting with `=` is a fixed value for every row (a column the file lacks).
 */
export function mapRow(layer: LayerId, row: number, source: Record<string, unknown>, mapping: FieldMapping): { values: Record<string, unknown>; problems: RowProblem[] } {
  const columns = propertyColumns(layer);
  const values: Record<string, unknown> = {};
  const problems: RowProblem[] = [];
  for (const [property, field] of Object.entries(mapping)) {
    const raw = field.startsWith(FIXED_VALUE_PREFIX) ? field.slice(FIXED_VALUE_PREFIX.length) : source[field];
    const text = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw.trim() : raw;
    if (text === '') {
      values[property] = null;
      continue;
    }
    const column = columns[property];
    const options = propertyOptions(layer, property);
    if (column.dataType === 'number') {
      const n = typeof text === 'number' ? text : Number(String(text).replace(/,/g, ''));
      if (Number.isFinite(n)) values[property] = n;
      else problems.push({ row, field: property, problem: `「${String(raw)}」不是数字 / "${String(raw)}" is not a number` });
    } else if (column.dataType === 'boolean') {
      const word = String(text).toLowerCase();
      if (typeof text === 'boolean') values[property] = text;
      else if (TRUE_WORDS.has(word)) values[property] = true;
      else if (FALSE_WORDS.has(word)) values[property] = false;
      else problems.push({ row, field: property, problem: `「${String(raw)}」不是“是/否” / "${String(raw)}" is not yes or no` });
    } else if (column.dataType === 'array') {
      const items = Array.isArray(text) ? text.map(String) : String(text).split(/[,;，；、]/).map((s) => s.trim()).filter(Boolean);
      values[property] = options ? items.map((i) => enumCode(property, options, i)) : items;
    } else {
      // Numbers become text as they are: a DBF's numeric 150525100200 is the village code "150525100200".
      const value = String(text);
      values[property] = options ? enumCode(property, options, value) : value;
    }
  }
  return { values, problems };
}
