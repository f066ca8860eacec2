import { RULES } from '@cuntu/standards';
import { MAP_LAYERS, VERDICT_COLOURS, type MapLayerId } from '@cuntu/map-kit';
import type { SnapshotSpecInput } from '@cuntu/briefing';
import type { CheckSummary } from '@cuntu/api-client';
import { message, type Locale } from '@cuntu/messages';

interface LayerState { visible: boolean; colourBy: string | null }

/** The legend of exactly the visible layers: verdict colours for a layer coloured by a rule, else its own colour. */
export function legendOf(layers: Record<MapLayerId, LayerState>, locale: Locale = 'zh-CN'): SnapshotSpecInput['legend'] {
  const zh = locale === 'zh-CN';
  return MAP_LAYERS.filter((def) => layers[def.id].visible).map((def) => {
    const shape = def.kind === 'line' ? 'line' as const : 'circle' as const;
    const rule = RULES.find((r) => r.id === layers[def.id].colourBy);
    return {
      layer: rule ? message(locale, 'snapshot.layerByRule', { layer: zh ? def.labelZh : def.labelEn, rule: zh ? rule.titleZh : rule.titleEn }) : zh ? def.labelZh : def.labelEn,
      entries: rule
        ? (['pass', 'fail', 'unknown'] as const).map((v) => ({ label: message(locale, `verdict.${v}`), colour: VERDICT_COLOURS[v], shape }))
        : [{ label: zh ? def.labelZh : def.labelEn, colour: def.colour, shape }],
    };
  });
}

const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

/**
 * The checks of the area shown: the headline figures, then pass / fail / missing per rule of the
 * visible layers (village rules always, as they decide exit).
 */
export function summaryRowsOf(summary: CheckSummary, layers: Record<MapLayerId, LayerState>, locale: Locale = 'zh-CN'): SnapshotSpecInput['summary']['rows'] {
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
  const subjects = new Set(['village', ...MAP_LAYERS.filter((d) => layers[d.id].visible).map((d) => d.subject)]);
  for (const rule of RULES.filter((r) => subjects.has(r.subject))) {
    const n = summary.byRule[rule.id];
    if (n) rows.push({ label: locale === 'zh-CN' ? rule.titleZh : rule.titleEn, value: `${n.pass} / ${n.fail} / ${n.unknown}` });
  }
  return rows;
}
