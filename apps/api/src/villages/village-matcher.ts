import { sql } from 'drizzle-orm';
import type { Database } from '@cuntu/db';
import { villageNameKey } from '@cuntu/domain';
import { inEveryLocale } from '@cuntu/messages';

export interface KnownVillage {
  code: string;
  name: string;
  townName: string;
}

/** Why a ledger row's village was not found, with the closest names the county has. */
export type VillageMiss = { problem: 'unknown_code' | 'unknown_name' | 'ambiguous_name' | 'no_village'; given: string; candidates: KnownVillage[] };
/** A ledger row's village: found, or why not. */
export type VillageMatch = { village: KnownVillage } | VillageMiss;

/** Places as a row error lists them: town, name and code of each (村 or 组), or a dash for none. */
export const placeList = (places: Array<{ code: string; name: string; townName?: string }>) => places.map((p) => `${p.townName ?? ''}${p.name}（${p.code}）`).join('、') || '—';

/** Why a row's village was not found, in every language, naming the value and the closest candidates. */
export const missText = (miss: VillageMiss) => inEveryLocale(`locate.${miss.problem}`, { given: miss.given, candidates: placeList(miss.candidates) });

/** Similarity of two names (Dice over characters and character pairs): 1 the same, 0 nothing shared. */
function likeness(a: string, b: string): number {
  const grams = (s: string) => [...s, ...Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s.slice(i, i + 2))];
  const left = grams(a);
  const right = grams(b);
  if (left.length === 0 || right.length === 0) return 0;
  const pool = [...right];
  let shared = 0;
  for (const g of left) {
    const i = pool.indexOf(g);
    if (i >= 0) {
      shared++;
      pool.splice(i, 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

/**
 * Finds a ledger row's village among the county's: by its 12-digit code, else by name with the usual
 * variants tolerated (a name two towns share is ambiguous unless the row's town says which). A row
 * whose village cannot be found gets the closest names, so the clerk sees what was meant.
 */
export function createVillageMatcher(known: KnownVillage[]) {
  const byCode = new Map(known.map((v) => [v.code, v]));
  const byName = new Map<string, KnownVillage[]>();
  for (const v of known) byName.set(villageNameKey(v.name), [...(byName.get(villageNameKey(v.name)) ?? []), v]);
  const closest = (given: string) => known
    .map((v) => ({ v, score: likeness(villageNameKey(given), villageNameKey(v.name)) }))
    .filter((c) => c.score > 0.2).sort((a, b) => b.score - a.score).slice(0, 3).map((c) => c.v);

  return {
    match(code: string | null, name: string | null, townName?: string | null): VillageMatch {
      const digits = code?.normalize('NFKC').replace(/\s/g, '') ?? '';
      if (/^\d{12}$/.test(digits)) {
        const found = byCode.get(digits);
        return found ? { village: found } : { problem: 'unknown_code', given: digits, candidates: name ? closest(name) : [] };
      }
      // A "code" column holding names (所属行政村) is read as a name.
      const wanted = name?.trim() || (digits && !/^\d+$/.test(digits) ? code!.trim() : '');
      if (!wanted) return { problem: 'no_village', given: code ?? '', candidates: [] };
      const named = byName.get(villageNameKey(wanted)) ?? [];
      const inTown = townName ? named.filter((v) => villageNameKey(v.townName) === villageNameKey(townName) || v.townName.startsWith(townName.trim())) : named;
      if (inTown.length === 1) return { village: inTown[0] };
      if (named.length === 1 && !townName) return { village: named[0] };
      if (named.length > 1) return { problem: 'ambiguous_name', given: wanted, candidates: named };
      return { problem: 'unknown_name', given: wanted, candidates: closest(wanted) };
    },
  };
}

/** The villages of the counties held, for matching ledger rows, with their committee's position. */
export async function knownVillages(database: Database): Promise<Array<KnownVillage & { lon: number; lat: number }>> {
  return database.rows(sql`
    SELECT v.code, v.name, t.name AS "townName", ST_X(v.committee) AS lon, ST_Y(v.committee) AS lat FROM villages v JOIN towns t ON t.code = v.town_code ORDER BY v.code`);
}
