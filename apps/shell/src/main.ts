import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ShellLayout from './ShellLayout.vue';
import { createShellRouter } from './router';

createApp(ShellLayout).use(createPinia()).use(createShellRouter()).mount('#app');
