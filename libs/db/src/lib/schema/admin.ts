import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, unique, varchar } from 'drizzle-orm/pg-core';
import { AUDIT_ACTIONS, ROLES, VERDICTS, type AuditedState } from '@cuntu/domain';

/** Accounts. Roles and editor scopes are plain arrays: a user may hold several. */
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name'),
  passwordHash: text('password_hash').notNull(),
  roles: text('roles', { enum: ROLES }).array().notNull(),
  editorTeams: text('editor_teams').array().notNull().default([]),
  /** The region the account reads and writes in (a division code), or null for the whole deployment. */
  regionCode: varchar('region_code', { length: 12 }),
  disabled: boolean('disabled').notNull().default(false),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** When the account last wrote through the API: for a while after, its reads go to the primary, not a replica. */
  lastWriteAt: timestamp('last_write_at', { withTimezone: true }),
});

/**
 * Append-only record of every write: who, when, which feature, before and after. Who is kept by id and
 * username without a foreign key: the record outlives any account, and a bulk import writes one entry
 * per feature, where a per-row key check would cost more than the entry itself.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: integer('user_id'),
    username: text('username'),
    layer: text('layer').notNull(),
    featureId: text('feature_id').notNull(),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    before: jsonb('before').$type<AuditedState | null>(),
    after: jsonb('after').$type<AuditedState | null>(),
    /** The bulk import that made this change, if one did. */
    importId: integer('import_id'),
    /**
     * The division code placing the change, so a region's administrators read their own entries: a
     * region's own code (a village's, a town's), else the changed record's village, county or, for an
     * account, region (after the change, else before). Null: seen by whole-deployment administrators only.
     */
    regionCode: text('region_code').generatedAlwaysAs(sql`CASE WHEN feature_id ~ '^[0-9]{12}$' THEN feature_id ELSE coalesce(
      "after"->'properties'->>'villageCode', "before"->'properties'->>'villageCode', "after"->'properties'->>'countyCode',
      "before"->'properties'->>'countyCode', "after"->'properties'->>'region', "before"->'properties'->>'region') END`),
  },
  (t) => [index('audit_log_feature_idx').on(t.layer, t.featureId), index('audit_log_at_idx').on(t.at), index('audit_log_region_idx').on(t.regionCode.op('text_pattern_ops'))],
);

/** Named, versioned threshold sets; every verdict records the profile and version that judged it. */
export const standardsProfiles = pgTable(
  'standards_profiles',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    version: integer('version').notNull().default(1),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    sourceNote: text('source_note'),
    basedOnId: integer('based_on_id'),
    thresholds: jsonb('thresholds').notNull(),
    isActive: boolean('is_active').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('standards_profiles_key_version').on(t.key, t.version)],
);

/** One evaluation of a scope (county, town, village list) against a profile. */
export const checkRuns = pgTable('check_runs', {
  id: serial('id').primaryKey(),
  profileId: integer('profile_id').notNull().references(() => standardsProfiles.id),
  scope: text('scope').notNull(),
  /** The date time-dependent rules (water-test age) were judged on. */
  asOf: date('as_of'),
  resultCount: integer('result_count'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  status: text('status', { enum: ['running', 'done', 'failed'] }).notNull().default('running'),
});

/**
 * A verdict of one rule for one subject (village, group, road, source, house or site). Derived data,
 * written only by a check run in the transaction that creates the run: no foreign keys, whose per-row
 * checks took half the time of storing a county's results.
 */
export const checkResults = pgTable(
  'check_results',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: integer('run_id').notNull(),
    profileId: integer('profile_id').notNull(),
    profileVersion: integer('profile_version').notNull(),
    ruleId: text('rule_id').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    countyCode: text('county_code'),
    townCode: text('town_code'),
    villageCode: text('village_code'),
    verdict: text('verdict', { enum: VERDICTS }).notNull(),
    tier: text('tier'),
    measured: jsonb('measured'),
    threshold: jsonb('threshold'),
    reasonZh: text('reason_zh'),
    reasonEn: text('reason_en'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('check_results_subject_idx').on(t.profileId, t.subjectType, t.subjectId),
    index('check_results_village_idx').on(t.profileId, t.villageCode),
    index('check_results_county_rule_idx').on(t.profileId, t.countyCode, t.ruleId, t.verdict),
    // Where a verdict is placed (its village, else town, else county): a region's roll-up and summary
    // read only that region's verdicts by it (`codeInRegionSql`'s range), not the deployment's.
    index('check_results_place_idx').on(t.profileId, sql`coalesce(${t.villageCode}, ${t.townCode}, ${t.countyCode})`),
  ],
);

/**
 * The headline figures of the verdicts placed at each place (a village; a town or county for what lies
 * outside villages), per profile: what a region's roll-up sums instead of reading its every verdict (a
 * province's 1.4 million). Derived data, refreshed from the verdicts by the check run that writes them,
 * in its transaction (`refreshFigures` in `@cuntu/checks`).
 */
export const checkFigures = pgTable(
  'check_figures',
  {
    profileId: integer('profile_id').notNull(),
    placeCode: text('place_code').notNull(),
    /** Village subjects judged here (0 or 1 at a village, 0 elsewhere), and those passing every exit rule. */
    villages: integer('villages').notNull(),
    villagesReady: integer('villages_ready').notNull(),
    pavedAll: integer('paved_all').notNull(),
    pavedPass: integer('paved_pass').notNull(),
    groupsAll: integer('groups_all').notNull(),
    groupsPass: integer('groups_pass').notNull(),
    dangerousHousesRemaining: integer('dangerous_houses_remaining').notNull(),
    relocationBreaches: integer('relocation_breaches').notNull(),
  },
  (t) => [primaryKey({ columns: [t.profileId, t.placeCode] })],
);

/** Small key/value facts about this deployment (which sample county was loaded, with which seed). */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});

/** Login sessions; only a hash of the token is stored. Disabling a user ends them at once (checked on use). */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Personal access tokens: what desktop GIS clients (QGIS, ArcGIS, GDAL) log in with instead of a
 * password. Named and scoped by their owner, only a hash is kept; `last_used_at` moves at most once a
 * minute. They die with a disabled account (deleted with it, and refused on use anyway).
 */
export const accessTokens = pgTable(
  'access_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, shown in the list so the owner can tell tokens apart. */
    prefix: text('prefix').notNull(),
    scope: text('scope', { enum: ['read', 'write'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('access_tokens_user_idx').on(t.userId)],
);

/** Failed logins, for rate limiting across processes. */
export const authFailures = pgTable(
  'auth_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: text('username').notNull(),
    ip: text('ip'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('auth_failures_username_at_idx').on(t.username, t.at)],
);
