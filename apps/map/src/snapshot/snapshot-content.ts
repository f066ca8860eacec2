import { RULES } from '@cuntu/standards';
import { MAP_LAYERS, VERDICT_COLOURS, rulesForLayer, type MapLayerId } from '@cuntu/map-kit';
import type { SnapshotSpecInput } from '@cuntu/briefing';
import type { CheckSummary, LayerCounts } from '@cuntu/api-client';
import { message, type Locale } from '@cuntu/messages';

interface LayerState { visible: boolean; colourBy: string | null }
/** Of each layer drawn in the image, how many of the features shown have each verdict of each rule (the API's counts in the image's box). */
export type DrawnCounts = Partial<Record<MapLayerId, Pick<LayerCounts, 'byRule'>>>;

/**
 * The legend of exactly the visible layers: verdict colours for a layer coloured by a rule, each with
 * how many features shown have it, else the layer's own colour.
 */
export function legendOf(layers: Record<MapLayerId, LayerState>, drawn: DrawnCounts, locale: Locale = 'zh-CN'): SnapshotSpecInput['legend'] {
  const zh = locale === 'zh-CN';
  return MAP_LAYERS.filter((def) => layers[def.id].visible).map((def) => {
    const shape = def.kind === 'line' ? 'line' as const : 'circle' as const;
    const rule = RULES.find((r) => r.id === layers[def.id].colourBy);
    const counts = rule ? drawn[def.id]?.byRule[rule.id] ?? null : null;
    return {
      layer: rule ? message(locale, 'snapshot.layerByRule', { layer: zh ? def.labelZh : def.labelEn, rule: zh ? rule.titleZh : rule.titleEn }) : zh ? def.labelZh : def.labelEn,
      entries: rule
        ? (['pass', 'fail', 'unknown'] as const).map((v) => ({ label: counts ? `${message(locale, `verdict.${v}`)} ${counts[v]}` : message(locale, `verdict.${v}`), colour: VERDICT_COLOURS[v], shape }))
        : [{ label: zh ? def.labelZh : def.labelEn, colour: def.colour, shape }],
    };
  });
}

const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

/**
 * The checks of the area shown: the headline figures, then pass / fail / missing per rule of the
 * visible layers (village rules always, as they decide exit). A visible layer's own rules are counted
 * over the features the page shows, as its legend is (the area's summary counts a road or a house
 * only through its village, so one without a village would be missing); village rules of a hidden
 * villages layer come from the summary.
 */
export function summaryRowsOf(summary: CheckSummary, layers: Record<MapLayerId, LayerState>, drawn: DrawnCounts, locale: Locale = 'zh-CN'): SnapshotSpecInput['summary']['rows'] {
  const c = summary.coverage;
  const label = (key: string) => message(locale, key);
  const rows = [
    { label: label('layer.villages'), value: `${c.villages}` },
    { label: label('dashboard.figure.villagesReadyToExit'), value: `${c.villagesReadyToExit}` },
    { label: label('dashboard.figure.pavedRoutePct'), value: pct(c.pavedRoutePct) },
    { label: label('dashboard.figure.groupsReachedPct'), value: pct(c.groupsReachedPct) },
    { label: label('snapshot.safeWaterPct'), value: pct(c.peopleWithSafeWaterPct) },
    { label: label('dashboard.figure.dangerousHousesRemaining'), value: `${c.dangerousHousesRemaining}` },
    { label: label('snapshot.sitesAndBreaches'), value: `${c.relocationSites} / ${c.relocationRedLineBreaches}` },
  ];
  const shown = MAP_LAYERS.filter((d) => layers[d.id].visible);
  const counted = new Map(shown.filter((d) => d.subject && !d.rules).flatMap((d) => rulesForLayer(d.id).flatMap((r) => {
    const n = drawn[d.id]?.byRule[r.id];
    return n ? [[r.id, n] as const] : [];
  })));
  const subjects = new Set(['village', ...shown.map((d) => d.subject)]);
  for (const rule of RULES.filter((r) => subjects.has(r.subject))) {
    const n = counted.get(rule.id) ?? summary.byRule[rule.id];
    if (n) rows.push({ label: locale === 'zh-CN' ? rule.titleZh : rule.titleEn, value: `${n.pass} / ${n.fail} / ${n.unknown}` });
  }
  return rows;
}
