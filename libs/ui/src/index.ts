export { default as SampleDataBadge } from './lib/SampleDataBadge.vue';
export { default as LayerFeatureTable } from './lib/LayerFeatureTable.vue';
export { default as TeamLayersPage } from './lib/TeamLayersPage.vue';
export { countiesHeld, displayValue } from './lib/labels';
export { createCuntuI18n, savedLocale, saveLocale, useLanguageSwitch } from './lib/messages';
export type { Locale } from '@cuntu/messages';
export { saveFile } from './lib/save-file';
