import { randomUUID } from 'node:crypto';
import {
  ATTACHMENT_LIMITS, LAYER_IDS, canChangeAttachments, canSeeAttachments, type Attachment, type AttachmentPurpose, type AuditedState, type LayerId, type Principal,
} from '@cuntu/domain';
import { ApiError } from '../errors';
import { featuresService, type FeatureContext } from '../features/features.service';
import { assertInRegion } from '../auth/region';
import type { AttachmentStore } from './attachment-store';
import { createAttachmentsRepo, type AttachmentRow } from './attachments.repo';
import { downsized, readFileFacts } from './file-facts';

export interface AttachmentContext extends FeatureContext {
  store: AttachmentStore;
}

/** The longer side of a photo printed on a page: a third of A4's width at 300 dpi. */
const PRINT_PX = 1200;

const notFound = (id: number | string) => new ApiError(404, 'attachment_not_found', { key: 'error.attachmentNotFound', params: { id: String(id) } });

function signedIn(ctx: FeatureContext): Principal {
  if (!ctx.user) throw new ApiError(401, 'login_required', { key: 'error.loginRequired' });
  return ctx.user;
}

/** A reader who may not see a layer's attachments (a house's photos show a household) is told so, for the layer as a whole. */
function assertMaySee(user: Principal, layer: LayerId) {
  if (!canSeeAttachments(user, layer)) throw new ApiError(403, 'personal_attachments', { key: 'error.attachmentsPersonal', params: { layer: { key: `layer.${layer}` } } });
}

function assertMayChange(user: Principal, layer: LayerId) {
  assertMaySee(user, layer);
  if (!canChangeAttachments(user, layer)) throw new ApiError(403, 'forbidden', { key: 'error.mayNotEdit', params: { layer: { key: `layer.${layer}` } } });
}

/** The feature, as the reader may see it (404 when absent, 403 outside their region), and where it lies. */
async function placeOf(ctx: FeatureContext, layer: LayerId, featureId: string) {
  const feature = await featuresService.get(ctx, layer, featureId);
  const p = feature.properties as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { featureId: String(feature.id), countyCode: text(p.countyCode), villageCode: text(p.villageCode) ?? (layer === 'villages' ? String(feature.id) : null) };
}

/**
 * An attachment a reader may reach: kept (or, with `removed`, removed), of a layer whose attachments
 * they may see, on a feature in their region. Anything else is "not found": a viewer learns nothing,
 * not even that a house has a photo.
 */
async function reachable(ctx: FeatureContext, id: number, removed = false): Promise<AttachmentRow> {
  const user = signedIn(ctx);
  const row = await createAttachmentsRepo(ctx.database.db).get(id);
  if (!row || (row.removedAt !== null) !== removed || !(LAYER_IDS as readonly string[]).includes(row.layer) || !canSeeAttachments(user, row.layer as LayerId)) throw notFound(id);
  await assertInRegion(ctx.database, user, row.villageCode ?? row.countyCode);
  return row;
}

export const attachmentsService = {
  async ofFeature(ctx: FeatureContext, layer: LayerId, featureId: string): Promise<Attachment[]> {
    assertMaySee(signedIn(ctx), layer);
    const place = await placeOf(ctx, layer, featureId);
    return createAttachmentsRepo(ctx.database.db).ofFeature(layer, place.featureId);
  },

  /** Every attachment placed in the village, of the layers whose attachments the reader may see. */
  async ofVillage(ctx: FeatureContext, villageCode: string): Promise<Attachment[]> {
    const user = signedIn(ctx);
    await assertInRegion(ctx.database, user, villageCode);
    return createAttachmentsRepo(ctx.database.db).ofVillage(villageCode, LAYER_IDS.filter((layer) => canSeeAttachments(user, layer)));
  },

  /**
   * Keeps the files on the feature, all or none: each is checked and read first (any refusal names its
   * file and keeps nothing), then the files and their rows are written, each upload audited.
   */
  async upload(ctx: AttachmentContext, layer: LayerId, featureId: string, files: Array<{ name: string; bytes: Uint8Array }>, purpose: AttachmentPurpose | null): Promise<Attachment[]> {
    const user = signedIn(ctx);
    assertMayChange(user, layer);
    if (files.length === 0) throw new ApiError(400, 'no_files', { key: 'error.attachmentNoFiles' });
    if (files.length > ATTACHMENT_LIMITS.maxFiles) throw new ApiError(413, 'too_many_files', { key: 'error.attachmentTooMany', params: { max: ATTACHMENT_LIMITS.maxFiles } });
    const place = await placeOf(ctx, layer, featureId);
    const facts = [];
    for (const file of files) facts.push(await readFileFacts(file.name, file.bytes));
    const keyed = facts.map((f) => {
      const key = randomUUID();
      return { facts: f, key, thumbnailKey: f.thumbnail ? `${key}.thumb` : null };
    });
    const blobs = keyed.flatMap(({ facts: f, key, thumbnailKey }) => [{ key, bytes: f.bytes }, ...(thumbnailKey && f.thumbnail ? [{ key: thumbnailKey, bytes: f.thumbnail }] : [])]);
    try {
      const ids = await ctx.database.db.transaction(async (tx) => {
        await ctx.store.put(blobs, tx);
        const repo = createAttachmentsRepo(tx);
        const rows = await repo.insert(keyed.map(({ facts: f, key, thumbnailKey }) => ({
          layer, featureId: place.featureId, countyCode: place.countyCode, villageCode: place.villageCode, fileName: f.fileName, mediaType: f.mediaType,
          byteSize: f.bytes.byteLength, sha256: f.sha256, width: f.width, height: f.height, takenAt: f.takenAt, takenWhere: f.takenWhere,
          storageKey: key, thumbnailKey, userId: user.id || null, uploadedBy: user.username, purpose,
        })));
        for (const row of rows) await repo.audit(user, row, 'create', null, row);
        return rows.map((r) => r.id);
      });
      const repo = createAttachmentsRepo(ctx.database.db);
      return Promise.all(ids.map((id) => repo.view(id)));
    } catch (e) {
      await ctx.store.drop(blobs.map((b) => b.key)).catch(() => undefined);
      throw e;
    }
  },

  /** The file or its thumbnail, with what to call it. */
  async content(ctx: AttachmentContext, id: number, which: 'file' | 'thumbnail'): Promise<{ row: AttachmentRow; bytes: Uint8Array }> {
    const row = await reachable(ctx, id);
    const key = which === 'file' ? row.storageKey : row.thumbnailKey;
    const bytes = key ? await ctx.store.get(key) : null;
    if (!bytes) throw notFound(id);
    return { row, bytes };
  },

  /**
   * A photo as a printed page takes it: turned upright, at most `PRINT_PX` on its longer side, as JPEG,
   * with what the API says of it. Reached as its file is (anything the reader may not see is "not
   * found"); a document is refused, naming it.
   */
  async printable(ctx: AttachmentContext, id: number): Promise<{ attachment: Attachment; jpeg: Uint8Array }> {
    const { row, bytes } = await attachmentsService.content(ctx, id, 'file');
    if (!row.thumbnailKey) throw new ApiError(422, 'not_a_photo', { key: 'error.attachmentNotAPhoto', params: { file: row.fileName } });
    return { attachment: await createAttachmentsRepo(ctx.database.db).view(id), jpeg: await downsized(bytes, PRINT_PX, 82) };
  },

  async remove(ctx: FeatureContext, id: number): Promise<void> {
    const user = signedIn(ctx);
    const row = await reachable(ctx, id);
    assertMayChange(user, row.layer as LayerId);
    await ctx.database.db.transaction(async (tx) => {
      const repo = createAttachmentsRepo(tx);
      const removed = await repo.markRemoved(id, user.username);
      if (!removed) throw notFound(id);
      await repo.audit(user, removed, 'delete', row, null);
    });
  },

  async restore(ctx: FeatureContext, id: number): Promise<Attachment> {
    const user = signedIn(ctx);
    const row = await createAttachmentsRepo(ctx.database.db).get(id);
    if (row && row.removedAt === null && (LAYER_IDS as readonly string[]).includes(row.layer) && canSeeAttachments(user, row.layer as LayerId)) {
      throw new ApiError(409, 'not_removed', { key: 'error.attachmentNotRemoved', params: { id: String(id) } });
    }
    const removed = await reachable(ctx, id, true);
    assertMayChange(user, removed.layer as LayerId);
    await ctx.database.db.transaction(async (tx) => {
      const repo = createAttachmentsRepo(tx);
      const restored = await repo.unmarkRemoved(id);
      if (!restored) throw notFound(id);
      await repo.audit(user, restored, 'revert', null, restored);
    });
    return createAttachmentsRepo(ctx.database.db).view(id);
  },

  /** The audit log's undo: an upload (or a restore) is removed again, a removal restored. */
  async undo(ctx: FeatureContext, id: number, before: AuditedState | null): Promise<{ attachment: Attachment | null }> {
    if (before === null) {
      await this.remove(ctx, id);
      return { attachment: null };
    }
    return { attachment: await this.restore(ctx, id) };
  },
};
