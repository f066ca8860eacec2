import { boolean, index, integer, pgTable, real, serial, text, varchar } from 'drizzle-orm/pg-core';
import { ASSET_KINDS, FACILITY_KINDS, ROAD_CLASSES, ROAD_EXEMPTIONS, ROAD_SURFACES } from '@cuntu/domain';
import { geometry } from '../geometry';
import { editable } from './columns';
import { counties, villages } from './regions';

/** Road segments. A route is a chain of segments whose ends meet. */
export const roads = pgTable(
  'roads',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').unique(),
    countyCode: varchar('county_code', { length: 12 }).notNull().references(() => counties.code),
    villageCode: varchar('village_code', { length: 12 }).references(() => villages.code),
    name: text('name'),
    roadClass: text('road_class', { enum: ROAD_CLASSES }).notNull(),
    surface: text('surface', { enum: ROAD_SURFACES }),
    widthM: real('width_m'),
    exemption: text('exemption', { enum: ROAD_EXEMPTIONS }),
    buildYear: integer('build_year'),
    project: text('project'),
    geom: geometry('geom', 'LineString').notNull(),
    ...editable(),
  },
  (t) => [index('roads_geom_gix').using('gist', t.geom), index('roads_village_idx').on(t.villageCode)],
);

/** Village facilities: clinics, cultural centres, bus stops and schools, with the attributes the rules read. */
export const villageFacilities = pgTable(
  'village_facilities',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').unique(),
    /** The county it stands in (a town's school belongs to no village); filled from the location when a write leaves it out. */
    countyCode: varchar('county_code', { length: 12 }).notNull().references(() => counties.code),
    villageCode: varchar('village_code', { length: 12 }).references(() => villages.code),
    kind: text('kind', { enum: FACILITY_KINDS }).notNull(),
    name: text('name'),
    location: geometry('location', 'Point').notNull(),
    clinicAreaM2: real('clinic_area_m2'),
    clinicRooms: text('clinic_rooms').array(),
    clinicStaff: integer('clinic_staff'),
    licensedDoctors: integer('licensed_doctors'),
    cultureItems: text('culture_items').array(),
    busLine: text('bus_line'),
    hasBusService: boolean('has_bus_service'),
    ...editable(),
  },
  (t) => [index('village_facilities_location_gix').using('gist', t.location), index('village_facilities_village_idx').on(t.villageCode, t.kind)],
);

/** 扶贫项目资产: village PV stations, industry projects and workshops poverty-alleviation funds built. */
export const povertyAssets = pgTable(
  'poverty_assets',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').unique(),
    countyCode: varchar('county_code', { length: 12 }).notNull().references(() => counties.code),
    villageCode: varchar('village_code', { length: 12 }).references(() => villages.code),
    name: text('name').notNull(),
    kind: text('kind', { enum: ASSET_KINDS }).notNull(),
    location: geometry('location', 'Point').notNull(),
    capacityKw: real('capacity_kw'),
    investmentWanYuan: real('investment_wan_yuan'),
    buildYear: integer('build_year'),
    beneficiaryHouseholds: integer('beneficiary_households'),
    annualIncomeWanYuan: real('annual_income_wan_yuan'),
    ...editable(),
  },
  (t) => [index('poverty_assets_location_gix').using('gist', t.location), index('poverty_assets_village_idx').on(t.villageCode)],
);
