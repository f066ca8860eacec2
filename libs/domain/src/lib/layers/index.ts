export { EDITOR_TEAMS, APPROXIMATE_LOCATION, defineLayer } from './define';
export type { EditorTeam, LayerDefinition } from './define';
import type { z } from 'zod';
import { message } from '@cuntu/messages';
import type { LayerDefinition } from './define';
import { townsLayer } from './towns';
import { villagesLayer } from './villages';
import { groupsLayer } from './groups';
import { roadsLayer } from './roads';
import { facilitiesLayer } from './facilities';
import { waterSourcesLayer } from './water-sources';
import { housesLayer } from './houses';
import { relocationSitesLayer } from './relocation-sites';
import { assetsLayer } from './assets';

/** A definition with its names in both languages, from the catalogue. */
const named = <D extends LayerDefinition>(id: string, definition: D) =>
  ({ ...definition, labelZh: message('zh-CN', `layer.${id}`), labelEn: message('en', `layer.${id}`) }) as const;

/** Every layer of Cuntu, by id: the one registry the rest derives from. */
export const LAYERS = {
  towns: named('towns', townsLayer),
  villages: named('villages', villagesLayer),
  groups: named('groups', groupsLayer),
  roads: named('roads', roadsLayer),
  facilities: named('facilities', facilitiesLayer),
  water_sources: named('water_sources', waterSourcesLayer),
  houses: named('houses', housesLayer),
  relocation_sites: named('relocation_sites', relocationSitesLayer),
  assets: named('assets', assetsLayer),
} as const satisfies Record<string, LayerDefinition>;

export type LayerId = keyof typeof LAYERS;
export const LAYER_IDS = Object.keys(LAYERS) as LayerId[];
export const isLayerId = (value: string): value is LayerId => Object.hasOwn(LAYERS, value);

type OwnSubject<D> = D extends { verdicts: { subject: infer S extends string } } ? S : never;
/** The kinds of subject check results are stored under: the layers that are judged themselves. */
export type RuleSubject = { [K in LayerId]: OwnSubject<(typeof LAYERS)[K]> }[LayerId];
export const RULE_SUBJECTS = LAYER_IDS.flatMap((id) => {
  const verdicts: LayerDefinition['verdicts'] = LAYERS[id].verdicts;
  return verdicts && 'subject' in verdicts ? [verdicts.subject as RuleSubject] : [];
});

/** The layers some rule judges, itself or through the subject it carries: the only ones whose edits can change a verdict. */
export type JudgedLayerId = { [K in LayerId]: (typeof LAYERS)[K]['verdicts'] extends null ? never : K }[LayerId];
export const isJudgedLayer = (layer: LayerId): layer is JudgedLayerId => LAYERS[layer].verdicts !== null;

/** The layers a team's editors keep, in registry order. */
export const layersOfTeam = (team: LayerDefinition['team']): LayerId[] => LAYER_IDS.filter((id) => LAYERS[id].team === team);

/** The subject whose verdicts a layer's features carry, and the property naming it (the key, or e.g. a facility's village). */
export function verdictSubjectOf(layer: LayerId): { subject: RuleSubject; via: string; rules: readonly string[] | null } | null {
  const def: LayerDefinition = LAYERS[layer];
  if (!def.verdicts) return null;
  if ('subject' in def.verdicts) return { subject: def.verdicts.subject as RuleSubject, via: def.key, rules: null };
  return { subject: def.verdicts.carries as RuleSubject, via: def.verdicts.via, rules: def.verdicts.rules };
}

/** The editable properties of each layer, as the API accepts them. */
export const LAYER_PROPERTY_SCHEMAS = Object.fromEntries(LAYER_IDS.map((id) => [id, LAYERS[id].properties])) as { [K in LayerId]: (typeof LAYERS)[K]['properties'] };

/** Household personal data, over all layers: returned only to housing editors and admins. */
export const PERSONAL_DATA_FIELDS: readonly string[] = [...new Set(LAYER_IDS.flatMap((id) => (LAYERS[id] as LayerDefinition).personal ?? []))];

/** Properties that identify a feature and cannot change after creation: a layer's division code. */
export const IMMUTABLE_FIELDS: Partial<Record<LayerId, string[]>> = Object.fromEntries(LAYER_IDS.filter((id) => LAYERS[id].key === 'code').map((id) => [id, [LAYERS[id].key]]));

/** The properties that name a region by its code, and the layer of regions each names: what a form offers to pick from. */
export const REGION_REFERENCES = { countyCode: 'counties', townCode: 'towns', villageCode: 'villages', groupCode: 'groups' } as const;
export type RegionReference = keyof typeof REGION_REFERENCES;
export const isRegionReference = (property: string): property is RegionReference => property in REGION_REFERENCES;

/** The values an enum property of a layer accepts (e.g. roads' `surface`), or null when it is not an enum. */
export function propertyOptions(layer: LayerId, property: string): readonly string[] | null {
  type Inner = { options?: readonly string[]; unwrap?: () => Inner; element?: Inner } | undefined;
  let schema = ((LAYERS[layer].properties as z.ZodObject).shape as Record<string, Inner>)[property];
  for (let i = 0; schema && i < 4 && !schema.options; i++) schema = schema.unwrap?.() ?? schema.element;
  return schema?.options ?? null;
}

/** A layer's properties that take one of a fixed set of values (what the map can filter by). */
export const codedProperties = (layer: LayerId): Array<{ property: string; values: readonly string[] }> =>
  Object.keys((LAYERS[layer].properties as z.ZodObject).shape).flatMap((property) => {
    const values = propertyOptions(layer, property);
    return values ? [{ property, values }] : [];
  });
