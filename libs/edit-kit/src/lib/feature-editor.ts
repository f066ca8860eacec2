import { ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { isJudgedLayer, type EditableFeature, type LayerId } from '@cuntu/domain';
import { describeConflict, type ConflictField } from './conflict';
import { isLocalId, isOffline, type Outbox } from './outbox';
import { isRefusal, type Refusal } from './refusal';

/** What a save changes: the properties edited, the geometry when it was drawn or moved. */
export type FeatureChanges = { geometry?: unknown; properties?: Record<string, unknown> };
type Changes = FeatureChanges;

/** The part of the API client the editor needs (the apps pass their `createApiClient()`). */
export interface FeatureWriteApi {
  feature(layer: LayerId, id: string | number): Promise<EditableFeature>;
  createFeature(layer: LayerId, input: { geometry: unknown; properties: Record<string, unknown> }): Promise<EditableFeature>;
  updateFeature(layer: LayerId, id: string | number, version: number, change: Changes): Promise<EditableFeature>;
}


const isLocalFeature = (f: EditableFeature | null) => !!f && isLocalId(f.id);

/** Where a save goes without a connection: the device's outbox, as the signed-in user. */
export interface OfflineSaving {
  outbox: Outbox;
  user(): string | null;
}

/**
 * Editing one feature of a layer against the API: create or change it with `If-Match`; a 412 becomes
 * a conflict (what changed meanwhile, then reload or re-apply on top of the newest version); a 4xx
 * with field details lands next to the fields (`_` for the rest, e.g. a geometry outside the county).
 * With `offline`, a save made without a connection (or a feature made offline and not sent yet) waits
 * in the device's outbox and `queued` is told; the outbox sends it, against the same version, later.
 */
export function useFeatureEditor(api: FeatureWriteApi, layer: LayerId, hooks: {
  saved?: (f: EditableFeature) => void;
  queued?: (featureId: string | number) => void;
  offline?: OfflineSaving;
} = {}) {
  const { t } = useI18n();
  /** The version the user started from (null for a new feature). */
  const base = shallowRef<EditableFeature | null>(null);
  const serverErrors = ref<Record<string, string>>({});
  const conflict = shallowRef<{ fields: ConflictField[]; current: EditableFeature; changes: Changes } | null>(null);
  const busy = ref(false);
  const message = ref('');

  const reset = () => {
    serverErrors.value = {};
    conflict.value = null;
    message.value = '';
  };

  function refusal(e: Refusal) {
    const details = Array.isArray(e.details) ? (e.details as Array<{ field?: string; problem?: string }>) : [];
    const byField = Object.fromEntries(details.filter((d) => d?.field).map((d) => [d.field!.split('.')[0], d.problem ?? e.message]));
    serverErrors.value = Object.keys(byField).length ? byField : { _: e.message };
  }

  /** Keeps the change in the outbox (no connection, or a feature that exists only on this device yet). */
  async function queue(changes: Changes, user: string): Promise<null> {
    const { outbox } = hooks.offline!;
    const featureId = base.value ? base.value.id : await outbox.create(user, layer, changes);
    if (base.value) await outbox.update(user, layer, base.value, changes);
    message.value = t('outbox.kept');
    hooks.queued?.(featureId);
    return null;
  }

  async function save(changes: Changes, version = base.value?.properties.version): Promise<EditableFeature | null> {
    reset();
    busy.value = true;
    const user = hooks.offline?.user() ?? null;
    const waitsOnDevice = user !== null && (!navigator.onLine || isLocalFeature(base.value));
    try {
      if (waitsOnDevice) return await queue(changes, user);
      const saved = base.value
        ? await api.updateFeature(layer, base.value.id, version!, changes)
        : await api.createFeature(layer, { geometry: changes.geometry, properties: changes.properties ?? {} });
      base.value = saved;
      // Only a layer some rule judges has its checks re-run by a save.
      message.value = t(isJudgedLayer(layer) ? 'form.saved' : 'form.savedNoChecks');
      hooks.saved?.(saved);
      return saved;
    } catch (e) {
      if (user !== null && isOffline(e)) return await queue(changes, user);
      if (!isRefusal(e)) throw e;
      if (e.status === 412 && base.value) {
        const current = await api.feature(layer, base.value.id);
        conflict.value = { fields: describeConflict(base.value, current, changes), current, changes };
      } else refusal(e);
      return null;
    } finally {
      busy.value = false;
    }
  }

  return {
    base, serverErrors, conflict, busy, message,
    open(feature: EditableFeature | null) {
      reset();
      base.value = feature;
    },
    save: (changes: Changes) => save(changes),
    /** Opens a change the outbox could not send because someone else changed the feature meanwhile: the same compare-and-choose view. */
    openConflict(started: EditableFeature, current: EditableFeature, changes: Changes) {
      reset();
      base.value = started;
      conflict.value = { fields: describeConflict(started, current, changes), current, changes };
    },
    /** Drops the user's changes and continues from the version stored now. */
    reload() {
      if (!conflict.value) return null;
      const current = conflict.value.current;
      reset();
      base.value = current;
      return current;
    },
    /** Saves the user's changes on top of the version stored now. */
    reapply() {
      if (!conflict.value) return Promise.resolve(null);
      const { current, changes } = conflict.value;
      base.value = current;
      return save(changes, current.properties.version);
    },
  };
}
