export { default as SampleDataBadge } from './lib/SampleDataBadge.vue';
export { default as LayerFeatureTable } from './lib/LayerFeatureTable.vue';
export { default as TeamLayersPage } from './lib/TeamLayersPage.vue';
export type { FeatureColumn } from './lib/LayerFeatureTable.vue';
export { LABELS, displayValue, layerTitle } from './lib/labels';
export type { LabelKey } from './lib/labels';
export { MESSAGES, createCuntuI18n, savedLocale, saveLocale } from './lib/messages';
export type { Locale } from './lib/messages';
