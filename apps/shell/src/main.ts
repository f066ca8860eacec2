import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { createCuntuI18n } from '@cuntu/ui';
import ShellLayout from './ShellLayout.vue';
import { createShellRouter } from './router';
import { installServiceWorker } from './offline-cache';

// The shell's Pinia and i18n serve the micro-apps it hosts too (shared singletons).
createApp(ShellLayout).use(createPinia()).use(createCuntuI18n()).use(createShellRouter()).mount('#app');
installServiceWorker();
