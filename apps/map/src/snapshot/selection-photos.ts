import { computed, ref, watch, type Ref } from 'vue';
import { canSeeAttachments, isLayerId, type Attachment, type Principal } from '@cuntu/domain';
import { MAP_LAYERS, type Selection } from '@cuntu/map-kit';
import type { ApiClient } from '@cuntu/api-client';
import { featureTitle } from '../feature-title';

/**
 * The photos a snapshot may print: of the selected village (every photo placed in it that the reader
 * may see) or of the selected feature, with what to call whose they are. Empty with nothing selected,
 * or when the reader may not see the layer's photos (a household's are personal data).
 */
export function useSelectionPhotos(api: ApiClient, selection: () => Selection | null, me: () => Principal | null, zh: () => boolean) {
  const photos = ref<Attachment[]>([]) as Ref<Attachment[]>;
  const subject = ref('');
  const loading = ref(false);
  const error = ref('');
  watch([selection, me], async ([sel, reader]) => {
    photos.value = [];
    subject.value = '';
    error.value = '';
    if (!sel || !isLayerId(sel.layer) || !canSeeAttachments(reader, sel.layer)) return;
    loading.value = true;
    try {
      const [feature, attachments] = await Promise.all([
        api.feature(sel.layer, sel.id),
        sel.layer === 'villages' ? api.attachments.ofVillage(sel.id) : api.attachments.ofFeature(sel.layer, sel.id),
      ]);
      if (selection() !== sel) return;
      const def = MAP_LAYERS.find((l) => l.id === sel.layer);
      const title = featureTitle(feature, sel.id);
      subject.value = sel.layer === 'villages' || !def ? title : `${zh() ? def.labelZh : def.labelEn} ${title}`;
      photos.value = attachments.filter((a) => a.thumbnailUrl !== null);
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }, { immediate: true });
  return { photos, subject, loading, error, selected: computed(() => selection() !== null) };
}
