import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { createCuntuI18n } from '@cuntu/ui';
import App from './App.vue';

// Standalone entry: the same App the shell loads through module federation.
createApp(App).use(createPinia()).use(createCuntuI18n()).mount('#app');
