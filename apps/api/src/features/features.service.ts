import type { CrsOfSql, Database, Db } from '@cuntu/db';
import type { Locale } from '@cuntu/messages';
import { createAttachmentsRepo } from '../attachments/attachments.repo';
import {
  APPROXIMATE_LOCATION, CRS84, canSeePersonalData, isRegionReference, LAYERS, verdictSubjectOf, canWriteLayer, consistencyProblems, IMMUTABLE_FIELDS, LAYER_PROPERTY_SCHEMAS, PERSONAL_DATA_FIELDS, RENOVATION_EVIDENCE, renovationEvidenceProblems,
  type LayerId, type Principal, type RenovationStatus,
} from '@cuntu/domain';
import { affectedVillages, createProfilesRepo, editMovesAffected, runChecks, type StoredProfile } from '@cuntu/checks';
import type { AppSettings } from '../env';
import { ApiError, invalidFields } from '../errors';
import { LAYER_TABLES, pgArray, propertyColumns } from '@cuntu/db';
import { createFeaturesRepo, type ListQuery, type StoredFeature } from './features.repo';
import { validateGeometry } from './geometry-validation';
import { Cql2Error, propertiesOf } from '@cuntu/cql2';
import { filterToSql } from './cql2-sql';
import { layerQueryables, verdictRulesOf } from './queryables';
import { and, sql } from 'drizzle-orm';
import { inRegionSql } from '@cuntu/db';
import { assertAreaInRegion, assertFeatureInRegion, regionGuard, regionOf } from '../auth/region';

export interface FeatureContext {
  database: Database;
  user: Principal | null;
  settings: AppSettings;
}

/** Properties the server keeps: never written from a request. */
const SYSTEM_FIELDS = ['id', 'version', 'updatedAt', 'updatedBy'];

/** The ETag of a feature version. */
export const etagOf = (f: StoredFeature) => `"v${f.properties.version}"`;

/** Removes household personal data for users who may not see it. */
export function visibleFeature(f: StoredFeature, user: Principal | null): StoredFeature {
  if (canSeePersonalData(user)) return f;
  const properties = { ...f.properties };
  for (const field of PERSONAL_DATA_FIELDS) delete properties[field];
  return { ...f, properties };
}

/** A recorded state as a write request: its geometry and the properties a user may write. */
function restorable(state: StoredFeature, user: Principal | null) {
  const properties = Object.fromEntries(Object.entries(state.properties).filter(([k]) => !SYSTEM_FIELDS.includes(k)));
  if (!canSeePersonalData(user)) for (const f of PERSONAL_DATA_FIELDS) delete properties[f];
  return { geometry: state.geometry, properties };
}

export function assertCanWrite(ctx: FeatureContext, layer: LayerId): Principal {
  if (!ctx.user) throw new ApiError(401, 'login_required', { key: 'error.loginRequired' });
  if (!canWriteLayer(ctx.user, layer)) {
    throw new ApiError(403, 'forbidden', { key: 'error.mayNotEdit', params: { layer: { key: `layer.${layer}` } } });
  }
  return ctx.user;
}


/** Validates properties for a create / replace (`full`) or an update (partial). */
function parseProperties(layer: LayerId, input: unknown, mode: 'full' | 'partial', user: Principal): Record<string, unknown> {
  const raw = { ...((input ?? {}) as Record<string, unknown>) };
  for (const field of SYSTEM_FIELDS) delete raw[field];
  if (!canSeePersonalData(user)) {
    const sent = PERSONAL_DATA_FIELDS.filter((f) => f in raw);
    if (sent.length) throw new ApiError(403, 'forbidden', { key: 'error.mayNotWritePersonal' }, sent);
  }
  const schema = LAYER_PROPERTY_SCHEMAS[layer];
  const result = (mode === 'full' ? schema : schema.partial()).safeParse(raw);
  if (!result.success) throw invalidFields(result.error.issues, raw);
  return result.data as Record<string, unknown>;
}

/** Refuses (422, naming each field) a state whose properties contradict each other, e.g. a house accepted before its old house is demolished. */
function assertConsistent(layer: LayerId, properties: Record<string, unknown>, previous?: Record<string, unknown>): void {
  const problems = consistencyProblems(layer, properties, previous);
  if (problems.length) throw new ApiError(422, 'invalid_properties', { key: 'error.invalidProperties' }, problems);
}

/**
 * Refuses (422) a house case moved by an editor to a step that asks for photos it does not have (its
 * completion and acceptance: before and after). Imports and undos are not asked: a ledger records
 * history, an undo restores it.
 */
async function assertEvidence(db: Db, layer: LayerId, id: string | number, values: Record<string, unknown>, previous: Record<string, unknown>): Promise<void> {
  const target = values.renovationStatus;
  if (layer !== 'houses' || typeof target !== 'string' || target === previous.renovationStatus || !RENOVATION_EVIDENCE[target as RenovationStatus]) return;
  const problems = renovationEvidenceProblems(target as RenovationStatus, await createAttachmentsRepo(db).photoPurposes(layer, String(id)));
  if (problems.length) {
    throw new ApiError(422, 'invalid_properties', { key: 'error.invalidProperties' }, problems.map((p) => ({ field: p.field, problem: (locale: Locale) => (locale === 'zh-CN' ? p.problemZh : p.problemEn) })));
  }
}

function pgErrorCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown } };
  return typeof err?.code === 'string' ? err.code : typeof err?.cause?.code === 'string' ? err.cause.code : undefined;
}

/** Turns constraint violations into answers a user can act on. */
export async function withConstraintErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const code = pgErrorCode(e);
    const detail = ((e as { cause?: { detail?: string } }).cause?.detail ?? (e as { detail?: string }).detail) || undefined;
    if (code === '23503') throw new ApiError(422, 'unknown_reference', { key: 'error.unknownReference' }, detail ?? null);
    if (code === '23505') throw new ApiError(409, 'duplicate', { key: 'error.duplicate' }, detail ?? null);
    throw e;
  }
}

/** Locks a feature's row and checks it is still at the version the client edited (null: any): 404 or 412 otherwise. */
async function lockAtVersion(repo: ReturnType<typeof createFeaturesRepo>, layer: LayerId, id: string | number, expectedVersion: number | null): Promise<StoredFeature> {
  const current = await repo.get(layer, id, true);
  if (!current) throw new ApiError(404, 'feature_not_found', { key: 'error.featureNotFound', params: { id: String(id), layer: { key: `layer.${layer}` } } });
  if (expectedVersion !== null && current.properties.version !== expectedVersion) {
    throw new ApiError(412, 'version_conflict', { key: 'error.versionConflict', params: { version: current.properties.version } }, { currentVersion: current.properties.version, yourVersion: expectedVersion });
  }
  return current;
}

/** Re-evaluates the standards checks the write can have changed (the villages it touches, and itself). */
export async function recheck(ctx: FeatureContext, profile: StoredProfile, layer: LayerId, villages: string[], featureId: string | number | null, countyCode: string | null) {
  const roadIds = layer === 'roads' && featureId !== null ? [Number(featureId)] : undefined;
  const sourceIds = layer === 'water_sources' && featureId !== null ? [Number(featureId)] : undefined;
  // A relocation site is judged itself, with or without a village (one without is in no village's scope).
  const siteIds = layer === 'relocation_sites' && featureId !== null ? [Number(featureId)] : undefined;
  if (villages.length === 0 && !roadIds && !sourceIds && !siteIds) return { villages: [] as string[] };
  const countyCodes = countyCode ? [countyCode] : undefined;
  await runChecks(ctx.database, { profileId: profile.id, countyCodes, villageCodes: villages, roadIds, sourceIds, siteIds });
  return { villages };
}

async function countyOf(ctx: FeatureContext, layer: LayerId, f: StoredFeature): Promise<string | null> {
  if (typeof f.properties.countyCode === 'string') return f.properties.countyCode;
  const validated = await validateGeometry(ctx.database, f.geometry, LAYER_TABLES[layer].geometryType, Number.POSITIVE_INFINITY).catch(() => null);
  return validated?.countyCode ?? null;
}

/** The active profile, read once per write: it decides what an edit affects and judges the re-check. */
export const activeProfile = (ctx: FeatureContext) => createProfilesRepo(ctx.database).active();
export const affected = (ctx: FeatureContext, profile: StoredProfile, layer: LayerId, id: string | number) =>
  affectedVillages(ctx.database, layer, id, profile.thresholds);

/**
 * PROJ's refusal of a coordinate outside where a projection is defined (a box whose axes were given
 * in the wrong order, a zone half a world away) as the 400 it is, naming the parameter; null for any
 * other error.
 */
function outsideCrs(e: unknown, field: 'bbox' | 'crs' | 'filter-crs'): ApiError | null {
  const text = `${(e as Error)?.message ?? ''} ${((e as { cause?: Error })?.cause)?.message ?? ''}`;
  if (!/transform|projection domain|latitude or longitude exceeded/i.test(text)) return null;
  return new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, [{ field, problem: 'outside the area the coordinate system covers (are the axes in its order?)' }]);
}

/** A CQL2 filter as SQL for a user: verdicts under the active profile; a 400 naming what does not fit the layer. */
async function filterCondition(ctx: FeatureContext, layer: LayerId, filter: NonNullable<ListQuery['filter']>) {
  const named = propertiesOf(filter.node);
  const queryables = layerQueryables(layer, ctx.user);
  const profileId = named.some((p) => queryables.get(p)?.kind === 'verdict') ? (await activeProfile(ctx)).id : null;
  try {
    return filterToSql(filter.node, { layer, queryables, crs: filter.crs, profileId });
  } catch (e) {
    if (!(e instanceof Cql2Error)) throw e;
    throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, [{ field: 'filter', problem: e.message }]);
  }
}

/**
 * Features with each rule's verdict under the active profile as a property (`road.width: 'fail'`, null
 * where none is recorded): what OGC clients colour and filter by, as the tiles carry them. One read for
 * the whole page; facilities and other layers that carry another subject's verdicts get that subject's.
 */
export async function withVerdicts(ctx: FeatureContext, layer: LayerId, features: StoredFeature[]): Promise<StoredFeature[]> {
  const rules = verdictRulesOf(layer);
  const carried = verdictSubjectOf(layer);
  if (!rules.length || !carried || !features.length) return features;
  const subjectOf = (f: StoredFeature) => String(carried.via === LAYERS[layer].key ? f.id : f.properties[carried.via] ?? '');
  const profile = await activeProfile(ctx);
  const subjects = [...new Set(features.map(subjectOf).filter(Boolean))];
  const found = await ctx.database.rows<{ subject: string; rule: string; verdict: string }>(sql`
    SELECT subject_id AS subject, rule_id AS rule, verdict FROM check_results
    WHERE profile_id = ${profile.id} AND subject_type = ${carried.subject} AND subject_id = ANY(${pgArray(subjects)}::text[]) AND rule_id = ANY(${pgArray(rules)}::text[])`);
  const verdicts = new Map(found.map((r) => [`${r.subject}|${r.rule}`, r.verdict]));
  return features.map((f) => ({ ...f, properties: { ...f.properties, ...Object.fromEntries(rules.map((rule) => [rule, verdicts.get(`${subjectOf(f)}|${rule}`) ?? null])) } }));
}

/** A write's properties without the verdicts a client read with them (they are judged, never written). */
export function withoutVerdicts<T extends { properties?: unknown }>(layer: LayerId, input: T): T {
  if (!input.properties || typeof input.properties !== 'object') return input;
  const rules = new Set(verdictRulesOf(layer));
  return { ...input, properties: Object.fromEntries(Object.entries(input.properties).filter(([name]) => !rules.has(name))) };
}

/** The features API's operations, shared by the REST routes and OGC API Features. */
export const featuresService = {
  async list(ctx: FeatureContext, layer: LayerId, q: ListQuery) {
    if (!canSeePersonalData(ctx.user)) {
      const named = [...q.filters.map((f) => f.property), q.sort?.property, ...(q.filter ? propertiesOf(q.filter.node) : [])];
      const personal = named.filter((p) => (PERSONAL_DATA_FIELDS as readonly string[]).includes(p ?? ''));
      if (personal.length) throw new ApiError(403, 'forbidden', { key: 'error.mayNotQueryPersonal' });
    }
    // Asking by name for another region's features (countyCode=…, villageCode=…) is refused, not answered empty.
    await assertAreaInRegion(ctx.database, ctx.user, ...q.filters.filter((f) => isRegionReference(f.property)).map((f) => (f.value === null ? null : String(f.value))));
    const filter = q.filter && (await filterCondition(ctx, layer, q.filter));
    const condition = and(filter, inRegionSql(layer, regionOf(ctx.user)));
    const page = await createFeaturesRepo(ctx.database.db).list(layer, q, condition).catch((e: unknown) => {
      throw outsideCrs(e, q.bboxCrs ? 'bbox' : q.filter && q.filter.crs !== CRS84 ? 'filter-crs' : 'crs') ?? e;
    });
    return { total: page.total, features: page.features.map((f) => visibleFeature(f, ctx.user)) };
  },

  /** One feature, its geometry in CRS84 or the CRS asked for. */
  async get(ctx: FeatureContext, layer: LayerId, id: string | number, crs?: CrsOfSql): Promise<StoredFeature> {
    const feature = await createFeaturesRepo(ctx.database.db).get(layer, id, false, crs).catch((e: unknown) => {
      throw outsideCrs(e, 'crs') ?? e;
    });
    if (!feature) throw new ApiError(404, 'feature_not_found', { key: 'error.featureNotFound', params: { id: String(id), layer: { key: `layer.${layer}` } } });
    await assertFeatureInRegion(ctx.database, ctx.user, layer, feature.properties);
    return visibleFeature(feature, ctx.user);
  },

  async create(ctx: FeatureContext, layer: LayerId, input: { geometry?: unknown; properties?: unknown }, action: 'create' | 'revert' = 'create') {
    const user = assertCanWrite(ctx, layer);
    const properties = parseProperties(layer, input.properties, 'full', user);
    assertConsistent(layer, properties);
    const { geometry, countyCode } = await validateGeometry(ctx.database, input.geometry, LAYER_TABLES[layer].geometryType, ctx.settings.countyToleranceKm);
    const { geometryProperty, countyProperty } = LAYER_TABLES[layer];
    if (countyProperty && !properties[countyProperty]) properties[countyProperty] = countyCode;
    await assertFeatureInRegion(ctx.database, user, layer, properties);
    const created = await withConstraintErrors(() => ctx.database.db.transaction(async (tx) => {
      const repo = createFeaturesRepo(tx);
      const feature = await repo.insert(layer, { ...properties, [geometryProperty]: geometry, updatedBy: user.username });
      await repo.audit({ userId: user.id, username: user.username, layer, featureId: feature.id, action, before: null, after: feature });
      return feature;
    }));
    const profile = await activeProfile(ctx);
    const checks = await recheck(ctx, profile, layer, await affected(ctx, profile, layer, created.id), created.id, countyCode);
    return { feature: visibleFeature(created, user), checks };
  },

  /** PATCH (partial) or PUT (`replace`: every property and the geometry) under optimistic locking. */
  async update(ctx: FeatureContext, layer: LayerId, id: string | number, expectedVersion: number | null, input: { geometry?: unknown; properties?: unknown }, replace = false, action: 'update' | 'revert' = 'update') {
    const user = assertCanWrite(ctx, layer);
    const properties = parseProperties(layer, input.properties, replace ? 'full' : 'partial', user);
    const immutable = (IMMUTABLE_FIELDS[layer] ?? []).filter((f) => f in properties);
    const { geometryType, geometryProperty, countyProperty } = LAYER_TABLES[layer];
    if (replace && input.geometry === undefined) throw new ApiError(422, 'invalid_geometry', { key: 'error.replacementNeedsGeometry' });
    const validated = input.geometry === undefined ? null : await validateGeometry(ctx.database, input.geometry, geometryType, ctx.settings.countyToleranceKm);
    const profile = await activeProfile(ctx);
    const before = await affected(ctx, profile, layer, id).catch(() => null);
    const assertInRegion = await regionGuard(ctx.database, user);
    const { current, updated: result } = await withConstraintErrors(() => ctx.database.db.transaction(async (tx) => {
      const repo = createFeaturesRepo(tx);
      const current = await lockAtVersion(repo, layer, id, expectedVersion);
      assertInRegion(layer, current.properties);
      for (const f of immutable) if (properties[f] !== current.properties[f]) throw new ApiError(422, 'immutable_property', { key: 'error.immutable', params: { field: f } }, [{ field: f, problem: 'immutable' }]);
      if (validated && countyProperty && !properties[countyProperty] && replace) properties[countyProperty] = validated.countyCode;
      const values: Record<string, unknown> = { ...properties, updatedBy: user.username };
      if (replace) {
        // A replacement clears every optional property it does not name (personal data only for those who may write it).
        for (const name of Object.keys(propertyColumns(layer))) {
          if (SYSTEM_FIELDS.includes(name) || name in values || name === LAYER_TABLES[layer].idProperty) continue;
          if (!canSeePersonalData(user) && (PERSONAL_DATA_FIELDS as readonly string[]).includes(name)) continue;
          values[name] = null;
        }
      }
      assertConsistent(layer, replace ? values : { ...current.properties, ...values }, current.properties);
      if (action === 'update') await assertEvidence(tx, layer, id, values, current.properties);
      // Nor may a write carry a feature out of the editor's region.
      assertInRegion(layer, { ...current.properties, ...values });
      if (validated) values[geometryProperty] = validated.geometry;
      // Moved by an editor: a position placed by its village is approximate no more (unless the write says so).
      if (validated && APPROXIMATE_LOCATION in LAYER_PROPERTY_SCHEMAS[layer].shape && properties[APPROXIMATE_LOCATION] == null) values[APPROXIMATE_LOCATION] = false;
      const updated = await repo.update(layer, id, values);
      await repo.audit({ userId: user.id, username: user.username, layer, featureId: id, action, before: current, after: updated });
      return { current, updated };
    }));
    // Asked again only when the write can have changed the answer (a road's costs a clustering of its county).
    const after = before && !editMovesAffected(layer, validated !== null, current.properties, result.properties) ? [] : await affected(ctx, profile, layer, id);
    const villages = [...new Set([...(before ?? []), ...after])];
    const checks = await recheck(ctx, profile, layer, villages, result.id, await countyOf(ctx, layer, result));
    return { feature: visibleFeature(result, user), checks };
  },

  async delete(ctx: FeatureContext, layer: LayerId, id: string | number, expectedVersion: number | null, action: 'delete' | 'revert' = 'delete') {
    const user = assertCanWrite(ctx, layer);
    const profile = await activeProfile(ctx);
    const before = await affected(ctx, profile, layer, id).catch(() => [] as string[]);
    const assertInRegion = await regionGuard(ctx.database, user);
    const removed = await withConstraintErrors(() => ctx.database.db.transaction(async (tx) => {
      const repo = createFeaturesRepo(tx);
      const current = await lockAtVersion(repo, layer, id, expectedVersion);
      assertInRegion(layer, current.properties);
      await repo.delete(layer, id);
      const subject = LAYER_TABLES[layer].subjectType;
      if (subject) await repo.deleteResults(subject, id);
      await repo.audit({ userId: user.id, username: user.username, layer, featureId: id, action, before: current, after: null });
      return current;
    }));
    await recheck(ctx, profile, layer, before, null, await countyOf(ctx, layer, removed));
  },

  async history(ctx: FeatureContext, layer: LayerId, id: string | number) {
    const rows = await createFeaturesRepo(ctx.database.db).history(layer, id);
    if (rows.length === 0) await this.get(ctx, layer, id);
    // A history is read where its feature last stood (a deleted one too).
    const last = rows.at(-1);
    if (last) await assertFeatureInRegion(ctx.database, ctx.user, layer, ((last.after ?? last.before) as StoredFeature).properties);
    const shown = (f: unknown) => (f ? visibleFeature(f as StoredFeature, ctx.user) : null);
    return rows.map((r) => ({ id: r.id, at: r.at, username: r.username, action: r.action, before: shown(r.before), after: shown(r.after) }));
  },

  /** Restores the state a feature had at `version` (from its audit trail), as a new, audited write. */
  async revert(ctx: FeatureContext, layer: LayerId, id: string | number, expectedVersion: number | null, toVersion: number) {
    assertCanWrite(ctx, layer);
    const rows = await createFeaturesRepo(ctx.database.db).history(layer, id);
    const target = rows.map((r) => r.after as StoredFeature | null).find((f) => f?.properties.version === toVersion);
    if (!target) throw new ApiError(404, 'version_not_found', { key: 'error.versionNotFound', params: { version: toVersion, layer: { key: `layer.${layer}` }, id: String(id) } });
    return this.update(ctx, layer, id, expectedVersion, restorable(target, ctx.user), true, 'revert');
  },

  /**
   * Undoes one audited change: brings the feature back to the state recorded before it — updated back,
   * deleted again if the change created it, created again if the change deleted it (with a new id
   * where the layer numbers its features). Itself an audited write (`revert`).
   */
  async undo(ctx: FeatureContext, layer: LayerId, id: string | number, before: StoredFeature | null) {
    const current = await createFeaturesRepo(ctx.database.db).get(layer, id);
    if (before === null) {
      if (!current) throw new ApiError(409, 'already_deleted', { key: 'error.alreadyDeleted', params: { id: String(id) } });
      await this.delete(ctx, layer, id, current.properties.version, 'revert');
      return { feature: null };
    }
    if (current) return this.update(ctx, layer, id, current.properties.version, restorable(before, ctx.user), true, 'revert');
    return this.create(ctx, layer, restorable(before, ctx.user), 'revert');
  },
};
