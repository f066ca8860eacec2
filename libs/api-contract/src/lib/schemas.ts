import { z } from 'zod';
import {
  AUDIT_ACTIONS, basemapChoiceSchema, basemapSourceSchema, COORDINATE_FRAMES, EDITOR_TEAMS, LAYER_IDS, RENOVATION_STATUSES, ROLES,
  standardsProfileRecordSchema, storedVerdictSchema, VERDICTS, WATER_TIERS, villageStatisticsSchema, RULE_SUBJECTS, TASK_STATES, TASK_NOTICE_KINDS, taskSchema,
} from '@cuntu/domain';
import { RULE_IDS } from '@cuntu/standards';

/**
 * The API's own request and response shapes (those the domain does not own). Requests are what the
 * API validates at its edge; responses are what its handlers are type-checked to return.
 */

export const code12 = z.string().regex(/^\d{12}$/, '12-digit division code');
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'a date or date-time (ISO 8601)');
const count = z.number().int();
const pct = z.number().nullable();

/** Every error answer: a code to act on, a message in the client's language, and details (per-field problems). */
export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
}).meta({ id: 'Error' });

/** `?profile=ID`: judge by this standards profile instead of the active one. */
export const profileQuery = z.object({ profile: z.coerce.number().int().positive().optional() });
export const profileRef = z.object({ id: count, key: z.string(), version: count });

/* ── accounts ─────────────────────────────────────────────────────────────────────────────────── */

export const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });
export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) }).strict();

/** The logged-in user and what they may do. */
/** Who an account is: the fields the logged-in user and the administrators' list share. */
const accountIdentity = z.object({
  id: count,
  username: z.string(),
  displayName: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  editorTeams: z.array(z.enum(EDITOR_TEAMS)),
  region: z.string().nullable().meta({ description: 'The division code of the region (province, prefecture, county or town) the account reads and writes in; null: the whole deployment' }),
});
export const currentUserSchema = accountIdentity.extend({
  canWrite: z.array(z.enum(LAYER_IDS)),
  canSeePersonalData: z.boolean(),
  /** An administrator reset the password: the user must choose a new one before anything else. */
  mustChangePassword: z.boolean().optional(),
}).meta({ id: 'CurrentUser' });
export const loginResult = z.object({ token: z.string(), expiresAt: z.string(), user: currentUserSchema.pick({ id: true, username: true, roles: true, editorTeams: true }), mustChangePassword: z.boolean() });

/** What a personal access token may do: `read`, or `write` the layers its owner may edit. */
export const ACCESS_TOKEN_SCOPES = ['read', 'write'] as const;
/** A personal access token as its owner sees it: a name, its first characters, scope, dates; never the secret. */
export const accessTokenSchema = z.object({
  id: count,
  name: z.string(),
  prefix: z.string().meta({ description: 'The token\'s first characters, to tell tokens apart' }),
  scope: z.enum(ACCESS_TOKEN_SCOPES),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
}).meta({ id: 'AccessToken' });
export const createAccessTokenBody = z.object({
  name: z.string().trim().min(1).max(80),
  scope: z.enum(ACCESS_TOKEN_SCOPES),
  /** Days until it stops working; null: until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).nullable(),
}).strict();
export const createdAccessTokenSchema = z.object({
  token: z.string().meta({ description: 'The secret, shown this once: a Bearer token, the password of an HTTP Basic login, or `access_token` in the query' }),
  accessToken: accessTokenSchema,
});

const roles = z.array(z.enum(ROLES)).max(ROLES.length);
const editorTeams = z.array(z.enum(EDITOR_TEAMS)).max(EDITOR_TEAMS.length);
export const createAccountBody = z.object({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, '2–40 lower-case letters, digits, dots, dashes or underscores'),
  displayName: z.string().trim().min(1).max(60).optional(),
  password: z.string().max(200),
  roles,
  editorTeams: editorTeams.optional(),
  /** The account's region; left out: the administrator's own; null: the whole deployment (whole-deployment administrators only). */
  region: code12.nullable().optional(),
}).strict();
export const updateAccountBody = z.object({
  displayName: z.string().trim().min(1).max(60).optional(), roles: roles.optional(), editorTeams: editorTeams.optional(), region: code12.nullable().optional(), disabled: z.boolean().optional(),
}).strict();
export const resetPasswordBody = z.object({ password: z.string().max(200) }).strict();

/** An account as administrators see it. */
/** The first administrator of a deployment: a name and the password they chose (no change forced at first login). */
export const firstAdminBody = createAccountBody.pick({ username: true, displayName: true, password: true });

export const accountSchema = accountIdentity.extend({
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
}).meta({ id: 'Account' });

/* ── regions, layers, features ─────────────────────────────────────────────────────────────────── */

export const townQuery = z.object({ county: code12.optional() });
export const villageQuery = z.object({ town: code12.optional(), shape: z.enum(['committee', 'boundary']).default('committee') });
/** Finding villages and natural villages (groups) as the search box does: by name, code, pinyin or its initials. */
export const placeSearchQuery = z.object({
  q: z.string().trim().min(1).max(50).meta({ description: 'Part of the name, the start of the code, a part of the pinyin (jigesitai) or the start of its initials (jgst)' }),
  limit: z.coerce.number().int().min(1).max(50).default(12),
});
export const placeSearchSchema = z.object({
  places: z.array(z.object({ layer: z.enum(['villages', 'groups']), id: z.string(), name: z.string(), point: z.tuple([z.number(), z.number()]) })),
}).meta({ id: 'PlaceSearch' });
export const countyProperties = z.object({ code: z.string(), name: z.string(), isSample: z.boolean() });
export const townProperties = z.object({ code: z.string(), name: z.string(), kind: z.string(), countyCode: z.string(), seat: z.tuple([z.number(), z.number()]).nullable() });
export const villageProperties = z.object({ code: z.string(), name: z.string(), kind: z.string(), townCode: z.string(), townName: z.string(), groups: count });

/** A page of a layer's features. */
export const layerPageSchema = z.object({
  type: z.literal('FeatureCollection'),
  layer: z.enum(LAYER_IDS),
  total: count,
  limit: count,
  offset: count,
  features: z.array(z.object({ type: z.literal('Feature'), id: z.union([z.string(), z.number()]), geometry: z.object({ type: z.string(), coordinates: z.unknown() }).nullable(), properties: z.record(z.string(), z.unknown()) })),
}).meta({ id: 'LayerPage' });

/** The list query of a layer: paging, sort, a box and any `property=value` filter (checked against the layer). */
export const featureListQuery = z.looseObject({
  bbox: z.string().optional().meta({ description: 'minLon,minLat,maxLon,maxLat, or four numbers in the axis order of bbox-crs' }),
  crs: z.string().optional().meta({ description: 'The CRS of the answer (as on /ogc; CRS84 when absent), said in Content-Crs' }),
  'bbox-crs': z.string().optional().meta({ description: 'The CRS of bbox (as on /ogc; CRS84 when absent)' }),
  filter: z.string().optional().meta({ description: 'A CQL2 filter, as on /ogc (filter-lang, filter-crs too)' }),
  limit: z.string().optional().meta({ description: '1 to 10000; default 100' }),
  offset: z.string().optional(),
  sort: z.string().optional().meta({ description: 'a property, `-property` for descending' }),
});
/** A feature to write: its properties are checked against the layer's schema (`<layer>Properties`), its geometry against the layer's type and county. */
export const featureInput = z.object({
  type: z.literal('Feature').optional(),
  geometry: z.unknown().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
export const revertBody = z.object({ version: z.number().int().positive() });
export const historyEntrySchema = z.object({
  id: count, at: z.string(), username: z.string().nullable(), action: z.enum(AUDIT_ACTIONS), version: count.nullable().optional(),
}).loose();

/* ── checks and standards ──────────────────────────────────────────────────────────────────────── */

const bbox = z.string().transform((v, ctx) => {
  const n = v.split(',').map(Number);
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x)) || n[0] >= n[2] || n[1] >= n[3]) {
    ctx.addIssue({ code: 'custom', message: 'minLon,minLat,maxLon,maxLat' });
    return z.NEVER;
  }
  return n as [number, number, number, number];
}).meta({ description: 'minLon,minLat,maxLon,maxLat' });
export const areaQuery = profileQuery.extend({
  county: code12.optional(), town: code12.optional(), bbox: bbox.optional(),
  region: code12.optional().meta({ description: 'A province, prefecture, county or town by its division code' }),
});
export const rollupQuery = profileQuery.extend({ region: code12.optional().meta({ description: 'The region whose children are ranked; default: the reader\'s region, else the smallest holding all the deployment\'s counties' }) });
/** Which of a layer's features: in a county or a town, with a rule's verdict (the map's filter). */
const layerSelection = profileQuery.extend({
  county: code12.optional(),
  town: code12.optional().meta({ description: 'Only the features in this town' }),
  rule: z.enum(RULE_IDS as [string, ...string[]]).optional(),
  verdict: z.enum(VERDICTS).optional(),
});
export const checksLayerQuery = layerSelection.extend({
  limit: z.coerce.number().int().min(1).max(100_000).optional().meta({ description: 'At most this many features, by id (default: all)' }),
});
/** The same selection counted, optionally within a box and with one property's value (the map's attribute filter). */
export const layerCountsQuery = layerSelection.extend({
  bbox: bbox.optional(),
  property: z.string().optional().meta({ description: 'With `value`: only the features whose property has that value' }),
  value: z.string().optional(),
});
const verdictCountsSchema = z.object({ pass: count, fail: count, unknown: count });
/** How many of a layer's features a selection holds, per rule and verdict, and the box around them: what the map's legend shows and zooms to. */
export const layerCountsSchema = z.object({
  layer: z.string(),
  total: count,
  byRule: z.record(z.string(), verdictCountsSchema),
  bbox: z.array(z.number()).length(4).nullable(),
}).meta({ id: 'LayerCounts' });
/** The check results as a table (the sheet counties hand to evaluators): filtered by area, subject, rule and verdict. */
export const checkResultsQuery = profileQuery.extend({
  county: code12.optional(),
  town: code12.optional(),
  region: code12.optional(),
  subject: z.enum(RULE_SUBJECTS).optional(),
  rule: z.enum(RULE_IDS as [string, ...string[]]).optional(),
  verdict: z.enum(VERDICTS).optional(),
  format: z.enum(['json', 'xlsx']).default('json'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1_000).meta({ description: 'JSON only: rows per page (a workbook holds them all)' }),
  offset: z.coerce.number().int().min(0).default(0),
});
export const checkResultRowSchema = storedVerdictSchema.extend({ villageName: z.string().nullable(), townCode: z.string().nullable(), townName: z.string().nullable() });
export const checkResultsSchema = z.object({ total: count, rows: z.array(checkResultRowSchema) }).meta({ id: 'CheckResults' });
export const runChecksBody = z.object({
  profileId: z.number().int().positive().optional(),
  countyCodes: z.array(code12).min(1).optional(),
  villageCodes: z.array(code12).min(1).max(10_000).optional(),
  asOf: isoDay.optional(),
});

const byTier = z.object(Object.fromEntries(WATER_TIERS.map((t) => [t, count])) as Record<(typeof WATER_TIERS)[number], typeof count>);
const byStatus = z.object(Object.fromEntries([...RENOVATION_STATUSES, 'unknown'].map((s) => [s, count])) as Record<(typeof RENOVATION_STATUSES)[number] | 'unknown', typeof count>);

/** The checks of an area (county, town, or the villages in a box): counts per rule and headline figures. */
export const checkSummarySchema = z.object({
  profile: profileRef.extend({ nameZh: z.string(), nameEn: z.string() }),
  area: z.object({ county: z.string().nullable(), town: z.string().nullable(), bbox: z.array(z.number()).nullable(), region: z.string().nullable() }),
  /** The date the data was judged as of, and when the latest run ended. */
  asOf: z.string().nullable(),
  judgedAt: z.string().nullable(),
  byRule: z.record(z.string(), verdictCountsSchema),
  coverage: z.object({
    villages: count, villagesReadyToExit: count, villagesWithPavedRoute: count, pavedRoutePct: pct,
    qualifyingGroups: count, groupsReached: count, groupsReachedPct: pct,
    peopleByWaterTier: byTier, groupsByWaterTier: byTier, peopleWithSafeWaterPct: pct,
    dangerousHouses: count, dangerousHousesRemaining: count, relocationSites: count, relocationRedLineBreaches: count,
    dangerousHousesByStatus: byStatus,
  }),
}).meta({ id: 'CheckSummary' });

const regionLevel = z.enum(['province', 'prefecture', 'county', 'town', 'village']);
/** A region as the roll-up names it: its code, level and name (null where the deployment knows none, e.g. a prefecture's). */
const namedRegion = z.object({ code: z.string(), level: regionLevel, name: z.string().nullable() });
/**
 * A region's children ranked by their share of villages ready to exit (province → prefectures →
 * counties → towns → villages), each with its headline figures, from the stored verdicts in one query.
 */
export const rollupSchema = z.object({
  profile: profileRef,
  /** Null: the whole deployment, when its counties lie in several provinces (the children are provinces). */
  region: namedRegion.nullable(),
  /** From the top the reader may see down to this region (for a breadcrumb). */
  path: z.array(namedRegion),
  children: z.array(namedRegion.extend({
    villages: count, villagesReadyToExit: count, readyPct: pct, pavedRoutePct: pct, groupsReachedPct: pct,
    dangerousHousesRemaining: count, relocationRedLineBreaches: count,
  })),
}).meta({ id: 'Rollup' });

/** A village's verdict sheet and whether it is ready to exit. */
export const villageSheetSchema = z.object({
  village: z.string(),
  profile: profileRef,
  /** The village's statistics of the year its verdicts judged (households, population, poor households …), by column. */
  statistics: z.record(z.string(), z.unknown()).nullable(),
  /** Poverty incidence over the years the village has figures for, oldest first. */
  history: z.array(z.object({ year: z.number().int(), population: z.number().nullable(), notLiftedPeople: z.number().nullable(), incidencePct: z.number().nullable() })),
  verdicts: z.array(storedVerdictSchema),
  readiness: z.object({ ready: z.boolean(), holdingBack: z.array(z.object({ ruleId: z.string(), verdict: z.enum(['fail', 'unknown']) })) }),
  failingFeatures: z.array(storedVerdictSchema),
}).meta({ id: 'VillageSheet' });
export const subjectVerdictsSchema = z.object({ subjectType: z.string(), subjectId: z.string(), profile: profileRef, verdicts: z.array(storedVerdictSchema) });
/** What a write re-judged: the summary of the check run it started (null when nothing needed judging). */
export const recheckSchema = z.unknown().meta({ description: 'The summary of the checks the write re-ran' });

/** A rule of the standards, with its words and its source documents in both languages. */
export const ruleSchema = z.object({
  id: z.string(),
  layer: z.enum(['village', 'road', 'water', 'house', 'relocation']),
  subject: z.string(),
  period: z.string(),
  tiered: z.boolean().optional(),
  exitRule: z.boolean().optional(),
  team: z.enum(EDITOR_TEAMS).nullable().meta({ description: 'The team whose layers fix a failure (a rectification task\'s default team)' }),
  documents: z.array(z.string()),
  titleZh: z.string(), titleEn: z.string(),
  explanationZh: z.string(), explanationEn: z.string(),
  sourceZh: z.string(), sourceEn: z.string(),
}).meta({ id: 'Rule' });

export const standardsProfileSchema = standardsProfileRecordSchema.extend({
  /** Verdicts were judged by it (or it is active): it can be copied, not changed. */
  inUse: z.boolean(),
}).meta({ id: 'StandardsProfile' });
export const createProfileBody = z.object({
  basedOnId: z.number().int().positive(),
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes'),
  nameZh: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(100),
  sourceNote: z.string().max(2000).optional(),
  /** A partial thresholds object merged into the copied profile's. */
  changes: z.record(z.string(), z.unknown()).optional(),
});
export const updateProfileBody = createProfileBody.pick({ nameZh: true, nameEn: true, sourceNote: true, changes: true }).partial().strict();
export const profileDiffSchema = z.object({ profile: profileRef, against: profileRef, changes: z.array(z.object({ path: z.string(), from: z.unknown(), to: z.unknown() })) });

/* ── administration ─────────────────────────────────────────────────────────────────────────────── */

/** Long work on the server (activating a profile, re-checking a county), followed by polling. */
export const backgroundJobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  owner: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  progress: z.object({ fraction: z.number(), stepZh: z.string(), stepEn: z.string() }),
  result: z.unknown(),
  error: z.object({ message: z.string() }).nullable(),
}).meta({ id: 'BackgroundJob' });

export const checkDistancesSchema = z.object({ reachM: z.number(), snapM: z.number(), groupMinHouseholds: z.number(), groupReachM: z.number() });
export const adminSettingsSchema = z.object({
  publicRead: z.boolean(),
  basemap: basemapChoiceSchema,
  basemapSource: basemapSourceSchema,
  checkDistances: checkDistancesSchema.extend({ profile: profileRef.extend({ nameZh: z.string() }) }),
  limits: z.object({ importMaxBytes: count, importMaxFeatures: count, countyToleranceKm: z.number() }),
  /** The date the checks judge as of, in effect (set, else the sample's, else today). */
  checksAsOf: z.string(),
}).meta({ id: 'AdminSettings' });
/** The date the checks judge the data as of (YYYY-MM-DD): village statistics of its year, water tests up to it; null: the sample's, else today. */
const checksAsOf = z.iso.date().refine((d) => !Number.isNaN(Date.parse(d)), 'validation.realDate');
export const runtimeSettingsBody = z.object({ publicRead: z.boolean(), basemap: basemapChoiceSchema, checksAsOf: checksAsOf.nullable() }).partial().strict();
/** The check distances an administrator may change in settings: they are thresholds of the active profile. */
export const checkDistancesBody = checkDistancesSchema.partial().strict();
export const countyBody = z.object({ name: z.string().trim().min(1).max(60).optional(), boundary: z.unknown().optional() }).strict();

export const auditQuery = z.object({
  user: z.string().max(60).optional(),
  layer: z.string().max(40).optional(),
  feature: z.string().max(40).optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
/** The record as it was before or after the change (a feature: `{ geometry, properties }`; a water test, a village's services: their fields). */
const auditState = z.object({ geometry: z.unknown().optional(), properties: z.record(z.string(), z.unknown()) }).nullable();
export const auditEntrySchema = z.object({
  id: count,
  at: z.string(),
  username: z.string().nullable(),
  layer: z.string(),
  featureId: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  importId: count.nullable(),
  before: auditState,
  after: auditState,
  /** Properties (and `geometry`) that differ between before and after. */
  changed: z.array(z.string()),
}).meta({ id: 'AuditEntry' });
export const auditPageSchema = z.object({ total: count, limit: count, offset: count, users: z.array(z.string()), entries: z.array(auditEntrySchema) });

/* ── imports ───────────────────────────────────────────────────────────────────────────────────── */

/** A mapping's value starting with this gives every row that fixed value (for a column the file lacks): `{ kind: '=well' }`. */
export const FIXED_VALUE_PREFIX = '=';

export const importReadOptions = z.object({
  encoding: z.string().min(1).max(40).optional(),
  frame: z.enum(COORDINATE_FRAMES).optional(),
  delimiter: z.string().min(1).max(1).optional(),
  lonField: z.string().min(1).optional(),
  latField: z.string().min(1).optional(),
  wktField: z.string().min(1).optional(),
  sheet: z.string().min(1).max(100).optional().meta({ description: 'Spreadsheets: the sheet to read (default: the first with data); GeoPackages: the layer (default: the first by name)' }),
});
export const importUploadQuery = importReadOptions.extend({
  layer: z.string().meta({ description: 'The layer to import into' }),
  fileName: z.string().optional().meta({ description: 'The file\'s name: its extension says how to read it (.geojson, .gpkg, .zip, .csv, .xlsx, .kml)' }),
});
export const importRunBody = importReadOptions.extend({
  mapping: z.record(z.string(), z.string()).optional().meta({ description: `Property ← source column; a value starting with "${FIXED_VALUE_PREFIX}" is a fixed value for every row` }),
});

/* ── village statistics ────────────────────────────────────────────────────────────────────────── */

const statisticsYear = z.coerce.number().int().min(1900).max(2100);
export const statisticsTableQuery = z.object({
  town: z.string().regex(/^\d{12}$/).optional().meta({ description: 'A town\'s code: its villages' }),
  county: z.string().regex(/^\d{12}$/).optional().meta({ description: 'A county\'s code: all its villages' }),
  year: statisticsYear.optional().meta({ description: 'The year (default: the year of the checks\' as-of date)' }),
  format: z.enum(['json', 'xlsx']).default('json'),
});
const incidenceVerdict = z.object({ verdict: z.enum(VERDICTS), reasonZh: z.string().nullable(), reasonEn: z.string().nullable() });
export const statisticsRowSchema = villageStatisticsSchema.extend({ townCode: z.string(), townName: z.string(), incidence: incidenceVerdict.nullable() });
export const statisticsTableSchema = z.object({
  year: z.number().int(),
  asOf: z.string(),
  /** The year's figures may be changed (the as-of year or before) by this user. */
  editable: z.boolean(),
  villages: z.array(statisticsRowSchema),
}).meta({ id: 'StatisticsTable' });
export const statisticsTrendSchema = z.object({
  asOf: z.string(),
  years: z.array(z.object({ year: z.number().int(), villages: count, withFigures: count, population: count, notLiftedPeople: count, incidencePct: z.number().nullable() })),
}).meta({ id: 'StatisticsTrend' });
export const statisticsHistorySchema = z.object({ villageCode: z.string(), villageName: z.string(), asOf: z.string(), years: z.array(villageStatisticsSchema) });

/** A file read in one request (statistics ledgers, towns' boundaries): a dry run, or `commit=true` to write every row or none. */
const commitFlag = z.enum(['true', 'false']).default('false').meta({ description: '`true`: write every row or none; otherwise a dry run' });
/** What such a read says: the rows, the problems by row and field, what it would create and update. */
const oneRequestReport = z.object({
  committed: z.boolean(),
  notes: z.array(z.string()),
  total: count, valid: count, invalid: count, creates: count, updates: count,
  problems: z.array(z.object({ row: z.number().int(), field: z.string(), problem: z.string() })),
});

export const statisticsImportQuery = importReadOptions.pick({ encoding: true, delimiter: true, sheet: true }).extend({
  year: statisticsYear.optional().meta({ description: 'The year the ledger\'s figures are of, when it has no year column (default: the as-of year)' }),
  fileName: z.string().optional().meta({ description: 'The file\'s name: .xlsx, .xls or .csv' }),
  commit: commitFlag,
});
export const statisticsImportReportSchema = oneRequestReport.extend({
  sheet: z.object({ name: z.string(), names: z.array(z.string()) }).nullable(),
  /** Source column of each figure, the village's code and name, and the year. */
  mapping: z.record(z.string(), z.string()),
  /** Committed: the villages re-judged (those of the as-of year). */
  rechecked: count,
}).meta({ id: 'StatisticsImportReport' });

/* ── readiness ─────────────────────────────────────────────────────────────────────────────────── */

/** What the readiness screen lists, in order: what is in, and what the checks still lack. */
export const READINESS_ITEMS = [
  'counties', 'towns', 'villages', 'groups', 'villagesWithoutStatistics', 'villagesWithoutIncidence', 'groupsWithoutHouseholds',
  'roads', 'waterSources', 'sourcesWithoutTest', 'houses', 'housesToPlace', 'judged',
] as const;
export const readinessSchema = z.object({
  asOf: z.string(),
  year: z.number().int(),
  /** Each item: how many (of how many); `lacking` when the checks miss something it counts. */
  items: z.array(z.object({ key: z.enum(READINESS_ITEMS), count: count, of: count.nullable(), lacking: z.boolean() })),
}).meta({ id: 'Readiness' });

/* ── towns ─────────────────────────────────────────────────────────────────────────────────────── */

export const townsImportQuery = importReadOptions.pick({ encoding: true, frame: true, sheet: true }).extend({
  fileName: z.string().optional().meta({ description: 'The file\'s name: .geojson, .zip (Shapefile) or .kml of boundaries or seats; .xlsx, .xls or .csv of codes and names (with or without coordinates)' }),
  commit: commitFlag,
});
export const townsImportReportSchema = oneRequestReport.extend({
  sheet: z.object({ name: z.string(), names: z.array(z.string()) }).nullable(),
  columns: z.object({ code: z.string().nullable(), name: z.string().nullable() }),
}).meta({ id: 'TownsImportReport' });

/** Which tasks a list, the map or the ledger reads. */
export const tasksQuery = z.object({
  county: code12.optional().meta({ description: 'A county\'s code' }),
  town: code12.optional().meta({ description: 'A town\'s code' }),
  village: code12.optional().meta({ description: 'A village\'s code' }),
  team: z.enum(EDITOR_TEAMS).optional(),
  state: z.enum(TASK_STATES).optional(),
  rule: z.string().max(60).optional().meta({ description: 'A rule\'s id' }),
  overdue: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  mine: z.enum(['true']).optional().meta({ description: 'Only the tasks I am responsible for' }),
  lang: z.string().max(35).optional().meta({ description: 'The language of a ledger file (a download link sends no Accept-Language of the page\'s choice); default: Accept-Language' }),
  format: z.enum(['json', 'geojson', 'xlsx', 'pdf']).default('json').meta({ description: 'json: a page; geojson: every kept task as points (the map); xlsx or pdf: the ledger' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const taskPageSchema = z.object({ total: z.number().int(), tasks: z.array(taskSchema) });
export const tasksCreatedSchema = z.object({
  created: z.number().int(), skipped: z.number().int().meta({ description: 'Failing subjects that already have an unclosed task of the rule' }),
  ids: z.array(z.number().int()), rules: z.array(z.string()),
});
const taskFigures = { open: z.number().int(), overdue: z.number().int(), closedThisMonth: z.number().int(), total: z.number().int() };
export const taskSummarySchema = z.object({
  area: z.enum(['county', 'town', 'village']).meta({ description: 'What byArea counts by: the towns of a county, the villages of a town' }),
  totals: z.object(taskFigures),
  byArea: z.array(z.object({ code: z.string(), name: z.string().nullable(), ...taskFigures })),
  byRule: z.array(z.object({ ruleId: z.string().nullable(), ...taskFigures })),
});
export const taskNoticesSchema = z.object({
  unread: z.number().int(),
  notices: z.array(z.object({
    id: z.number().int(), kind: z.enum(TASK_NOTICE_KINDS), at: z.string(), read: z.boolean(), taskId: z.number().int(), problem: z.string(),
    villageName: z.string().nullable(), state: z.enum(TASK_STATES), deadline: z.string(),
  })),
});
