import type { CheckSummary } from '@cuntu/api-client';
import { mapLink } from '@cuntu/map-kit';
import { valueLabel } from '@cuntu/domain';
import { message, type Locale } from '@cuntu/messages';

/** One headline number of an area, with the map view that shows what it counts. */
export interface Figure {
  key: string;
  label: string;
  /** As shown. */
  value: string;
  /** The number(s) behind it, for comparison with the API. */
  raw: number | null;
  link: string;
}

const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

/** The headline figures of an area (county, or a town with `town`), each linked to the filtered map. */
export function areaFigures(s: CheckSummary, town?: string, locale: Locale = 'zh-CN'): Figure[] {
  const label = (key: string) => message(locale, `dashboard.figure.${key}`);
  const c = s.coverage;
  const link = (layer: Parameters<typeof mapLink>[0]['layers'][number]['id'], rule: string, verdict: 'fail' | 'pass' = 'fail') =>
    mapLink({ layers: [{ id: layer, colourBy: rule }, ...(layer === 'villages' ? [] : [{ id: 'villages' as const }])], town, rule, verdict });
  const people = c.peopleByWaterTier;
  return [
    { key: 'villagesReadyToExit', label: label('villagesReadyToExit'), value: `${c.villagesReadyToExit} / ${c.villages}`, raw: c.villagesReadyToExit, link: mapLink({ layers: [{ id: 'villages', colourBy: 'village.incidence' }], town }) },
    { key: 'pavedRoutePct', label: label('pavedRoutePct'), value: pct(c.pavedRoutePct), raw: c.pavedRoutePct, link: link('villages', 'village.paved_road') },
    { key: 'groupsReachedPct', label: label('groupsReachedPct'), value: pct(c.groupsReachedPct), raw: c.groupsReachedPct, link: link('groups', 'road.group_coverage') },
    { key: 'peopleSafe', label: label('peopleSafe'), value: `${people.safe}`, raw: people.safe, link: link('villages', 'village.water', 'pass') },
    { key: 'peopleBasicallySafe', label: label('peopleBasicallySafe'), value: `${people.basically_safe}`, raw: people.basically_safe, link: link('villages', 'village.water', 'pass') },
    { key: 'peopleUnsafe', label: label('peopleUnsafe'), value: `${people.unsafe}`, raw: people.unsafe, link: link('villages', 'village.water') },
    { key: 'dangerousHousesRemaining', label: label('dangerousHousesRemaining'), value: `${c.dangerousHousesRemaining}`, raw: c.dangerousHousesRemaining, link: link('houses', 'house.safety') },
    { key: 'relocationSites', label: label('relocationSites'), value: `${c.relocationSites}`, raw: c.relocationSites, link: mapLink({ layers: [{ id: 'relocation_sites' }], town }) },
    { key: 'relocationRedLineBreaches', label: label('relocationRedLineBreaches'), value: `${c.relocationRedLineBreaches}`, raw: c.relocationRedLineBreaches, link: link('relocation_sites', 'relocation.area') },
  ];
}

/** A renovation status as the workflow and the forms name it (the summary's `unknown`: none recorded). */
export const statusLabel = (status: string, locale: Locale = 'zh-CN'): string =>
  status === 'unknown' ? message(locale, 'common.notRecorded') : valueLabel('renovationStatus', status, locale);

/** A drinking-water tier as verdicts name it everywhere. */
export const tierLabel = (tier: string, locale: Locale = 'zh-CN'): string => message(locale, `verdict.${tier}`);
