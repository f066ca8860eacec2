import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { attachments, auditLog, LAYER_TABLES, type Db } from '@cuntu/db';
import { ATTACHMENT_RECORD, LAYER_IDS, PHOTO_FAR_FROM_FEATURE_M, type Attachment, type AttachmentPurpose, type AuditedState, type LayerId } from '@cuntu/domain';

export type AttachmentRow = typeof attachments.$inferSelect;
export type NewAttachment = Omit<typeof attachments.$inferInsert, 'id' | 'uploadedAt' | 'removedAt' | 'removedBy' | 'takenWhere'> & { takenWhere: [number, number] | null };

/** How far from its feature (as the feature stands now) each photo was taken, in metres: one subquery per layer, the feature found by its key. */
const distanceFromFeature: SQL = sql`CASE ${sql.join(LAYER_IDS.map((layer) => {
  const t = LAYER_TABLES[layer];
  return sql`WHEN ${attachments.layer} = ${layer} THEN (SELECT ST_Distance(${attachments.takenWhere}::geography, ${t.geometry}::geography) FROM ${t.table} WHERE ${t.id}::text = ${attachments.featureId})`;
}), sql` `)} END`;

const columns = {
  row: attachments,
  lon: sql<number | null>`ST_X(${attachments.takenWhere})`,
  lat: sql<number | null>`ST_Y(${attachments.takenWhere})`,
  distanceM: sql<number | null>`CASE WHEN ${attachments.takenWhere} IS NULL THEN NULL ELSE ${distanceFromFeature} END`,
};

type Read = { row: AttachmentRow; lon: number | null; lat: number | null; distanceM: number | string | null };

/** A stored attachment as the API sends it. */
export function attachmentView({ row, lon, lat, distanceM }: Read): Attachment {
  const metres = distanceM === null ? null : Math.round(Number(distanceM));
  return {
    id: row.id, layer: row.layer as LayerId, featureId: row.featureId, fileName: row.fileName, mediaType: row.mediaType, byteSize: row.byteSize,
    width: row.width, height: row.height, takenAt: row.takenAt, takenWhere: lon === null || lat === null ? null : [Number(lon), Number(lat)],
    distanceM: metres, far: metres !== null && metres > PHOTO_FAR_FROM_FEATURE_M, purpose: row.purpose as AttachmentPurpose | null,
    uploadedBy: row.uploadedBy, uploadedAt: row.uploadedAt.toISOString(),
    url: `/api/attachments/${row.id}`, thumbnailUrl: row.thumbnailKey ? `/api/attachments/${row.id}/thumbnail` : null,
  };
}

/** An attachment as the audit log keeps it: enough to name it and to bring it back. */
export const auditedAttachment = (row: AttachmentRow): AuditedState => ({
  properties: {
    id: row.id, layer: row.layer, featureId: row.featureId, fileName: row.fileName, mediaType: row.mediaType, byteSize: row.byteSize, sha256: row.sha256,
    purpose: row.purpose, countyCode: row.countyCode, villageCode: row.villageCode,
  },
});

export function createAttachmentsRepo(db: Db) {
  return {
    /** A feature's kept attachments, newest first. */
    async ofFeature(layer: LayerId, featureId: string): Promise<Attachment[]> {
      const rows = await db.select(columns).from(attachments)
        .where(and(eq(attachments.layer, layer), eq(attachments.featureId, featureId), isNull(attachments.removedAt)))
        .orderBy(desc(attachments.uploadedAt), desc(attachments.id));
      return rows.map(attachmentView);
    },

    /** The kept attachments of the features placed in a village, of the layers named, newest first. */
    async ofVillage(villageCode: string, layers: LayerId[]): Promise<Attachment[]> {
      if (!layers.length) return [];
      const rows = await db.select(columns).from(attachments)
        .where(and(eq(attachments.villageCode, villageCode), inArray(attachments.layer, layers), isNull(attachments.removedAt)))
        .orderBy(desc(attachments.uploadedAt), desc(attachments.id)).limit(500);
      return rows.map(attachmentView);
    },

    /** The purposes a feature's kept photos are marked with (the evidence a workflow step asks for). */
    async photoPurposes(layer: LayerId, featureId: string): Promise<Array<string | null>> {
      const rows = await db.selectDistinct({ purpose: attachments.purpose }).from(attachments)
        .where(and(eq(attachments.layer, layer), eq(attachments.featureId, featureId), isNull(attachments.removedAt), sql`${attachments.mediaType} LIKE 'image/%'`));
      return rows.map((r) => r.purpose);
    },

    /** One attachment, kept or removed. */
    async get(id: number): Promise<AttachmentRow | null> {
      const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
      return row ?? null;
    },

    async view(id: number): Promise<Attachment> {
      const [read] = await db.select(columns).from(attachments).where(eq(attachments.id, id));
      return attachmentView(read);
    },

    async insert(rows: NewAttachment[]): Promise<AttachmentRow[]> {
      return db.insert(attachments).values(rows.map(({ takenWhere, ...row }) => ({
        ...row, takenWhere: takenWhere ? sql`ST_SetSRID(ST_MakePoint(${takenWhere[0]}, ${takenWhere[1]}), 4326)` : null,
      }))).returning();
    },

    /** Marks it removed (its files stay, for undoing); false when it was removed already. */
    async markRemoved(id: number, by: string): Promise<AttachmentRow | null> {
      const [row] = await db.update(attachments).set({ removedAt: sql`now()`, removedBy: by }).where(and(eq(attachments.id, id), isNull(attachments.removedAt))).returning();
      return row ?? null;
    },

    async unmarkRemoved(id: number): Promise<AttachmentRow | null> {
      const [row] = await db.update(attachments).set({ removedAt: null, removedBy: null }).where(and(eq(attachments.id, id), sql`${attachments.removedAt} IS NOT NULL`)).returning();
      return row ?? null;
    },

    async audit(by: { id: number | null; username: string }, row: AttachmentRow, action: 'create' | 'delete' | 'revert', before: AttachmentRow | null, after: AttachmentRow | null): Promise<void> {
      await db.insert(auditLog).values({
        userId: by.id || null, username: by.username, layer: ATTACHMENT_RECORD.kind, featureId: String(row.id), action,
        before: before && auditedAttachment(before), after: after && auditedAttachment(after),
      });
    },
  };
}
