import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import { readFileSync } from 'node:fs';
import { generateSampleData, JIGESITAI } from './generate';
import { datasetChecksum } from './checksum';
import { NAIMAN_TOWNS } from './names';

const county = generateSampleData({ seed: 1 });

describe('the sample-county generator', () => {
  it('is deterministic: the same seed gives the same checksum over all rows', () => {
    expect(datasetChecksum(generateSampleData({ seed: 1 }))).toBe(datasetChecksum(county));
    expect(datasetChecksum(generateSampleData({ seed: 2 }))).not.toBe(datasetChecksum(county));
  });

  it('partitions the real 奈曼旗 boundary into its real towns', () => {
    expect(county.counties).toHaveLength(1);
    expect(county.counties[0]).toMatchObject({ code: '150525000000', name: '奈曼旗', isSample: true });
    expect(county.towns.map((t) => t.name)).toEqual(NAIMAN_TOWNS.map((t) => t.name));
    const countyArea = turf.area(county.counties[0].boundary as never);
    const townArea = county.towns.reduce((s, t) => s + turf.area(t.boundary as never), 0);
    expect(Math.abs(townArea - countyArea) / countyArea).toBeLessThan(0.005);
    expect(countyArea / 1e6).toBeGreaterThan(7500);
    expect(countyArea / 1e6).toBeLessThan(8700);
  });

  it('converts the boundary from GCJ-02 to WGS-84 (shifted by the known offset, a few hundred metres)', () => {
    const raw = JSON.parse(readFileSync(new URL('../../data/150525-naiman.geojson', import.meta.url), 'utf8'));
    const rawFirst = raw.features[0].geometry.coordinates[0][0][0] as [number, number];
    const converted = (county.counties[0].boundary as { coordinates: number[][][][] }).coordinates[0][0][0] as [number, number];
    const shiftMetres = turf.distance(rawFirst, converted, { units: 'meters' });
    expect(shiftMetres).toBeGreaterThan(100);
    expect(shiftMetres).toBeLessThan(1000);
    // GCJ-02 is offset roughly north-east of WGS-84 here, so WGS-84 lies west/south of the raw point.
    expect(converted[0]).toBeLessThan(rawFirst[0]);
  });

  it('makes about 300 villages with 2–5 groups each, inside the county', () => {
    expect(county.villages.length).toBeGreaterThan(270);
    expect(county.villages.length).toBeLessThan(330);
    const boundary = county.counties[0].boundary as never;
    for (const v of county.villages) expect(turf.booleanPointInPolygon((v.committee as { coordinates: number[] }).coordinates, boundary)).toBe(true);
    const perVillage = new Map<string, number>();
    for (const g of county.villageGroups) perVillage.set(g.villageCode, (perVillage.get(g.villageCode) ?? 0) + 1);
    for (const n of perVillage.values()) expect(n >= 2 && n <= 5).toBe(true);
    expect(new Set(county.villages.map((v) => v.code)).size).toBe(county.villages.length);
    for (const v of county.villages) expect(v.code).toMatch(/^150525\d{6}$/);
  });

  it('makes ≈ 3,000 house sites, ≈ 10 relocation sites, roads, water works with tests and facilities', () => {
    expect(county.houses.length).toBeGreaterThan(2700);
    expect(county.houses.length).toBeLessThan(3300);
    expect(county.relocationSites).toHaveLength(10);
    expect(county.roads.filter((r) => r.roadClass === 'trunk').length).toBeGreaterThanOrEqual(3);
    expect(county.roads.filter((r) => r.roadClass === 'village').length).toBeGreaterThan(300);
    expect(county.roads.filter((r) => r.roadClass === 'group').length).toBeGreaterThan(500);
    expect(county.waterSources.some((w) => w.kind === 'centralised_works')).toBe(true);
    expect(county.waterTests.length).toBeGreaterThan(county.waterSources.length);
    expect(new Set(county.villageFacilities.map((f) => f.kind))).toEqual(new Set(['school', 'clinic', 'cultural_centre', 'bus_stop']));
  });

  it('gives 吉格斯台嘎查 the real figures of seed 000', () => {
    const village = county.villages.find((v) => v.name === JIGESITAI.name)!;
    expect(village).toBeDefined();
    expect(county.towns.find((t) => t.code === village.townCode)!.name).toBe('大沁他拉镇');
    const stats = county.villageStats.find((s) => s.villageCode === village.code)!;
    expect(stats).toMatchObject({ households: 256, population: 846, notLiftedPeople: 19, notLiftedHouseholds: 5 });
    const groups = county.villageGroups.filter((g) => g.villageCode === village.code);
    expect(groups.map((g) => g.name)).toEqual(['大吉格斯台组', '小吉格斯台组', '舍金组']);
  });

  it('gives every house fictitious personal data in its own columns', () => {
    for (const h of county.houses.slice(0, 200)) {
      expect(h.headName).toBeTruthy();
      expect(h.headIdNumber).toMatch(/^150525\d{11}[\dX]$/);
      expect(h.headPhone).toMatch(/^1\d{10}$/);
    }
  });

  it('scales villages and features with --scale, not towns', () => {
    const double = generateSampleData({ seed: 1, scale: 2 });
    expect(double.towns).toHaveLength(county.towns.length);
    expect(double.villages.length / county.villages.length).toBeGreaterThan(1.8);
    expect(double.houses.length / county.houses.length).toBeGreaterThan(1.8);
    expect(double.relocationSites).toHaveLength(20);
  });

  it('covers all eight Tongliao counties with --prefecture', () => {
    const prefecture = generateSampleData({ seed: 1, prefecture: true });
    expect(prefecture.counties.map((c) => c.code)).toEqual([
      '150502000000', '150521000000', '150522000000', '150523000000', '150524000000', '150525000000', '150526000000', '150581000000',
    ]);
    expect(new Set(prefecture.roads.map((r) => r.id)).size).toBe(prefecture.roads.length);
    expect(new Set(prefecture.villages.map((v) => v.code)).size).toBe(prefecture.villages.length);
    expect(prefecture.villages.length).toBeGreaterThan(1500);
  });

  it('makes a synthetic province for benchmarks: Tongliao, then shifted copies under prefectures of their own, none overlapping', () => {
    const province = generateSampleData({ seed: 1, provinceCounties: 10 });
    expect(province.counties.map((c) => c.code)).toEqual([
      '150502000000', '150521000000', '150522000000', '150523000000', '150524000000', '150525000000', '150526000000', '150581000000',
      '150102000000', '150121000000',
    ]);
    expect(province.counties.map((c) => c.prefectureCode)).toEqual([...Array(8).fill('150500000000'), '150100000000', '150100000000']);
    expect(province.counties[8]).toMatchObject({ name: '科尔沁区（样例1）', prefectureName: '样例第1市' });
    // Every village lies under its own county's code, and each copy's box is clear of Tongliao's.
    expect(province.villages.every((v) => province.counties.some((c) => v.code.startsWith(c.code.slice(0, 6))))).toBe(true);
    const box = (counties: typeof province.counties) => {
      const xs = counties.flatMap((c) => (c.boundary as MultiPolygon).coordinates.flat(2).map((p) => p[0]));
      return [Math.min(...xs), Math.max(...xs)];
    };
    const [, copyEast] = box(province.counties.slice(8));
    const [tongliaoWest] = box(province.counties.slice(0, 8));
    expect(copyEast).toBeLessThan(tongliaoWest);
  }, 60_000);
});
