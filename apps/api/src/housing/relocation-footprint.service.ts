import { eq, sql } from 'drizzle-orm';
import { asGeoJson, auditLog, relocationSites, type Db, type GeoJsonGeometry } from '@cuntu/db';
import { FOOTPRINT_LIMITS, RELOCATION_FOOTPRINT_RECORD, type Footprint } from '@cuntu/domain';
import { ApiError } from '../errors';
import { recordEtag } from '../record-etag';
import { validateGeometry } from '../features/geometry-validation';
import { assertCanWrite, type FeatureContext } from '../features/features.service';

type Executor = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/** The ETag of a footprint: a hash of what is stored (none has one too). */
export const footprintEtag = (footprint: Footprint | null) => recordEtag('f', JSON.stringify(footprint));
const notFound = (siteId: number) => new ApiError(404, 'feature_not_found', { key: 'error.featureNotFound', params: { layer: { key: 'layer.relocation_sites' }, id: String(siteId) } });

/** The stored footprint of a site (undefined when there is no such site); `lock` holds the row for the transaction. */
async function storedFootprint(db: Executor, siteId: number, lock = false): Promise<Footprint | null | undefined> {
  const query = db.select({ footprint: asGeoJson(relocationSites.footprint) }).from(relocationSites).where(eq(relocationSites.id, siteId));
  const [row] = lock ? await query.for('update') : await query;
  return row ? ((row.footprint as Footprint | null) ?? null) : undefined;
}

/**
 * A relocation site's footprint — the plot it is built on — beside its point: read with an ETag, set or
 * removed by housing editors against that ETag, each change audited under its own record kind and
 * undoable from the audit screen. No rule reads it, so nothing is re-judged.
 */
export const relocationFootprintService = {
  async get(ctx: FeatureContext, siteId: number): Promise<{ footprint: Footprint | null; etag: string }> {
    const footprint = await storedFootprint(ctx.database.db, siteId);
    if (footprint === undefined) throw notFound(siteId);
    return { footprint, etag: footprintEtag(footprint) };
  },

  /**
   * Sets (or with null, removes) the footprint: a valid Polygon in the county, of at most 5 km², within
   * 1 km of the site's point. `expectedEtag` is that of the footprint the user started from (null skips
   * the check, for an undo).
   */
  async set(ctx: FeatureContext, siteId: number, expectedEtag: string | null, input: unknown, action: 'update' | 'revert' = 'update') {
    const user = assertCanWrite(ctx, 'relocation_sites');
    // The contract has made sure a `geometry` was sent (422 naming it otherwise).
    const geometry = (input as { geometry: unknown }).geometry ?? null;
    if (geometry !== null) {
      await validateGeometry(ctx.database, geometry, 'Polygon', ctx.settings.countyToleranceKm);
      const json = JSON.stringify(geometry);
      const [measured] = await ctx.database.rows<{ km2: number; m: number | null }>(sql`
        SELECT ST_Area(g::geography) / 1e6 AS km2, (SELECT ST_Distance(g::geography, s.location::geography) FROM relocation_sites s WHERE s.id = ${siteId}) AS m
        FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${json}), 4326) AS g) x`);
      if (measured.m === null) throw notFound(siteId);
      if (measured.km2 > FOOTPRINT_LIMITS.maxKm2) {
        throw new ApiError(422, 'area_too_large', { key: 'error.footprintTooLarge', params: { km2: measured.km2.toFixed(1), max: FOOTPRINT_LIMITS.maxKm2 } }, [{ field: 'geometry', problem: 'too large' }]);
      }
      if (measured.m > FOOTPRINT_LIMITS.maxDistanceM) {
        throw new ApiError(422, 'footprint_far_from_site', { key: 'error.footprintFar', params: { m: Math.round(measured.m), max: FOOTPRINT_LIMITS.maxDistanceM } }, [{ field: 'geometry', problem: 'far from the site' }]);
      }
    }
    return ctx.database.db.transaction(async (tx) => {
      const current = await storedFootprint(tx, siteId, true);
      if (current === undefined) throw notFound(siteId);
      if (expectedEtag !== null && footprintEtag(current) !== expectedEtag) {
        throw new ApiError(412, 'version_conflict', { key: 'error.footprintChanged' }, { current });
      }
      await tx.update(relocationSites)
        .set({ footprint: geometry === null ? null : sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry as GeoJsonGeometry)}), 4326)` })
        .where(eq(relocationSites.id, siteId));
      const footprint = (await storedFootprint(tx, siteId))!;
      await tx.insert(auditLog).values({
        userId: user.id, username: user.username, layer: RELOCATION_FOOTPRINT_RECORD.kind, featureId: String(siteId), action,
        before: { geometry: current, properties: {} }, after: { geometry: footprint, properties: {} },
      });
      return { footprint, etag: footprintEtag(footprint) };
    });
  },

  /** Undoes one audited change: the footprint back to what it was before it (the admin's audit screen). */
  undo(ctx: FeatureContext, siteId: number, before: { geometry?: unknown } | null) {
    return this.set(ctx, siteId, null, { geometry: before?.geometry ?? null }, 'revert');
  },
};
