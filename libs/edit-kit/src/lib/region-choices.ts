import type { RegionReference } from '@cuntu/domain';

type Named = { features: Array<{ properties: Record<string, unknown> }> };
/** Where the regions are read from: the API client's region lists, and natural villages from its features API. */
export interface RegionSource {
  counties(): Promise<Named>;
  towns(): Promise<Named>;
  villages(): Promise<Named>;
  features(layer: 'groups', query: { limit: number }): Promise<Named>;
}
export interface RegionChoice { value: string; label: string }

/**
 * The regions some fields name, each by its code (the value) and its name (the label; a natural village
 * with its village's, as two share a name). Only what the fields need is read.
 */
export async function regionChoices(source: RegionSource, fields: RegionReference[]): Promise<Partial<Record<RegionReference, RegionChoice[]>>> {
  if (!fields.length) return {};
  const named = (fc: Named) => fc.features.map((f) => ({ value: String(f.properties.code), label: String(f.properties.name) }));
  const [counties, towns, villages] = await Promise.all([source.counties(), source.towns(), source.villages()]);
  const villageName = new Map(named(villages).map((v) => [v.value, v.label]));
  const groups = fields.includes('groupCode')
    ? (await source.features('groups', { limit: 10_000 })).features.map((f) => ({ value: String(f.properties.code), label: `${String(f.properties.name)} · ${villageName.get(String(f.properties.villageCode)) ?? ''}` }))
    : [];
  const all: Record<RegionReference, RegionChoice[]> = { countyCode: named(counties), townCode: named(towns), villageCode: named(villages), groupCode: groups };
  return Object.fromEntries(fields.map((field) => [field, all[field]]));
}
