import { computed, ref } from 'vue';
import { REGION_LEVELS, regionAt, regionCovers, regionLevelOf } from '@cuntu/domain';
import type { ApiClient } from '@cuntu/api-client';

/** One region an administrator may give an account: its code, its name for people, how deep it is indented. */
export interface AccountRegionChoice {
  code: string | null;
  label: string;
  depth: number;
}

/**
 * The regions an administrator may give accounts: the whole deployment (administrators without a region
 * only), then each province, prefecture, county and town inside their own region, in code order.
 * `label` turns a level the deployment has no name for (a province, a prefecture) into words.
 */
export function useAccountRegions(api: ApiClient, label: (level: 'province' | 'prefecture' | 'whole', code: string) => string) {
  const own = ref<string | null>(null);
  const names = ref(new Map<string, string>());
  const codes = ref<string[]>([]);

  async function load() {
    const [me, counties, towns] = await Promise.all([api.me(), api.counties(), api.towns()]);
    own.value = me.region;
    const named = new Map<string, string>();
    for (const f of [...counties.features, ...towns.features]) named.set(f.properties.code, f.properties.name);
    const all = new Set<string>();
    for (const county of counties.features.map((f) => f.properties.code)) {
      all.add(regionAt(county, 'province'));
      all.add(regionAt(county, 'prefecture'));
    }
    for (const code of named.keys()) all.add(code);
    names.value = named;
    codes.value = [...all].filter((code) => regionCovers(own.value, code)).sort();
  }

  const nameOf = (code: string | null): string => {
    if (code === null) return label('whole', '');
    const level = regionLevelOf(code);
    return names.value.get(code) ?? (level === 'province' || level === 'prefecture' ? label(level, code) : code);
  };
  const choices = computed<AccountRegionChoice[]>(() => [
    ...(own.value === null ? [{ code: null, label: nameOf(null), depth: 0 }] : []),
    ...codes.value.map((code) => ({ code, label: nameOf(code), depth: REGION_LEVELS.indexOf(regionLevelOf(code)) })),
  ]);
  return { own, choices, nameOf, load };
}
