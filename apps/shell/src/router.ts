import { createRouter, createWebHistory } from 'vue-router';
import { MICRO_APPS } from '@cuntu/domain';
import RemoteApp from './RemoteApp.vue';

/** Administration is a chunk of its own: only administrators load it. */
const AdminPage = () => import('./admin/AdminPage.vue');
/** The first-run page administrators land on while the deployment holds no county. */
const SetupPage = () => import('./admin/SetupPage.vue');
/** The leaders' dashboard is a chunk of its own too (it carries ECharts). */
const DashboardPage = () => import('./dashboard/DashboardPage.vue');
/** One's own account: password and access tokens. */
const AccountPage = () => import('./account/AccountPage.vue');

/** One route per micro-app, and administration; `/` opens the map. */
export function createShellRouter() {
  return createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/', redirect: '/map' },
      ...MICRO_APPS.map((app) => ({ path: `/${app.name}`, component: RemoteApp, props: { name: app.name } })),
      { path: '/dashboard', component: DashboardPage },
      { path: '/admin', component: AdminPage },
      { path: '/setup', component: SetupPage },
      { path: '/account', component: AccountPage },
      { path: '/:rest(.*)*', redirect: '/map' },
    ],
  });
}
