import { bigint, boolean, date, index, integer, pgTable, primaryKey, real, serial, text, varchar } from 'drizzle-orm/pg-core';
import { WATER_REGION_TYPES, WATER_SOURCE_KINDS } from '@cuntu/domain';
import { geometry } from '../geometry';
import { attachments } from './attachments';
import { editable } from './columns';
import { counties, villageGroups } from './regions';

/** Water sources and supply works, with the facts the four drinking-water criteria read. */
export const waterSources = pgTable(
  'water_sources',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').unique(),
    countyCode: varchar('county_code', { length: 12 }).notNull().references(() => counties.code),
    name: text('name').notNull(),
    kind: text('kind', { enum: WATER_SOURCE_KINDS }).notNull(),
    regionType: text('region_type', { enum: WATER_REGION_TYPES }),
    dailyCapacityM3: real('daily_capacity_m3'),
    populationServed: integer('population_served'),
    pipedToYard: boolean('piped_to_yard'),
    fetchMinutes: real('fetch_minutes'),
    reliabilityPct: real('reliability_pct'),
    location: geometry('location', 'Point').notNull(),
    serviceArea: geometry('service_area', 'MultiPolygon'),
    ...editable(),
  },
  (t) => [
    index('water_sources_location_gix').using('gist', t.location), index('water_sources_service_area_gix').using('gist', t.serviceArea),
    // A county's sources, read by every check run of the county (a province holds tens of thousands).
    index('water_sources_county_idx').on(t.countyCode),
  ],
);

/** Water-quality test records of a source. */
export const waterTests = pgTable(
  'water_tests',
  {
    id: serial('id').primaryKey(),
    sourceId: integer('source_id').notNull().references(() => waterSources.id, { onDelete: 'cascade' }),
    sampledOn: date('sampled_on').notNull(),
    meetsGb5749: boolean('meets_gb5749'),
    meetsRuralCriteria: boolean('meets_rural_criteria'),
    lab: text('lab'),
    note: text('note'),
    /** The lab report: one of the source's attachments. */
    labReportId: bigint('lab_report_id', { mode: 'number' }).references(() => attachments.id),
  },
  (t) => [index('water_tests_source_idx').on(t.sourceId, t.sampledOn)],
);

/** Which natural villages (groups) a source serves. */
export const waterSourceGroups = pgTable(
  'water_source_groups',
  {
    sourceId: integer('source_id').notNull().references(() => waterSources.id, { onDelete: 'cascade' }),
    groupCode: varchar('group_code', { length: 15 }).notNull().references(() => villageGroups.code),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.groupCode] }), index('water_source_groups_group_idx').on(t.groupCode)],
);
