import HEADERS from './header-aliases.json';
import VALUES from './value-aliases.json';

const headers = HEADERS as unknown as Record<string, readonly string[] | string>;
const values = VALUES as unknown as Record<string, Record<string, string> | string>;

/** The column headers county offices use for a property besides its catalogue names (`header-aliases.json`). */
export function headerAliases(property: string): readonly string[] {
  const found = headers[property];
  return Array.isArray(found) ? found : [];
}

/**
 * A county file's word or header compared loosely: full-width letters and digits as half-width, lower
 * case, Latin letters, digits and Chinese characters only (`C级` is `C 级` and `Ｃ级`; `Road class` is
 * `road_class`; `供水保证率（%）` is `供水保证率`).
 */
export const looseText = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^a-z0-9\u4e00-\u9fff]/g, '');

/** The code a ledger's word stands for among a property's codes (`水泥` → `cement_concrete`), or null (`value-aliases.json`). */
export function valueAlias(property: string, raw: string, codes: readonly string[]): string | null {
  const table = values[property];
  if (!table || typeof table === 'string') return null;
  const wanted = looseText(raw);
  const code = Object.entries(table).find(([word]) => looseText(word) === wanted)?.[1];
  return code && codes.includes(code) ? code : null;
}
