import { boolean, index, integer, pgTable, real, text, varchar, unique, serial } from 'drizzle-orm/pg-core';
import { TOWN_KINDS, VILLAGE_KINDS } from '@cuntu/domain';
import { geometry } from '../geometry';
import { editable } from './columns';

/** 县 (旗): 12-digit statistical division code, e.g. 150525000000 for 奈曼旗. */
export const counties = pgTable(
  'counties',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    prefectureCode: varchar('prefecture_code', { length: 12 }).notNull(),
    /** The prefecture's name (通辽市), where known: what roll-ups call the prefecture. */
    prefectureName: text('prefecture_name'),
    boundary: geometry('boundary', 'MultiPolygon').notNull(),
    isSample: boolean('is_sample').notNull().default(false),
    sourceNote: text('source_note'),
  },
  (t) => [index('counties_boundary_gix').using('gist', t.boundary)],
);

/** 乡镇 (镇 / 乡 / 苏木): a seat point (the layer's editable geometry) and, where a boundary file gave one, a boundary. */
export const towns = pgTable(
  'towns',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    countyCode: varchar('county_code', { length: 12 }).notNull().references(() => counties.code),
    name: text('name').notNull(),
    kind: text('kind', { enum: TOWN_KINDS }).notNull(),
    seat: geometry('seat', 'Point'),
    /** Null for a town that came in from a code list. */
    boundary: geometry('boundary', 'MultiPolygon'),
    ...editable(),
  },
  (t) => [
    index('towns_boundary_gix').using('gist', t.boundary),
    index('towns_seat_gix').using('gist', t.seat),
    index('towns_county_idx').on(t.countyCode),
  ],
);

/** 行政村 (村 / 嘎查): a committee point and, where known, a boundary. */
export const villages = pgTable(
  'villages',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    townCode: varchar('town_code', { length: 12 }).notNull().references(() => towns.code),
    name: text('name').notNull(),
    kind: text('kind', { enum: VILLAGE_KINDS }).notNull(),
    committee: geometry('committee', 'Point').notNull(),
    boundary: geometry('boundary', 'MultiPolygon'),
    /** The main settlement's outline, used by the "route reaches the settlement edge" rule. */
    settlement: geometry('settlement', 'Polygon'),
    ...editable(),
  },
  (t) => [
    index('villages_committee_gix').using('gist', t.committee),
    index('villages_boundary_gix').using('gist', t.boundary),
    index('villages_settlement_gix').using('gist', t.settlement),
    index('villages_town_idx').on(t.townCode),
  ],
);

/** 自然村 / 村民小组: the village code plus a 3-digit group number. */
export const villageGroups = pgTable(
  'village_groups',
  {
    code: varchar('code', { length: 15 }).primaryKey(),
    villageCode: varchar('village_code', { length: 12 }).notNull().references(() => villages.code),
    name: text('name').notNull(),
    households: integer('households'),
    population: integer('population'),
    settlement: geometry('settlement', 'Point').notNull(),
    ...editable(),
  },
  (t) => [index('village_groups_settlement_gix').using('gist', t.settlement), index('village_groups_village_idx').on(t.villageCode)],
);

/** Per-year village statistics, the facts behind the attribute rules. */
export const villageStats = pgTable(
  'village_stats',
  {
    id: serial('id').primaryKey(),
    villageCode: varchar('village_code', { length: 12 }).notNull().references(() => villages.code),
    year: integer('year').notNull(),
    households: integer('households'),
    population: integer('population'),
    registeredPoorHouseholds: integer('registered_poor_households'),
    registeredPoorPeople: integer('registered_poor_people'),
    notLiftedHouseholds: integer('not_lifted_households'),
    notLiftedPeople: integer('not_lifted_people'),
    /** Share of households with power (动力电), 0–100. */
    powerCoveragePct: real('power_coverage_pct'),
    /** Share of households with radio and TV (广播电视户户通), 0–100. */
    tvCoveragePct: real('tv_coverage_pct'),
    broadbandFibre: boolean('broadband_fibre'),
    broadbandMbps: real('broadband_mbps'),
    ...editable(),
  },
  (t) => [unique('village_stats_village_year').on(t.villageCode, t.year)],
);
