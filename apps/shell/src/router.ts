import { createRouter, createWebHistory } from 'vue-router';
import { MICRO_APPS } from '@cuntu/domain';
import RemoteApp from './RemoteApp.vue';

/** One route per micro-app; `/` opens the map. */
export function createShellRouter() {
  return createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/', redirect: '/map' },
      ...MICRO_APPS.map((app) => ({ path: `/${app.name}`, component: RemoteApp, props: { name: app.name } })),
      { path: '/:rest(.*)*', redirect: '/map' },
    ],
  });
}
