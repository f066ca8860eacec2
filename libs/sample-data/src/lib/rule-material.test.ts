/**
 * Every rule of ../shared/design/STANDARDS.md must find villages or features that pass, that fail and whose
 * verdict is unknown in the sample county. These classifiers read the generated facts with the default
 * profile's thresholds; they are a check on the data's variety, not the rule engine (libs/standards).
 */
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import { HARDENED_SURFACES } from '@cuntu/domain';
import { generateSampleData } from './generate';
import { SAMPLE_AS_OF } from './dataset';

type Verdict = 'pass' | 'fail' | 'unknown';
const data = generateSampleData({ seed: 1 });
const coords = (g: unknown) => (g as { coordinates: [number, number] }).coordinates;
const km = (a: unknown, b: unknown) => turf.distance(coords(a), coords(b), { units: 'kilometers' });
const worst = (vs: Verdict[]): Verdict => (vs.includes('fail') ? 'fail' : vs.includes('unknown') ? 'unknown' : 'pass');
const byThreshold = (value: number | null | undefined, ok: (v: number) => boolean): Verdict => (value === null || value === undefined ? 'unknown' : ok(value) ? 'pass' : 'fail');

const statsOf = new Map(data.villageStats.map((s) => [s.villageCode, s]));
const facilities = (villageCode: string, kind: string) => data.villageFacilities.filter((f) => f.villageCode === villageCode && f.kind === kind);
const trunk = data.roads.filter((r) => r.roadClass !== 'village' && r.roadClass !== 'group');

const segmentVerdict = (r: (typeof data.roads)[number]): Verdict => {
  const surface: Verdict = r.surface ? (HARDENED_SURFACES.includes(r.surface) ? 'pass' : 'fail') : 'unknown';
  const width = byThreshold(r.widthM, (w) => w >= 3.5 || (w >= 3.0 && !!r.exemption));
  return worst([surface, width]);
};

/** The village's 通村 route: its chain must start on the trunk network and end at the committee. */
function routeVerdicts(village: (typeof data.villages)[number]): { paved: Verdict; reaches: Verdict } {
  const segments = data.roads.filter((r) => r.villageCode === village.code && r.roadClass === 'village');
  if (segments.length === 0) return { paved: 'fail', reaches: 'fail' };
  const lines = segments.map((r) => (r.geom as { coordinates: [number, number][] }).coordinates);
  const start = lines[0][0];
  const connectedToTrunk = turf.pointToLineDistance(start, turf.lineString(nearestTrunk(start)), { units: 'meters' }) < 5;
  const chained = lines.every((l, i) => i === 0 || turf.distance(lines[i - 1].at(-1)!, l[0], { units: 'meters' }) < 5);
  const end = lines.at(-1)!.at(-1)!;
  const atCommittee = turf.distance(end, coords(village.committee), { units: 'meters' }) <= 50;
  const hardness = worst(segments.map(segmentVerdict));
  const paved = !connectedToTrunk || !chained || hardness === 'fail' ? 'fail' : hardness;
  const reaches = !atCommittee ? 'fail' : hardness === 'unknown' ? 'unknown' : paved === 'pass' ? 'pass' : 'fail';
  return { paved, reaches };
}

function nearestTrunk(p: [number, number]): [number, number][] {
  let best = trunk[0];
  let bestDistance = Infinity;
  for (const r of trunk) {
    const d = turf.pointToLineDistance(p, turf.lineString((r.geom as { coordinates: [number, number][] }).coordinates), { units: 'meters' });
    if (d < bestDistance) [best, bestDistance] = [r, d];
  }
  return (best.geom as { coordinates: [number, number][] }).coordinates;
}

const asOf = new Date(`${SAMPLE_AS_OF}T00:00:00Z`).getTime();
const DAY = 86_400_000;
/** Water criteria of the 2004 profile; tiers collapse to pass (safe or basically safe) / fail / unknown. */
function waterVerdicts(source: (typeof data.waterSources)[number]): Record<'quality' | 'quantity' | 'access' | 'reliability', Verdict> {
  const tests = data.waterTests.filter((t) => t.sourceId === source.id).sort((a, b) => (a.sampledOn < b.sampledOn ? 1 : -1));
  const latest = tests[0];
  const fresh = latest && asOf - new Date(`${latest.sampledOn}T00:00:00Z`).getTime() <= 365 * DAY;
  const quality: Verdict = !fresh ? 'unknown' : latest.meetsGb5749 || latest.meetsRuralCriteria ? 'pass' : 'fail';
  const perPerson = source.dailyCapacityM3 == null || !source.populationServed ? null : (source.dailyCapacityM3 * 1000) / source.populationServed;
  const quantity = byThreshold(perPerson, (l) => l >= 20);
  const access: Verdict = source.pipedToYard ? 'pass' : byThreshold(source.fetchMinutes, (m) => m <= 20);
  const reliability = byThreshold(source.reliabilityPct, (r) => r >= 90);
  return { quality, quantity, access, reliability };
}
const sourceVerdict = new Map(data.waterSources.map((s) => [s.id!, worst(Object.values(waterVerdicts(s)))]));

function villageWater(villageCode: string): Verdict {
  const groups = data.villageGroups.filter((g) => g.villageCode === villageCode);
  return worst(groups.map((g) => {
    const assigned = data.waterSourceGroups.filter((a) => a.groupCode === g.code).map((a) => a.sourceId);
    const byArea = data.waterSources.filter((s) => s.serviceArea && turf.booleanPointInPolygon(coords(g.settlement), s.serviceArea as never)).map((s) => s.id!);
    const sources = [...assigned, ...byArea];
    if (sources.length === 0) return 'fail';
    const verdicts = sources.map((id) => sourceVerdict.get(id)!);
    return verdicts.includes('pass') ? 'pass' : verdicts.includes('unknown') ? 'unknown' : 'fail';
  }));
}

const hardenedRoads = data.roads.filter((r) => segmentVerdict(r) !== 'fail' && r.surface);
function groupCoverage(group: (typeof data.villageGroups)[number]): Verdict | null {
  if (group.households == null) return 'unknown';
  if (group.households < 30) return null; // below the size threshold: not counted
  const p = coords(group.settlement);
  const near = hardenedRoads.some((r) => turf.pointToLineDistance(p, r.geom as never, { units: 'meters' }) <= 50);
  return near ? 'pass' : 'fail';
}

const AREA = (size: number) => (size <= 3 ? [[20, 60], [30, 60], [40, 60]][size - 1] : [13 * size, 18 * size]);
const done = (s: string | null | undefined) => s === 'completed' || s === 'accepted';

const RULES: Record<string, () => Verdict[]> = {
  'village.incidence': () => data.villageStats.map((s) => byThreshold(s.notLiftedPeople == null || !s.population ? null : s.notLiftedPeople / s.population, (r) => r <= 0.02)),
  'village.paved_road': () => data.villages.map((v) => routeVerdicts(v).paved),
  'village.bus': () => data.villages.map((v) => {
    const stops = data.villageFacilities.filter((f) => f.kind === 'bus_stop' && km(f.location, v.committee) <= 2);
    return stops.some((s) => s.hasBusService === true) ? 'pass' : stops.some((s) => s.hasBusService == null) ? 'unknown' : 'fail';
  }),
  'village.water': () => data.villages.map((v) => villageWater(v.code)),
  'village.power': () => data.villageStats.map((s) => byThreshold(s.powerCoveragePct, (p) => p >= 100)),
  'village.tv': () => data.villageStats.map((s) => byThreshold(s.tvCoveragePct, (p) => p >= 100)),
  'village.culture': () => data.villages.map((v) => {
    const centre = facilities(v.code, 'cultural_centre')[0];
    if (!centre) return 'fail';
    return centre.cultureItems == null ? 'unknown' : centre.cultureItems.length >= 7 ? 'pass' : 'fail';
  }),
  'village.clinic': () => data.villages.map((v) => {
    const clinic = facilities(v.code, 'clinic')[0];
    if (!clinic) return 'fail';
    return worst([byThreshold(clinic.clinicAreaM2, (a) => a >= 60), clinic.clinicRooms == null ? 'unknown' : clinic.clinicRooms.length === 4 ? 'pass' : 'fail']);
  }),
  'village.doctor': () => data.villages.map((v) => {
    const clinic = facilities(v.code, 'clinic')[0];
    return clinic ? byThreshold(clinic.licensedDoctors, (n) => n >= 1) : 'fail';
  }),
  'village.broadband': () => data.villages.map((v) => {
    const s = statsOf.get(v.code)!;
    if (s.broadbandFibre === false) return 'fail';
    return s.broadbandFibre == null ? 'unknown' : byThreshold(s.broadbandMbps, (m) => m >= 50);
  }),
  'road.surface': () => data.roads.map((r) => (r.surface ? (HARDENED_SURFACES.includes(r.surface) ? 'pass' : 'fail') : 'unknown')),
  'road.width': () => data.roads.map((r) => byThreshold(r.widthM, (w) => w >= 3.5 || (w >= 3.0 && !!r.exemption))),
  'road.reaches_committee': () => data.villages.map((v) => routeVerdicts(v).reaches),
  'road.group_coverage': () => data.villageGroups.map(groupCoverage).filter((v): v is Verdict => v !== null),
  'water.quality': () => data.waterSources.map((s) => waterVerdicts(s).quality),
  'water.quantity': () => data.waterSources.map((s) => waterVerdicts(s).quantity),
  'water.access': () => data.waterSources.map((s) => waterVerdicts(s).access),
  'water.reliability': () => data.waterSources.map((s) => waterVerdicts(s).reliability),
  'house.safety': () => data.houses.map((h) => (h.safetyRating == null ? 'unknown' : h.safetyRating <= 'B' || done(h.renovationStatus) ? 'pass' : 'fail')),
  'house.priority': () => data.houses.filter((h) => h.priorityGroup).map((h) => (h.safetyRating == null ? 'unknown' : h.safetyRating <= 'B' || done(h.renovationStatus) ? 'pass' : 'fail')),
  'house.rebuild_area': () => data.houses.filter((h) => h.renovationPath === 'rebuild' && done(h.renovationStatus)).map((h) => {
    if (h.householdSize == null || h.rebuiltAreaM2 == null) return 'unknown';
    const [min, max] = AREA(h.householdSize);
    return h.rebuiltAreaM2 >= min && h.rebuiltAreaM2 <= max ? 'pass' : 'fail';
  }),
  'house.old_demolished': () => data.houses.filter((h) => h.renovationPath === 'rebuild' && done(h.renovationStatus)).map((h) => (h.oldDemolished == null ? 'unknown' : h.oldDemolished ? 'pass' : 'fail')),
  'relocation.area': () => data.relocationSites.map((s) => byThreshold(s.areaPerPersonM2, (a) => a <= 25)),
  'relocation.self_funding': () => data.relocationSites.map((s) => worst([byThreshold(s.selfFundingPerPersonYuan, (y) => y <= 2500), byThreshold(s.selfFundingMaxHouseholdYuan, (y) => y <= 10000)])),
  'relocation.old_home': () => data.relocationSites.map((s) => byThreshold(s.oldHomesDemolished, (d) => d >= (s.oldHomesTotal ?? Infinity))),
  'relocation.employment': () => data.relocationSites.map((s) => byThreshold(s.employedHouseholds, (e) => e >= (s.labourHouseholds ?? Infinity))),
  'relocation.services': () => data.relocationSites.map((s) => {
    const nearest = (kind: string) => Math.min(...data.villageFacilities.filter((f) => f.kind === kind).map((f) => km(f.location, s.location)));
    const school = nearest('school');
    const clinic = nearest('clinic');
    if (school > 20 || clinic > 20) return 'unknown';
    return school <= 5 && clinic <= 2 ? 'pass' : 'fail';
  }),
};

describe('the sample county has pass, fail and unknown material for every rule', () => {
  it.each(Object.keys(RULES))('%s', (rule) => {
    const verdicts = RULES[rule]();
    const tally = { pass: 0, fail: 0, unknown: 0 };
    for (const v of verdicts) tally[v]++;
    if (process.env.CUNTU_PRINT_MATERIAL) console.log(rule, tally);
    expect([...new Set(verdicts)].sort()).toEqual(['fail', 'pass', 'unknown']);
  });

  it('names every rule of STANDARDS.md', () => {
    expect(Object.keys(RULES)).toHaveLength(27);
  });
});
