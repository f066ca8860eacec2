import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';

// Standalone entry: the same App the shell loads through module federation.
createApp(App).use(createPinia()).mount('#app');
