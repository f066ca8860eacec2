import type { MultiPolygon, Position } from 'geojson';
import { CLINIC_ROOMS, CULTURE_ITEMS } from '@cuntu/domain';
import { Random } from './random';
import { loadCountyBoundaries, NAIMAN_CODE, TONGLIAO_CODE, TONGLIAO_NAME, type CountyBoundary } from './boundaries';
import { GENERATE_DEFAULTS, SAMPLE_AS_OF, type GenerateOptions, type SampleDataset } from './dataset';
import {
  areaKm2, circle, inside, km, line, move, nearestOnBoundary, nearestOnLines, partition, point, spreadPoints,
  wigglyPath, type Pos,
} from './geo';
import { NAIMAN_TOWNS, groupName, personName, phoneNumber, residentId, syntheticTownName, villageName } from './names';

/** 奈曼旗 has ≈ 300 administrative villages on ≈ 8,100 km²; other counties get the same density. */
const VILLAGES_PER_KM2 = 300 / 8100;
const HOUSES_PER_VILLAGE = 10;
const RELOCATION_SITES_PER_COUNTY = 10;

/** 吉格斯台嘎查's real figures, from seed 000 (assessment summary of the village). */
export const JIGESITAI = {
  name: '吉格斯台嘎查',
  households: 256,
  population: 846,
  registeredPoorHouseholds: 65,
  registeredPoorPeople: 194,
  notLiftedHouseholds: 5,
  notLiftedPeople: 19,
  groups: [
    { name: '大吉格斯台组', households: 89, population: 305 },
    { name: '小吉格斯台组', households: 71, population: 246 },
    { name: '舍金组', households: 96, population: 318 },
  ],
} as const;

/** Generates a sample county (or the whole prefecture) deterministically from a seed. */
export function generateSampleData(options: GenerateOptions = {}): SampleDataset {
  const opts = { ...GENERATE_DEFAULTS, ...options };
  const root = new Random(opts.seed);
  const boundaries = opts.provinceCounties > 0 ? provinceOf(opts.provinceCounties) : loadCountyBoundaries(opts.prefecture).map((c) => ({ ...c, prefectureCode: TONGLIAO_CODE, prefectureName: TONGLIAO_NAME }));
  const data: SampleDataset = {
    meta: { seed: opts.seed, scale: opts.scale, prefecture: opts.prefecture, asOf: SAMPLE_AS_OF, countyCodes: [] },
    counties: [], towns: [], villages: [], villageGroups: [], villageStats: [], roads: [], villageFacilities: [],
    waterSources: [], waterTests: [], waterSourceGroups: [], houses: [], relocationSites: [], povertyAssets: [],
  };
  const ids = { road: 0, facility: 0, source: 0, test: 0, house: 0, site: 0, asset: 0 };
  for (const county of boundaries) {
    new CountyGenerator(root.fork(county.code), county, opts.scale, data, ids).run();
    data.meta.countyCodes.push(`${county.code}000000`);
  }
  return data;
}

interface VillagePlan {
  code: string;
  name: string;
  committee: Pos;
  groups: Array<{ code: string; pos: Pos; households: number | null; population: number | null }>;
  households: number;
}

/** A county boundary with the prefecture it lies in. */
type PlacedCounty = CountyBoundary & { prefectureCode: string; prefectureName: string };

/** Prefecture codes of a synthetic province: Tongliao's own first, then others of the province. */
const PROVINCE_PREFECTURES = ['05', '01', '02', '03', '04', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '25'];

/**
 * `count` counties of a synthetic province: Tongliao's eight, then copies of them (same shapes, codes
 * under another prefecture, names marked as copies), each prefecture's copy shifted by whole degrees so
 * that none overlaps another.
 */
function provinceOf(count: number): PlacedCounty[] {
  const tongliao = loadCountyBoundaries(true);
  const perPrefecture = tongliao.length;
  if (count > perPrefecture * PROVINCE_PREFECTURES.length) throw new Error(`a synthetic province has at most ${perPrefecture * PROVINCE_PREFECTURES.length} counties`);
  return Array.from({ length: count }, (_, i) => {
    const k = Math.floor(i / perPrefecture);
    const county = tongliao[i % perPrefecture];
    if (k === 0) return { ...county, prefectureCode: TONGLIAO_CODE, prefectureName: TONGLIAO_NAME };
    const prefectureCode = `15${PROVINCE_PREFECTURES[k]}00`;
    // A grid of prefectures four wide: Tongliao spans about 4.5° of longitude and 3.4° of latitude.
    const [dx, dy] = [-5 * (k % 4), [0, 3.6, -3.6, 7.2, -7.2, 10.8, -10.8][Math.floor(k / 4)]];
    const shift = (ring: Position[]) => ring.map(([x, y]) => [Math.round((x + dx) * 1e6) / 1e6, Math.round((y + dy) * 1e6) / 1e6]);
    return {
      code: `${prefectureCode.slice(0, 4)}${county.code.slice(4)}`, name: `${county.name}（样例${k}）`,
      boundary: { type: 'MultiPolygon', coordinates: county.boundary.coordinates.map((poly) => poly.map(shift)) },
      prefectureCode, prefectureName: `样例第${k}市`,
    };
  });
}

/** Builds one county into `data`; ids continue across counties so a prefecture has unique keys. */
class CountyGenerator {
  private readonly code: string;
  private towns: Array<{ code: string; name: string; seat: Pos; area: MultiPolygon }> = [];
  private villages: VillagePlan[] = [];
  private trunkLines: Position[][] = [];
  private schools: Pos[] = [];
  /** Villages that meet every standard (data permitting): so the map shows villages ready to exit, too. */
  private model = new Set<string>();
  private readonly modelRng: Random;

  constructor(
    private readonly rng: Random,
    private readonly county: PlacedCounty,
    private readonly scale: number,
    private readonly data: SampleDataset,
    private readonly ids: Record<'road' | 'facility' | 'source' | 'test' | 'house' | 'site' | 'asset', number>,
  ) {
    this.code = `${county.code}000000`;
    this.modelRng = rng.fork('model');
  }

  run(): void {
    this.data.counties.push({
      code: this.code,
      name: this.county.name,
      prefectureCode: `${this.county.prefectureCode}000000`,
      prefectureName: this.county.prefectureName,
      boundary: this.county.boundary,
      isSample: true,
      sourceNote: 'Boundary: DataV.GeoAtlas (GCJ-02 → WGS-84 with gcoord). Everything inside it is synthetic sample data.',
    });
    this.makeTowns();
    this.makeVillages();
    this.makeTrunkRoads();
    this.makeVillageRoads();
    this.makeFacilities();
    this.makeWater();
    this.makeHouses();
    this.makeRelocationSites();
    this.makeAssets();
  }

  private isNaiman(): boolean {
    return this.county.code === NAIMAN_CODE;
  }

  private makeTowns(): void {
    const rng = this.rng.fork('towns');
    const area = areaKm2(this.county.boundary);
    const taken = new Set<string>();
    const townNames = this.isNaiman()
      ? NAIMAN_TOWNS
      : Array.from({ length: Math.max(4, Math.min(15, Math.round(area / 650))) }, () => syntheticTownName(rng, taken));
    const seats = spreadPoints(rng, this.county.boundary, townNames.length, 12);
    const cells = partition(this.county.boundary, seats);
    townNames.forEach((town, i) => {
      const code = `${this.county.code}${100 + i}000`;
      this.towns.push({ code, name: town.name, seat: seats[i], area: cells[i] });
      this.data.towns.push({ code, countyCode: this.code, name: town.name, kind: town.kind, seat: point(seats[i]), boundary: cells[i] });
    });
  }

  private makeVillages(): void {
    const rng = this.rng.fork('villages');
    const total = Math.max(this.towns.length * 3, Math.round(areaKm2(this.county.boundary) * VILLAGES_PER_KM2 * this.scale));
    const townAreas = this.towns.map((t) => areaKm2(t.area));
    const sum = townAreas.reduce((a, b) => a + b, 0);
    const names = new Set<string>();
    this.towns.forEach((town, t) => {
      const count = Math.max(3, Math.round((total * townAreas[t]) / sum));
      const committees = spreadPoints(rng, town.area, count, 6);
      const cells = partition(town.area, committees);
      committees.forEach((committee, v) => {
        const code = `${town.code.slice(0, 9)}${200 + v}`;
        const isJigesitai = this.isNaiman() && t === 0 && v === 0;
        const kind = isJigesitai || rng.chance(this.county.name.endsWith('旗') ? 0.5 : 0.2) ? 'gacha' : 'village';
        const name = isJigesitai ? JIGESITAI.name : villageName(rng, kind, names);
        names.add(name);
        this.data.villages.push({
          code, townCode: town.code, name, kind, committee: point(committee), boundary: cells[v],
          settlement: rng.chance(0.5) ? circle(committee, 0.35, 8) : null,
        });
        if (!isJigesitai && this.modelRng.chance(0.4)) this.model.add(code);
        this.villages.push(this.makeGroups(rng, code, name, committee, isJigesitai));
      });
    });
  }

  private makeGroups(rng: Random, code: string, name: string, committee: Pos, isJigesitai: boolean): VillagePlan {
    const specs = isJigesitai
      ? JIGESITAI.groups.map((g) => ({ ...g }))
      : Array.from({ length: rng.int(2, 5) }, (_, i) => {
          const households = rng.int(12, 110);
          return { name: groupName(name, i), households, population: Math.round(households * rng.float(2.6, 3.6, 2)) };
        });
    const groups = specs.map((spec, i) => {
      const pos = i === 0 ? move(committee, 0.03, rng.int(0, 359)) : this.pointInsideCounty(rng, committee, rng.float(0.6, 2.5));
      // A few groups lack a household count: their 通组 verdict is unknown.
      const unknownSize = !isJigesitai && rng.chance(0.04);
      const group = {
        code: `${code}${String(i + 1).padStart(3, '0')}`, pos,
        households: unknownSize ? null : spec.households, population: unknownSize ? null : spec.population,
      };
      this.data.villageGroups.push({
        code: group.code, villageCode: code, name: spec.name, households: group.households, population: group.population,
        settlement: point(pos),
      });
      return group;
    });
    const households = specs.reduce((s, g) => s + g.households, 0);
    const population = specs.reduce((s, g) => s + g.population, 0);
    this.data.villageStats.push(isJigesitai ? this.jigesitaiStats(code) : this.villageStats(rng, code, households, population, this.model.has(code)));
    return { code, name, committee, groups, households };
  }

  /** A point `distanceKm` from `from` in a random direction, inside the county (closer in when needed). */
  private pointInsideCounty(rng: Random, from: Pos, distanceKm: number): Pos {
    for (let attempt = 0; attempt < 24; attempt++) {
      const p = move(from, distanceKm * (1 - attempt / 30), rng.int(0, 359));
      if (inside(p, this.county.boundary)) return p;
    }
    return from;
  }

  private jigesitaiStats(code: string): SampleDataset['villageStats'][number] {
    const { households, population, registeredPoorHouseholds, registeredPoorPeople, notLiftedHouseholds, notLiftedPeople } = JIGESITAI;
    return {
      villageCode: code, year: 2020, households, population, registeredPoorHouseholds, registeredPoorPeople, notLiftedHouseholds,
      notLiftedPeople, powerCoveragePct: 100, tvCoveragePct: 100, broadbandFibre: true, broadbandMbps: 100,
    };
  }

  private villageStats(rng: Random, code: string, households: number, population: number, model: boolean): SampleDataset['villageStats'][number] {
    const registeredPoorPeople = Math.round(population * rng.float(0.08, 0.25, 3));
    // Incidence: mostly under 2 %, some between 2 % and 3 % (fails the default, passes the western profile), some above.
    const band = model ? 'low' : rng.weighted({ low: 62, middle: 16, high: 12, missing: 10 });
    const rate = band === 'low' ? rng.float(0, 0.019, 4) : band === 'middle' ? rng.float(0.021, 0.029, 4) : rng.float(0.032, 0.06, 4);
    const notLiftedPeople = band === 'missing' ? null : Math.round(population * rate);
    const coverage = () => (model ? 'full' : rng.weighted({ full: 85, partial: 8, missing: 7 }));
    const pct = (c: string) => (c === 'full' ? 100 : c === 'partial' ? rng.float(92, 99.5) : null);
    const broadband = model ? 'good' : rng.weighted({ good: 75, slow: 8, none: 7, missing: 10 });
    return {
      villageCode: code, year: 2020, households, population,
      registeredPoorHouseholds: Math.round(households * rng.float(0.08, 0.25, 3)), registeredPoorPeople,
      notLiftedHouseholds: notLiftedPeople === null ? null : Math.ceil(notLiftedPeople / 3), notLiftedPeople,
      powerCoveragePct: pct(coverage()), tvCoveragePct: pct(coverage()),
      broadbandFibre: broadband === 'missing' ? null : broadband !== 'none',
      broadbandMbps: broadband === 'good' ? rng.pick([50, 100, 200]) : broadband === 'slow' ? rng.pick([10, 20]) : null,
    };
  }

  /** Trunk roads: a minimum spanning tree over the town seats, plus exits to the county boundary. */
  private makeTrunkRoads(): void {
    const rng = this.rng.fork('trunk');
    const seats = this.towns.map((t) => t.seat);
    const inTree = new Set([0]);
    while (inTree.size < seats.length) {
      let best: [number, number, number] = [-1, -1, Infinity];
      for (const a of inTree) for (let b = 0; b < seats.length; b++) {
        if (!inTree.has(b) && km(seats[a], seats[b]) < best[2]) best = [a, b, km(seats[a], seats[b])];
      }
      inTree.add(best[1]);
      this.addTrunk(rng, wigglyPath(rng, seats[best[0]], seats[best[1]], 3, 1.5), best[0] === 0 ? 'county' : 'township');
    }
    // The three seats nearest the boundary get a road out of the county: the outside network.
    const byEdge = seats.map((s, i) => ({ i, exit: nearestOnBoundary(s, this.county.boundary) }))
      .sort((a, b) => km(seats[a.i], a.exit) - km(seats[b.i], b.exit)).slice(0, 3);
    for (const { i, exit } of byEdge) this.addTrunk(rng, wigglyPath(rng, seats[i], exit, 2, 0.5), 'trunk');
  }

  private addTrunk(rng: Random, path: Pos[], roadClass: 'trunk' | 'county' | 'township'): void {
    this.trunkLines.push(path);
    this.data.roads.push({
      id: ++this.ids.road, externalId: `S-${this.county.code}-${this.ids.road}`, countyCode: this.code, villageCode: null,
      name: roadClass === 'trunk' ? `G${rng.int(100, 999)}国道` : `${roadClass === 'county' ? 'X' : 'Y'}${rng.int(100, 999)}`,
      roadClass, surface: 'asphalt', widthM: rng.pick([7, 8.5, 12]), exemption: null, buildYear: rng.int(2000, 2015),
      project: null, geom: line(path),
    });
  }

  /**
   * Each village's 通村 route from the trunk network to its committee, as a chain of 2–3 segments, with
   * every kind of verdict represented: good, narrow with and without exemption, gravel, a disconnected
   * stub, missing width or surface, and a route ending short of the committee. Then its group roads.
   */
  private makeVillageRoads(): void {
    const rng = this.rng.fork('village-roads');
    for (const village of this.villages) {
      const isJigesitai = village.name === JIGESITAI.name && this.isNaiman();
      const scenario = isJigesitai || this.model.has(village.code) ? 'good' : rng.weighted({
        good: 64, exempt_narrow: 6, narrow: 6, gravel_link: 5, stub: 6, no_width: 4, no_surface: 4, short: 5,
      });
      const start = nearestOnLines(village.committee, this.trunkLines);
      const end = scenario === 'short' ? move(village.committee, 0.25, rng.int(0, 359)) : village.committee;
      const parts = km(start, end) > 3 ? 3 : 2;
      const path = wigglyPath(rng, start, end, parts - 1, Math.min(0.4, km(start, end) / 8));
      const baseWidth = rng.pick([3.5, 4, 4.5, 5, 6]);
      const surface = rng.pick(['cement_concrete', 'cement_concrete', 'asphalt'] as const);
      for (let s = 0; s < parts; s++) {
        const last = s === parts - 1;
        if (scenario === 'stub' && !last) continue; // only the paved piece near the committee exists
        const segmentSurface = scenario === 'gravel_link' && s === 0 ? 'gravel' : scenario === 'no_surface' && s === 0 ? null : surface;
        const width = scenario === 'narrow' || scenario === 'exempt_narrow' ? 3.2 : scenario === 'no_width' && last ? null : baseWidth;
        this.data.roads.push({
          id: ++this.ids.road, externalId: `V-${village.code}-${s + 1}`, countyCode: this.code, villageCode: village.code,
          name: `${village.name}通村路`, roadClass: 'village', surface: segmentSurface, widthM: width,
          exemption: scenario === 'exempt_narrow' ? rng.pick(['difficult_terrain', 'small_village'] as const) : null,
          buildYear: rng.int(2012, 2020), project: `${rng.int(2014, 2020)}年通村硬化路工程`,
          geom: line([path[s], path[s + 1]]),
        });
      }
      for (const group of village.groups.slice(1)) {
        const groupSurface = rng.weighted({ cement_concrete: 60, gravel: 18, earth: 10, missing: 12 });
        this.data.roads.push({
          id: ++this.ids.road, externalId: `G-${group.code}`, countyCode: this.code, villageCode: village.code,
          name: null, roadClass: 'group', surface: groupSurface === 'missing' ? null : groupSurface,
          widthM: rng.pick([3, 3.5, 4]), exemption: null, buildYear: rng.int(2015, 2020), project: null,
          geom: line(wigglyPath(rng, group.pos, village.committee, 1, 0.2)),
        });
      }
    }
  }

  private makeFacilities(): void {
    const rng = this.rng.fork('facilities');
    const add = (row: Omit<SampleDataset['villageFacilities'][number], 'id' | 'externalId' | 'countyCode'>) =>
      this.data.villageFacilities.push({ id: ++this.ids.facility, externalId: `F-${this.county.code}-${this.ids.facility}`, countyCode: this.code, ...row });
    for (const town of this.towns) {
      const school = move(town.seat, 0.3, rng.int(0, 359));
      this.schools.push(school);
      add({ villageCode: null, kind: 'school', name: '中心小学', location: point(school) });
    }
    for (const village of this.villages) {
      const model = this.model.has(village.code);
      const population = village.groups.reduce((s, g) => s + (g.population ?? 0), 0);
      if (model || rng.chance(0.93)) {
        const area = model ? 'good' : rng.weighted({ good: 78, small: 10, missing: 12 });
        const rooms = model || rng.chance(0.85) ? [...CLINIC_ROOMS] : CLINIC_ROOMS.filter((r) => r !== 'pharmacy');
        const doctors = model ? 'one' : rng.weighted({ one: 80, none: 10, missing: 10 });
        add({
          villageCode: village.code, kind: 'clinic', name: `${village.name}卫生室`, location: point(move(village.committee, 0.1, rng.int(0, 359))),
          clinicAreaM2: area === 'good' ? rng.int(60, 120) : area === 'small' ? 50 : null,
          clinicRooms: !model && rng.chance(0.05) ? null : rooms,
          clinicStaff: model ? Math.max(1, Math.ceil(population / 1000)) : rng.chance(0.06) ? null : rng.int(1, 3),
          licensedDoctors: doctors === 'one' ? rng.int(1, 2) : doctors === 'none' ? 0 : null,
        });
      }
      if (model || rng.chance(0.93)) {
        const items = model ? 'all' : rng.weighted({ all: 80, partial: 12, missing: 8 });
        add({
          villageCode: village.code, kind: 'cultural_centre', name: `${village.name}综合文化服务中心`,
          location: point(move(village.committee, 0.05, rng.int(0, 359))),
          cultureItems: items === 'all' ? [...CULTURE_ITEMS] : items === 'partial' ? CULTURE_ITEMS.filter((i) => i !== 'stage') : null,
        });
      }
      const bus = model ? 'near' : rng.weighted({ near: 74, far: 10, unrecorded: 8, none: 8 });
      if (bus !== 'none') {
        add({
          villageCode: village.code, kind: 'bus_stop', name: `${village.name}站`,
          location: point(move(village.committee, bus === 'far' ? rng.float(3, 5) : rng.float(0.2, 1.5), rng.int(0, 359))),
          busLine: `${rng.int(1, 30)}路`, hasBusService: bus === 'unrecorded' ? null : true,
        });
      }
    }
  }

  /**
   * Water: a centralised works at each town seat serving nearby villages, small works or wells elsewhere,
   * a few sources that serve by service area instead of assignment, and groups no source serves.
   */
  private makeWater(): void {
    const rng = this.rng.fork('water');
    const groupPopulation = (g: VillagePlan['groups'][number]) => g.population ?? 0;
    const addSource = (name: string, kind: SampleDataset['waterSources'][number]['kind'], at: Pos, served: VillagePlan['groups'], byArea: boolean, model = false) => {
      const id = ++this.ids.source;
      const population = served.reduce((s, g) => s + groupPopulation(g), 0);
      const litres = model ? 'safe' : rng.weighted({ safe: 70, basic: 14, low: 8, missing: 8 });
      const perPerson = litres === 'safe' ? rng.int(45, 80) : litres === 'basic' ? rng.int(22, 38) : rng.int(10, 18);
      const piped = kind === 'centralised_works' || (kind === 'small_works' && (model || rng.chance(0.7)));
      const fetch = model ? 'quick' : rng.weighted({ quick: 50, medium: 25, slow: 12, missing: 13 });
      const reliability = model ? 'high' : rng.weighted({ high: 72, medium: 14, low: 7, missing: 7 });
      this.data.waterSources.push({
        id, externalId: `W-${this.county.code}-${id}`, countyCode: this.code, name, kind,
        regionType: rng.chance(0.7) ? 'water_scarce' : 'water_rich',
        dailyCapacityM3: litres === 'missing' ? null : Math.round(population * perPerson) / 1000,
        populationServed: litres === 'missing' ? null : population,
        pipedToYard: piped ? true : fetch === 'missing' ? null : false,
        fetchMinutes: piped || fetch === 'missing' ? null : fetch === 'quick' ? rng.int(4, 10) : fetch === 'medium' ? rng.int(12, 20) : rng.int(25, 40),
        reliabilityPct: reliability === 'high' ? rng.float(95, 99.5) : reliability === 'medium' ? rng.float(90, 94.9) : reliability === 'low' ? rng.float(80, 89) : null,
        location: point(at), serviceArea: byArea ? { type: 'MultiPolygon', coordinates: [circle(at, 3).coordinates] } : null,
      });
      if (!byArea) for (const g of served) this.data.waterSourceGroups.push({ sourceId: id, groupCode: g.code });
      this.addWaterTests(rng, id, model);
    };
    const servedByWorks = new Set<string>();
    for (const town of this.towns) {
      const near = this.villages.filter((v) => v.code.startsWith(town.code.slice(0, 9)) && km(v.committee, town.seat) < 8);
      near.forEach((v) => servedByWorks.add(v.code));
      addSource(`${town.name}集中供水厂`, 'centralised_works', town.seat, near.flatMap((v) => v.groups), false);
    }
    for (const village of this.villages.filter((v) => !servedByWorks.has(v.code))) {
      const model = this.model.has(village.code);
      const unserved = !model && rng.chance(0.03) ? village.groups[village.groups.length - 1] : null;
      const groups = village.groups.filter((g) => g !== unserved);
      if (model || rng.chance(0.55)) {
        const byArea = rng.chance(0.08);
        addSource(`${village.name}供水站`, 'small_works', village.committee, groups, byArea, model);
      } else {
        for (const g of groups) addSource(`${village.name}${g.code.slice(-3)}号水井`, rng.chance(0.85) ? 'well' : 'spring', move(g.pos, 0.05, 90), [g], false);
      }
    }
  }

  private addWaterTests(rng: Random, sourceId: number, model: boolean): void {
    const history = model ? 'current' : rng.weighted({ current: 80, stale: 6, none: 6, failing: 8 });
    if (history === 'none') return;
    const latest = history === 'stale' ? rng.int(400, 700) : rng.int(20, 300); // days before the as-of date
    for (let k = 0; k < rng.int(1, 3); k++) {
      const daysBefore = latest + k * 180;
      const meetsGb = history === 'failing' ? false : k > 0 ? rng.chance(0.8) : rng.chance(0.85);
      this.data.waterTests.push({
        id: ++this.ids.test, sourceId, sampledOn: daysBeforeAsOf(daysBefore),
        meetsGb5749: meetsGb, meetsRuralCriteria: meetsGb || model || (history !== 'failing' && rng.chance(0.9)),
        lab: '旗疾控中心', note: null,
      });
    }
  }

  private makeHouses(): void {
    const rng = this.rng.fork('houses');
    const totalHouseholds = this.villages.reduce((s, v) => s + v.households, 0);
    const target = Math.round(this.villages.length * HOUSES_PER_VILLAGE);
    let notDemolishedLeft = 13; // seed 001 found 13 "new house built, old not demolished" cases in one town
    for (const village of this.villages) {
      const count = Math.max(1, Math.round((target * village.households) / totalHouseholds));
      for (let h = 0; h < count; h++) {
        const group = rng.pick(village.groups);
        const rating = rng.weighted({ A: 8, B: 12, C: 36, D: 38, missing: 6 });
        const dangerous = rating === 'C' || rating === 'D';
        const path = rating === 'C' ? 'repair' : rating === 'D' ? (rng.chance(0.8) ? 'rebuild' : 'relocate') : null;
        const status = dangerous ? rng.weighted({ accepted: 48, completed: 20, in_progress: 12, planned: 8, identified: 7, missing: 5 }) : null;
        const size = rng.chance(0.04) ? null : rng.weighted({ 1: 20, 2: 30, 3: 25, 4: 15, 5: 7, 6: 3 });
        const done = status === 'completed' || status === 'accepted';
        const rebuilt = path === 'rebuild' && done;
        const areaCase = rebuilt ? rng.weighted({ fit: 80, small: 7, large: 6, missing: 7 }) : null;
        const demolished = rebuilt ? (notDemolishedLeft > 0 && rng.chance(0.1) ? (notDemolishedLeft--, false) : rng.chance(0.05) ? null : true) : null;
        this.data.houses.push({
          id: ++this.ids.house, externalId: `H-${village.code}-${h + 1}`, villageCode: village.code, groupCode: group.code,
          location: point(move(group.pos, rng.float(0.02, 0.4, 3), rng.int(0, 359))),
          safetyRating: rating === 'missing' ? null : rating,
          priorityGroup: rng.weighted({ registered_poor: 40, dibao: 15, tekun: 5, disabled_poor: 5, none: 35 }) as never,
          renovationPath: path, renovationStatus: status === 'missing' ? null : status,
          householdSize: size === null ? null : Number(size),
          rebuiltAreaM2: areaCase === null || areaCase === 'missing' ? null : rebuiltArea(rng, Number(size ?? 3), areaCase),
          oldDemolished: demolished,
          headName: personName(rng), headIdNumber: residentId(rng, this.county.code), headPhone: phoneNumber(rng),
        });
        const last = this.data.houses[this.data.houses.length - 1];
        if ((last.priorityGroup as string) === 'none') last.priorityGroup = null;
      }
    }
  }

  /**
   * Poverty-alleviation assets as seed 001 describes a town's: 500 kW village PV stations earning
   * tens of thousands of yuan a year for the households without labour, an industry project here and
   * there (a cold store, a cooperative's greenhouses), and a 扶贫车间 workshop near each town's seat.
   * Some ledger figures are missing, as in a county's real ledger.
   */
  private makeAssets(): void {
    const rng = this.rng.fork('assets');
    const add = (row: Omit<SampleDataset['povertyAssets'][number], 'id' | 'externalId' | 'countyCode'>) =>
      this.data.povertyAssets.push({ id: ++this.ids.asset, externalId: `A-${this.county.code}-${this.ids.asset}`, countyCode: this.code, ...row });
    const maybe = <T>(value: T) => (rng.chance(0.1) ? null : value);
    for (const village of this.villages) {
      if (rng.chance(0.2)) {
        const kw = rng.chance(0.8) ? 500 : 300;
        add({
          villageCode: village.code, kind: 'pv_station', name: `${village.name}光伏电站`, location: point(move(village.committee, rng.float(0.3, 1.2), rng.int(0, 359))),
          capacityKw: kw, investmentWanYuan: maybe(rng.float(kw * 0.7, kw * 0.85)), buildYear: rng.int(2016, 2019),
          beneficiaryHouseholds: maybe(rng.int(10, 40)), annualIncomeWanYuan: maybe(rng.float(kw * 0.04, kw * 0.07)),
        });
      }
      if (rng.chance(0.08)) {
        add({
          villageCode: village.code, kind: 'industry_project', name: `${village.name}${rng.pick(['恒温库', '蔬菜大棚', '养殖场', '合作社'])}`,
          location: point(move(village.committee, rng.float(0.2, 1), rng.int(0, 359))),
          investmentWanYuan: maybe(rng.float(50, 300)), buildYear: maybe(rng.int(2016, 2020)),
          beneficiaryHouseholds: maybe(rng.int(20, 200)), annualIncomeWanYuan: maybe(rng.float(3, 30)),
        });
      }
    }
    for (const town of this.towns) {
      const village = this.villages.find((v) => v.code.startsWith(town.code.slice(0, 9))) ?? null;
      add({
        villageCode: village?.code ?? null, kind: 'workshop', name: `${town.name}扶贫车间`, location: point(move(town.seat, rng.float(0.2, 0.8), rng.int(0, 359))),
        investmentWanYuan: maybe(rng.float(50, 200)), buildYear: rng.int(2017, 2020),
        beneficiaryHouseholds: maybe(rng.int(10, 60)), annualIncomeWanYuan: maybe(rng.float(5, 20)),
      });
    }
  }

  private makeRelocationSites(): void {
    const rng = this.rng.fork('relocation');
    const count = Math.max(3, Math.round(RELOCATION_SITES_PER_COUNTY * this.scale));
    // The village farthest from every school gets a dispersed site: its services verdict is unknown or failing.
    const remote = [...this.villages].sort((a, b) => this.schoolDistance(b.committee) - this.schoolDistance(a.committee))[0];
    for (let s = 0; s < count; s++) {
      const centralised = s < Math.ceil(count * 0.6);
      const town = this.towns[s % this.towns.length];
      const village = s === count - 1 ? remote : rng.pick(this.villages);
      const at = centralised ? move(town.seat, rng.float(0.5, 1.5), rng.int(0, 359)) : move(village.committee, 0.3, rng.int(0, 359));
      const households = centralised ? rng.int(30, 200) : rng.int(5, 25);
      const people = Math.round(households * rng.float(2.5, 3.4, 2));
      // The first three sites rotate through pass / fail / missing for each red line, so every county has all three.
      let redLine = 0;
      const pick = <T>(pass: () => T, fail: () => T) => {
        const c = s < 3 ? (['pass', 'fail', 'missing'] as const)[(s + redLine++) % 3] : rng.weighted({ pass: 70, fail: 18, missing: 12 });
        return c === 'pass' ? pass() : c === 'fail' ? fail() : null;
      };
      const oldHomes = households;
      const labour = Math.round(households * 0.8);
      this.data.relocationSites.push({
        id: ++this.ids.site, externalId: `R-${this.county.code}-${s + 1}`, countyCode: this.code, villageCode: village.code,
        name: centralised ? `${town.name}易地扶贫搬迁集中安置点` : `${village.name}分散安置点`,
        kind: centralised ? 'centralised' : 'dispersed', location: point(at),
        footprint: centralised ? circle(at, 0.25, 8) : null, households, people,
        areaPerPersonM2: pick(() => rng.float(18, 25), () => rng.float(26, 32)),
        selfFundingPerPersonYuan: pick(() => rng.int(0, 25) * 100, () => rng.int(28, 40) * 100),
        selfFundingMaxHouseholdYuan: pick(() => rng.int(20, 100) * 100, () => rng.int(110, 150) * 100),
        oldHomesTotal: oldHomes, oldHomesDemolished: pick(() => oldHomes, () => oldHomes - rng.int(1, 3)),
        labourHouseholds: labour, employedHouseholds: pick(() => labour, () => labour - rng.int(1, 4)),
      });
    }
  }

  private schoolDistance(p: Pos): number {
    return Math.min(...this.schools.map((s) => km(s, p)));
  }
}

function rebuiltArea(rng: Random, size: number, fit: 'fit' | 'small' | 'large'): number {
  const min = size <= 3 ? [20, 30, 40][size - 1] ?? 40 : 13 * size;
  const max = size <= 3 ? 60 : 18 * size;
  if (fit === 'small') return Math.max(10, min - rng.int(5, 10));
  if (fit === 'large') return max + rng.int(10, 30);
  return rng.int(min, max);
}

function daysBeforeAsOf(days: number): string {
  const d = new Date(`${SAMPLE_AS_OF}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}
