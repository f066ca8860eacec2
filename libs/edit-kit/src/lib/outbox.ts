import Dexie, { type EntityTable } from 'dexie';
import type { AttachmentPurpose, EditableFeature, LayerId } from '@cuntu/domain';
import type { FeatureChanges } from './feature-editor';
import { isRefusal } from './refusal';

/** A file kept on the device until it can be sent (a Blob survives in IndexedDB; a File's name and date are kept beside it). */
export interface WaitingFile { name: string; type: string; lastModified: number; blob: Blob }

/**
 * One change made without a connection, waiting on the device in the order it was made:
 * - `create`: a new feature; `featureId` is its local reference (`local-…`) until it is sent;
 * - `update`: a change to a feature, against the version the user started from (`base`, sent as `If-Match`);
 * - `files`: photos and documents for a feature (or for a feature made offline, by its local reference).
 *
 * `waiting` is sent when the connection returns; `conflict` met someone else's change meanwhile and
 * holds the version stored now (`current`) for the compare-and-choose view; `refused` was refused
 * by the portal, with its reason (`problem`), and waits for the user to look at it.
 */
export interface OutboxItem {
  id?: number;
  /** Whose change: a shared device keeps each user's apart. */
  user: string;
  kind: 'create' | 'update' | 'files';
  layer: LayerId;
  featureId: string | number;
  base?: EditableFeature;
  changes?: FeatureChanges;
  files?: WaitingFile[];
  purpose?: AttachmentPurpose;
  state: 'waiting' | 'conflict' | 'refused';
  current?: EditableFeature;
  problem?: string;
}

/** What sending the outbox needs of the API client. */
export interface OutboxApi {
  feature(layer: LayerId, id: string | number): Promise<EditableFeature>;
  createFeature(layer: LayerId, input: { geometry: unknown; properties: Record<string, unknown> }): Promise<EditableFeature>;
  updateFeature(layer: LayerId, id: string | number, version: number, change: FeatureChanges): Promise<EditableFeature>;
  attachments: { upload(layer: LayerId, feature: string | number, files: File[], options?: { purpose?: AttachmentPurpose }): Promise<unknown> };
}

/** What one pass of sending did. */
export interface SyncReport { sent: number; conflicts: number; refused: number; offline: boolean }

export const LOCAL_PREFIX = 'local-';
export const isLocalId = (id: unknown): id is string => typeof id === 'string' && id.startsWith(LOCAL_PREFIX);

/**
 * A thrown error that means "no connection" rather than an answer: fetch's TypeError, or the upload's
 * status 0. A refusal (any HTTP answer) is not one.
 */
export const isOffline = (e: unknown) => (isRefusal(e) ? e.status === 0 : e instanceof TypeError);

class OutboxDatabase extends Dexie {
  items!: EntityTable<OutboxItem, 'id'>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ items: '++id, user, [user+featureId]' });
  }
}

/**
 * The device's outbox: changes made without a connection, kept in IndexedDB (so closing the app loses
 * nothing) and sent in order when the connection returns, each against its ETag. A feature's later
 * changes are rebased on what the portal stored for its earlier one (they were made on top of it);
 * behind a conflict or a refusal they wait for the user.
 */
export class Outbox {
  readonly db: OutboxDatabase;
  private sending: Promise<SyncReport> | null = null;

  constructor(name = 'cuntu-outbox') {
    this.db = new OutboxDatabase(name);
  }

  /** The user's waiting, conflicting and refused changes, oldest first. */
  items(user: string): Promise<OutboxItem[]> {
    return this.db.items.where('user').equals(user).sortBy('id');
  }

  /** Keeps a new feature; answers its local reference. */
  async create(user: string, layer: LayerId, changes: FeatureChanges): Promise<string> {
    const featureId = `${LOCAL_PREFIX}${crypto.randomUUID()}`;
    await this.db.items.add({ user, kind: 'create', layer, featureId, changes, state: 'waiting' });
    return featureId;
  }

  /** Keeps a change to `base` (a stored feature, or one made offline and not sent yet). */
  async update(user: string, layer: LayerId, base: EditableFeature, changes: FeatureChanges): Promise<void> {
    await this.db.items.add({ user, kind: 'update', layer, featureId: base.id, base, changes, state: 'waiting' });
  }

  /** Keeps files for a feature (by its id or local reference). */
  async files(user: string, layer: LayerId, featureId: string | number, files: File[], purpose?: AttachmentPurpose): Promise<void> {
    const kept = files.map((f) => ({ name: f.name, type: f.type, lastModified: f.lastModified, blob: f.slice(0, f.size, f.type) }));
    await this.db.items.add({ user, kind: 'files', layer, featureId, files: kept, purpose, state: 'waiting' });
  }

  /** Drops a change the user has dealt with (a conflict chosen, a refusal given up). */
  remove(id: number): Promise<void> {
    return this.db.items.delete(id);
  }

  /** After the user settled a conflict by saving: the feature's later changes go on top of what was stored. */
  rebase(user: string, saved: EditableFeature): Promise<void> {
    return this.moveOnto(user, saved.id, saved);
  }

  /** The later changes of `featureId` (its local reference, for a feature just created) now go to `stored`, on top of it. */
  private async moveOnto(user: string, featureId: string | number, stored: EditableFeature): Promise<void> {
    const later = await this.db.items.where('[user+featureId]').equals([user, featureId]).toArray();
    for (const next of later) await this.db.items.update(next.id!, { featureId: stored.id, ...(next.kind === 'update' ? { base: stored } : {}) });
  }

  /** Sends the user's waiting changes in order (one pass at a time; a second call joins the running one). */
  sync(user: string, api: OutboxApi): Promise<SyncReport> {
    this.sending ??= this.sendAll(user, api).finally(() => (this.sending = null));
    return this.sending;
  }

  private async sendAll(user: string, api: OutboxApi): Promise<SyncReport> {
    const report: SyncReport = { sent: 0, conflicts: 0, refused: 0, offline: false };
    /** Features with a change the user must look at first: their later changes wait behind it. */
    const held = new Set<string | number>();
    for (const { id } of await this.items(user)) {
      // Read again: an earlier send may have given it its feature's new id or version.
      const item = await this.db.items.get(id!);
      if (!item) continue;
      if (item.state !== 'waiting' || held.has(item.featureId)) {
        held.add(item.featureId);
        continue;
      }
      try {
        await this.send(user, item, api);
        report.sent++;
      } catch (e) {
        if (isOffline(e)) {
          report.offline = true;
          return report;
        }
        if (!isRefusal(e)) throw e;
        held.add(item.featureId);
        if (e.status === 412 && item.kind === 'update') {
          await this.db.items.update(item.id!, { state: 'conflict', current: await api.feature(item.layer, item.featureId) });
          report.conflicts++;
        } else {
          await this.db.items.update(item.id!, { state: 'refused', problem: e.message });
          report.refused++;
        }
      }
    }
    return report;
  }

  /** Sends one change; what the portal stored becomes the base of the feature's later changes. */
  private async send(user: string, item: OutboxItem, api: OutboxApi): Promise<void> {
    let stored: EditableFeature | null = null;
    if (item.kind === 'create') {
      stored = await api.createFeature(item.layer, { geometry: item.changes?.geometry, properties: item.changes?.properties ?? {} });
    } else if (item.kind === 'update') {
      stored = await api.updateFeature(item.layer, item.featureId, item.base!.properties.version as number, item.changes ?? {});
    } else {
      const files = item.files!.map((f) => new File([f.blob], f.name, { type: f.type, lastModified: f.lastModified }));
      await api.attachments.upload(item.layer, item.featureId, files, { purpose: item.purpose });
    }
    await this.db.transaction('rw', this.db.items, async () => {
      await this.db.items.delete(item.id!);
      if (stored) await this.moveOnto(user, item.featureId, stored);
    });
  }
}

/**
 * The layer as the user left it on this device: the waiting creates and changes applied, in order,
 * over what the portal last answered (verdicts are the portal's: a changed feature keeps its last ones
 * until it is judged again). Answers the features and the ids that carry a waiting change.
 */
export function withWaitingChanges<F extends { geometry: unknown; properties: Record<string, unknown> }>(
  features: F[], items: OutboxItem[], layer: LayerId,
): { features: F[]; waiting: Set<string | number> } {
  const out = [...features];
  const waiting = new Set<string | number>();
  for (const item of items) {
    if (item.layer !== layer || item.kind === 'files' || item.state === 'refused') continue;
    waiting.add(item.featureId);
    const at = out.findIndex((f) => f.properties.id === item.featureId);
    const properties = item.changes?.properties ?? {};
    const geometry = item.changes?.geometry;
    if (at < 0) {
      if (item.kind === 'create') out.push({ geometry: geometry ?? null, properties: { ...properties, id: item.featureId } } as unknown as F);
      continue;
    }
    out[at] = { ...out[at], ...(geometry ? { geometry } : {}), properties: { ...out[at].properties, ...properties } };
  }
  return { features: out, waiting };
}
