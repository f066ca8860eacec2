import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS, RULES, SHIPPED_PROFILES, exitReadiness, judgeGroupCoverage, judgeHouse, judgeRelocationSite, judgeRoadSegment,
  judgeVillage, judgeWaterSource, thresholdsSchema, waterSourceTier,
  type HouseFacts, type RelocationSiteFacts, type RuleVerdict, type VillageFacts, type WaterSourceFacts,
} from '../index';

const T = DEFAULT_THRESHOLDS;
const WESTERN = SHIPPED_PROFILES.find((p) => p.key === 'western-2015')!.thresholds;
const WATER_2018 = SHIPPED_PROFILES.find((p) => p.key === 'water-2018')!.thresholds;
const pick = (verdicts: Array<RuleVerdict | null>, id: string) => verdicts.find((v) => v?.ruleId === id)!;

const village = (over: Partial<VillageFacts> = {}): VillageFacts => ({
  code: '150525100200', name: '测试村', population: 800, notLiftedPeople: 8, powerCoveragePct: 100, tvCoveragePct: 100,
  broadbandFibre: true, broadbandMbps: 100,
  clinic: { areaM2: 80, rooms: ['consulting', 'treatment', 'public_health', 'pharmacy'], staff: 1, licensedDoctors: 1 },
  culturalCentre: { items: ['room', 'square', 'stage', 'notice_board', 'culture_kit', 'broadcast_kit', 'sports_kit'] },
  bus: { servicedKm: 1.2, unrecordedKm: null }, route: { connectedM: 10, possibleM: 10, nearestHardenedM: 10 },
  groups: [{ code: 'g1', name: '一组', sourceTiers: ['safe'] }], ...over,
});
const source = (over: Partial<WaterSourceFacts> = {}): WaterSourceFacts => ({
  id: 1, name: '供水站', regionType: 'water_scarce', dailyCapacityM3: 50, populationServed: 1000, pipedToYard: true, fetchMinutes: null,
  reliabilityPct: 96, latestTest: { sampledOn: '2020-06-01', meetsGb5749: true, meetsRuralCriteria: true }, ...over,
});
const house = (over: Partial<HouseFacts> = {}): HouseFacts => ({
  id: 1, safetyRating: 'D', priorityGroup: null, renovationPath: 'rebuild', renovationStatus: 'accepted', householdSize: 3,
  rebuiltAreaM2: 50, oldDemolished: true, ...over,
});
const site = (over: Partial<RelocationSiteFacts> = {}): RelocationSiteFacts => ({
  id: 1, name: '安置点', areaPerPersonM2: 22, selfFundingPerPersonYuan: 2000, selfFundingMaxHouseholdYuan: 8000, oldHomesTotal: 40,
  oldHomesDemolished: 40, labourHouseholds: 30, employedHouseholds: 30, nearestSchoolKm: 1, nearestClinicKm: 0.5, ...over,
});
const AS_OF = '2020-10-31';

/** For every rule: facts that pass, facts that fail, facts whose verdict is unknown. */
const CASES: Record<string, { judge: (f: never) => RuleVerdict | null; pass: unknown; fail: unknown; unknown: unknown }> = {
  'village.incidence': { judge: (f: VillageFacts) => pick(judgeVillage(f, T), 'village.incidence'), pass: village(), fail: village({ notLiftedPeople: 30 }), unknown: village({ notLiftedPeople: null }) },
  'village.paved_road': { judge: (f: VillageFacts) => pick(judgeVillage(f, T), 'village.paved_road'), pass: village(), fail: village({ route: { connectedM: 4000, possibleM: 4000, nearestHardenedM: 20 } }), unknown: village({ route: { connectedM: 3000, possibleM: 20, nearestHardenedM: 3000 } }) },
  'village.bus': { judge: (f: VillageFacts) => pick(judgeVillage(f, T), 'village.bus'), pass: village(), fail: village({ bus: { servicedKm: 3.5, unrecordedKm: null } }), unknown: village({ bus: { servicedKm: 4, unrecordedKm: 0.5 } }) },
  'village.water': { judge: (f: VillageFacts) => pick(judgeVillage(f, T), 'village.water'), pass: village(), fail: village({ groups: [{ code: 'g1', name: '一组', sourceTiers: ['safe'] }, { code: 'g2', name: '二组', sourceTiers: [] }] }), unknown: village({ groups: [{ code: 'g1', name: '一组', sourceTiers: ['unknown'] }] }) },
  'village.power': { judge: (f: VillageFacts) => pick(judgeVillage(f, T), 'village.power'), pass: village(), fail: village({ powerCoveragePct: 97 }), unknown: village({ powerCoveragePct: null }) },
  'village.tv': { judge: (f: VillageFacts) => pick(judgeVillage(f, T), 'village.tv'), pass: village(), fail: village({ tvCoveragePct: 99.5 }), unknown: village({ tvCoveragePct: null }) },
  'village.culture': { judge: (f: VillageFacts) => pick(judgeVillage(f, T), 'village.culture'), pass: village(), fail: village({ culturalCentre: { items: ['room', 'square'] } }), unknown: village({ culturalCentre: { items: null } }) },
  'village.clinic': { judge: (f: VillageFacts) => pick(judgeVillage(f, T), 'village.clinic'), pass: village(), fail: village({ clinic: { ...village().clinic!, areaM2: 50 } }), unknown: village({ clinic: { ...village().clinic!, areaM2: null } }) },
  'village.doctor': { judge: (f: VillageFacts) => pick(judgeVillage(f, T), 'village.doctor'), pass: village(), fail: village({ clinic: { ...village().clinic!, licensedDoctors: 0 } }), unknown: village({ clinic: { ...village().clinic!, licensedDoctors: null } }) },
  'village.broadband': { judge: (f: VillageFacts) => pick(judgeVillage(f, T), 'village.broadband'), pass: village(), fail: village({ broadbandMbps: 20 }), unknown: village({ broadbandFibre: null }) },
  'road.surface': { judge: (f: never) => pick(judgeRoadSegment(f, T.road), 'road.surface'), pass: { id: 1, surface: 'asphalt', widthM: 4, exemption: null }, fail: { id: 1, surface: 'gravel', widthM: 4, exemption: null }, unknown: { id: 1, surface: null, widthM: 4, exemption: null } },
  'road.width': { judge: (f: never) => pick(judgeRoadSegment(f, T.road), 'road.width'), pass: { id: 1, surface: 'asphalt', widthM: 3.5, exemption: null }, fail: { id: 1, surface: 'asphalt', widthM: 3.2, exemption: null }, unknown: { id: 1, surface: 'asphalt', widthM: null, exemption: null } },
  'road.reaches_committee': { judge: (f: VillageFacts) => pick(judgeVillage(f, T), 'road.reaches_committee'), pass: village(), fail: village({ route: { connectedM: 250, possibleM: 250, nearestHardenedM: 250 } }), unknown: village({ route: { connectedM: 900, possibleM: 30, nearestHardenedM: 900 } }) },
  'road.group_coverage': { judge: (f: never) => judgeGroupCoverage(f, T.road), pass: { code: 'g', name: '一组', households: 40, hardenedM: 12, possibleM: 12 }, fail: { code: 'g', name: '一组', households: 40, hardenedM: 800, possibleM: 800 }, unknown: { code: 'g', name: '一组', households: null, hardenedM: 12, possibleM: 12 } },
  'water.quality': { judge: (f: WaterSourceFacts) => pick(judgeWaterSource(f, T.water, AS_OF), 'water.quality'), pass: source(), fail: source({ latestTest: { sampledOn: '2020-06-01', meetsGb5749: false, meetsRuralCriteria: false } }), unknown: source({ latestTest: { sampledOn: '2019-01-01', meetsGb5749: true, meetsRuralCriteria: true } }) },
  'water.quantity': { judge: (f: WaterSourceFacts) => pick(judgeWaterSource(f, T.water, AS_OF), 'water.quantity'), pass: source(), fail: source({ dailyCapacityM3: 15 }), unknown: source({ populationServed: null }) },
  'water.access': { judge: (f: WaterSourceFacts) => pick(judgeWaterSource(f, T.water, AS_OF), 'water.access'), pass: source(), fail: source({ pipedToYard: false, fetchMinutes: 30 }), unknown: source({ pipedToYard: null }) },
  'water.reliability': { judge: (f: WaterSourceFacts) => pick(judgeWaterSource(f, T.water, AS_OF), 'water.reliability'), pass: source(), fail: source({ reliabilityPct: 85 }), unknown: source({ reliabilityPct: null }) },
  'house.safety': { judge: (f: HouseFacts) => pick(judgeHouse(f, T.house), 'house.safety'), pass: house(), fail: house({ renovationStatus: 'in_progress' }), unknown: house({ safetyRating: null }) },
  'house.priority': { judge: (f: HouseFacts) => pick(judgeHouse(f, T.house), 'house.priority'), pass: house({ priorityGroup: 'dibao' }), fail: house({ priorityGroup: 'dibao', renovationStatus: 'planned' }), unknown: house({ priorityGroup: 'dibao', safetyRating: null }) },
  'house.rebuild_area': { judge: (f: HouseFacts) => pick(judgeHouse(f, T.house), 'house.rebuild_area'), pass: house(), fail: house({ householdSize: 2, rebuiltAreaM2: 25 }), unknown: house({ rebuiltAreaM2: null }) },
  'house.old_demolished': { judge: (f: HouseFacts) => pick(judgeHouse(f, T.house), 'house.old_demolished'), pass: house(), fail: house({ oldDemolished: false }), unknown: house({ oldDemolished: null }) },
  'relocation.area': { judge: (f: RelocationSiteFacts) => pick(judgeRelocationSite(f, T.relocation), 'relocation.area'), pass: site(), fail: site({ areaPerPersonM2: 28 }), unknown: site({ areaPerPersonM2: null }) },
  'relocation.self_funding': { judge: (f: RelocationSiteFacts) => pick(judgeRelocationSite(f, T.relocation), 'relocation.self_funding'), pass: site(), fail: site({ selfFundingMaxHouseholdYuan: 12_000 }), unknown: site({ selfFundingPerPersonYuan: null }) },
  'relocation.old_home': { judge: (f: RelocationSiteFacts) => pick(judgeRelocationSite(f, T.relocation), 'relocation.old_home'), pass: site(), fail: site({ oldHomesDemolished: 38 }), unknown: site({ oldHomesDemolished: null }) },
  'relocation.employment': { judge: (f: RelocationSiteFacts) => pick(judgeRelocationSite(f, T.relocation), 'relocation.employment'), pass: site(), fail: site({ employedHouseholds: 27 }), unknown: site({ employedHouseholds: null }) },
  'relocation.services': { judge: (f: RelocationSiteFacts) => pick(judgeRelocationSite(f, T.relocation), 'relocation.services'), pass: site(), fail: site({ nearestSchoolKm: 8 }), unknown: site({ nearestSchoolKm: null }) },
};

describe('every rule has a pass, a fail and an unknown case', () => {
  it('covers the whole catalogue', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  describe.each(Object.keys(CASES))('%s', (ruleId) => {
    const c = CASES[ruleId];
    it.each(['pass', 'fail', 'unknown'] as const)('%s', (expected) => {
      const v = c.judge(c[expected] as never)!;
      expect(v.ruleId).toBe(ruleId);
      expect(v.verdict).toBe(expected);
      expect(v.reasonZh.length).toBeGreaterThan(2);
      expect(v.reasonEn.length).toBeGreaterThan(2);
    });
  });
});

describe('the worked cases of the seeds', () => {
  const jigesitai = village({ name: '吉格斯台嘎查', population: 846, notLiftedPeople: 19 });

  it('吉格斯台嘎查 (2.25 %) fails the default 2 % profile and passes the western 3 % one', () => {
    const strict = pick(judgeVillage(jigesitai, T), 'village.incidence');
    expect(strict.verdict).toBe('fail');
    expect(strict.measured).toBeCloseTo(2.2459, 3);
    expect(strict.reasonZh).toBe('贫困发生率 2.25%（19/846），高于 2% 标准');
    expect(pick(judgeVillage(jigesitai, WESTERN), 'village.incidence').verdict).toBe('pass');
  });

  it('杏家村 (2.5 %) fails at 2 % and passes at 3 %; exactly 2 % passes (以下 includes the number)', () => {
    const xingjia = village({ population: 1000, notLiftedPeople: 25 });
    expect(pick(judgeVillage(xingjia, T), 'village.incidence').verdict).toBe('fail');
    expect(pick(judgeVillage(xingjia, WESTERN), 'village.incidence').verdict).toBe('pass');
    expect(pick(judgeVillage(village({ population: 1000, notLiftedPeople: 20 }), T), 'village.incidence').verdict).toBe('pass');
  });

  it('a clinic of 50 m² fails the 60 m² rule; a clinic with no recorded area is unknown', () => {
    const small = pick(judgeVillage(village({ clinic: { ...village().clinic!, areaM2: 50 } }), T), 'village.clinic');
    expect(small.verdict).toBe('fail');
    expect(small.reasonZh).toContain('低于 60 平方米标准');
    expect(pick(judgeVillage(village({ clinic: { ...village().clinic!, areaM2: null } }), T), 'village.clinic').verdict).toBe('unknown');
  });

  it('a 3.2 m road passes only with an exemption', () => {
    const plain = pick(judgeRoadSegment({ id: 1, surface: 'cement_concrete', widthM: 3.2, exemption: null }, T.road), 'road.width');
    expect(plain.verdict).toBe('fail');
    expect(plain.reasonZh).toBe('通村路宽 3.2 米，低于 3.5 米标准');
    expect(pick(judgeRoadSegment({ id: 1, surface: 'cement_concrete', widthM: 3.2, exemption: 'difficult_terrain' }, T.road), 'road.width').verdict).toBe('pass');
    expect(pick(judgeRoadSegment({ id: 1, surface: 'cement_concrete', widthM: 2.8, exemption: 'small_village' }, T.road), 'road.width').verdict).toBe('fail');
  });

  it('a paved stub near the committee that is not connected fails 通村 and says why', () => {
    const stub = pick(judgeVillage(village({ route: { connectedM: 5200, possibleM: 5200, nearestHardenedM: 15 } }), T), 'village.paved_road');
    expect(stub.verdict).toBe('fail');
    expect(stub.reasonZh).toContain('未与外部路网连通');
  });
});

describe('water tiers', () => {
  it('distinguish safe, basically safe and unsafe, and a source is as safe as its worst indicator', () => {
    expect(waterSourceTier(judgeWaterSource(source(), T.water, AS_OF))).toBe('safe');
    expect(waterSourceTier(judgeWaterSource(source({ dailyCapacityM3: 30 }), T.water, AS_OF))).toBe('basically_safe');
    expect(waterSourceTier(judgeWaterSource(source({ reliabilityPct: 80 }), T.water, AS_OF))).toBe('unsafe');
    expect(waterSourceTier(judgeWaterSource(source({ latestTest: null }), T.water, AS_OF))).toBe('unknown');
    expect(waterSourceTier(judgeWaterSource(source({ latestTest: null, reliabilityPct: 80 }), T.water, AS_OF))).toBe('unsafe');
  });

  it('follow the 2018 profile: 20 L is enough in a water-scarce area, 35 L needed in a water-rich one', () => {
    const scarce = source({ regionType: 'water_scarce', dailyCapacityM3: 22, populationServed: 1000 });
    expect(pick(judgeWaterSource(scarce, T.water, AS_OF), 'water.quantity').tier).toBe('basically_safe');
    expect(pick(judgeWaterSource(scarce, WATER_2018.water, AS_OF), 'water.quantity').tier).toBe('safe');
    expect(pick(judgeWaterSource({ ...scarce, regionType: 'water_rich' }, WATER_2018.water, AS_OF), 'water.quantity').verdict).toBe('fail');
  });
});

describe('exit readiness', () => {
  it('is ready only when every village rule passes, and lists what holds it back', () => {
    expect(exitReadiness(judgeVillage(village(), T))).toEqual({ ready: true, holdingBack: [] });
    const held = exitReadiness(judgeVillage(village({ notLiftedPeople: 30, broadbandFibre: null }), T));
    expect(held.ready).toBe(false);
    expect(held.holdingBack).toEqual([{ ruleId: 'village.incidence', verdict: 'fail' }, { ruleId: 'village.broadband', verdict: 'unknown' }]);
  });
});

describe('profiles', () => {
  it('ship valid thresholds', () => {
    for (const p of SHIPPED_PROFILES) expect(thresholdsSchema.safeParse(p.thresholds).success, p.key).toBe(true);
    expect(SHIPPED_PROFILES.filter((p) => p.isDefault)).toHaveLength(1);
  });

  it('refuse a threshold outside its range or inconsistent with another, naming the field', () => {
    const bad = structuredClone(T);
    bad.village.incidenceMaxPct = 40;
    const result = thresholdsSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['village', 'incidenceMaxPct']);
    const inverted = structuredClone(T);
    inverted.road.exemptMinWidthM = 4;
    expect(thresholdsSchema.safeParse(inverted).error!.issues[0].path).toEqual(['road', 'exemptMinWidthM']);
  });
});
