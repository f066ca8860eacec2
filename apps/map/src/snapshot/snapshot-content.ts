import { RULES } from '@cuntu/standards';
import { MAP_LAYERS, VERDICT_COLOURS, type MapLayerId } from '@cuntu/map-kit';
import type { SnapshotSpecInput } from '@cuntu/briefing';
import type { CheckSummary } from '@cuntu/api-client';

interface LayerState { visible: boolean; colourBy: string | null }
const VERDICT_ZH = { pass: '达标', fail: '不达标', unknown: '数据缺失' } as const;

/** The legend of exactly the visible layers: verdict colours for a layer coloured by a rule, else its own colour. */
export function legendOf(layers: Record<MapLayerId, LayerState>): SnapshotSpecInput['legend'] {
  return MAP_LAYERS.filter((def) => layers[def.id].visible).map((def) => {
    const shape = def.kind === 'line' ? 'line' as const : 'circle' as const;
    const rule = RULES.find((r) => r.id === layers[def.id].colourBy);
    return {
      layer: rule ? `${def.labelZh}（${rule.titleZh}）` : def.labelZh,
      entries: rule
        ? (['pass', 'fail', 'unknown'] as const).map((v) => ({ label: VERDICT_ZH[v], colour: VERDICT_COLOURS[v], shape }))
        : [{ label: def.labelEn, colour: def.colour, shape }],
    };
  });
}

const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

/**
 * The checks of the area shown: the headline figures, then pass / fail / missing per rule of the
 * visible layers (village rules always, as they decide exit).
 */
export function summaryRowsOf(summary: CheckSummary, layers: Record<MapLayerId, LayerState>): SnapshotSpecInput['summary']['rows'] {
  const c = summary.coverage;
  const rows = [
    { label: '行政村', value: `${c.villages}` },
    { label: '达到退出标准的村', value: `${c.villagesReadyToExit}` },
    { label: '通村硬化路覆盖', value: pct(c.pavedRoutePct) },
    { label: '通组硬化路覆盖', value: pct(c.groupsReachedPct) },
    { label: '饮水安全（含基本安全）人口', value: pct(c.peopleWithSafeWaterPct) },
    { label: '剩余 C/D 级危房', value: `${c.dangerousHousesRemaining}` },
    { label: '安置点 / 红线超标', value: `${c.relocationSites} / ${c.relocationRedLineBreaches}` },
  ];
  const subjects = new Set(['village', ...MAP_LAYERS.filter((d) => layers[d.id].visible).map((d) => d.subject)]);
  for (const rule of RULES.filter((r) => subjects.has(r.subject))) {
    const n = summary.byRule[rule.id];
    if (n) rows.push({ label: rule.titleZh, value: `${n.pass} / ${n.fail} / ${n.unknown}` });
  }
  return rows;
}
