import { boolean, index, integer, pgTable, real, serial, text, varchar } from 'drizzle-orm/pg-core';
import { PRIORITY_GROUPS, RELOCATION_KINDS, RENOVATION_PATHS, RENOVATION_STATUSES, SAFETY_RATINGS } from '@cuntu/domain';
import { geometry } from '../geometry';
import { editable } from './columns';
import { counties, villageGroups, villages } from './regions';

/**
 * Dilapidated-house sites. The household's personal data lives in the `head_*` columns only, so the API
 * can leave them out for every role that may not see them.
 */
export const houses = pgTable(
  'houses',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').unique(),
    villageCode: varchar('village_code', { length: 12 }).notNull().references(() => villages.code),
    groupCode: varchar('group_code', { length: 15 }).references(() => villageGroups.code),
    location: geometry('location', 'Point').notNull(),
    /** Placed at its group's (else village's) point by an import of a ledger without coordinates: to be placed on the map. */
    locationApproximate: boolean('location_approximate').default(false),
    safetyRating: text('safety_rating', { enum: SAFETY_RATINGS }),
    priorityGroup: text('priority_group', { enum: PRIORITY_GROUPS }),
    renovationPath: text('renovation_path', { enum: RENOVATION_PATHS }),
    renovationStatus: text('renovation_status', { enum: RENOVATION_STATUSES }),
    householdSize: integer('household_size'),
    rebuiltAreaM2: real('rebuilt_area_m2'),
    oldDemolished: boolean('old_demolished'),
    headName: text('head_name'),
    headIdNumber: text('head_id_number'),
    headPhone: text('head_phone'),
    ...editable(),
  },
  (t) => [index('houses_location_gix').using('gist', t.location), index('houses_village_idx').on(t.villageCode)],
);

/** 易地扶贫搬迁安置点, with the red-line facts. */
export const relocationSites = pgTable(
  'relocation_sites',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').unique(),
    countyCode: varchar('county_code', { length: 12 }).notNull().references(() => counties.code),
    villageCode: varchar('village_code', { length: 12 }).references(() => villages.code),
    name: text('name').notNull(),
    kind: text('kind', { enum: RELOCATION_KINDS }).notNull(),
    location: geometry('location', 'Point').notNull(),
    footprint: geometry('footprint', 'Polygon'),
    households: integer('households'),
    people: integer('people'),
    areaPerPersonM2: real('area_per_person_m2'),
    selfFundingPerPersonYuan: real('self_funding_per_person_yuan'),
    selfFundingMaxHouseholdYuan: real('self_funding_max_household_yuan'),
    oldHomesTotal: integer('old_homes_total'),
    oldHomesDemolished: integer('old_homes_demolished'),
    labourHouseholds: integer('labour_households'),
    employedHouseholds: integer('employed_households'),
    ...editable(),
  },
  (t) => [index('relocation_sites_location_gix').using('gist', t.location), index('relocation_sites_footprint_gix').using('gist', t.footprint)],
);
