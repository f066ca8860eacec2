import { federation } from '@module-federation/vite';
import vue from '@vitejs/plugin-vue';
import type { UserConfig } from 'vite';
import { portalPwa } from './pwa';
import { API_DEFAULT_PORT, MICRO_APPS, SHELL_DEV_PORT, microAppBase, type MicroAppName } from '@cuntu/domain';

/** Shared singletons: one Vue, one Pinia, one router, one i18n and one MapLibre for the whole page. */
const SHARED = {
  vue: { singleton: true, requiredVersion: '^3.5.0' },
  pinia: { singleton: true, requiredVersion: '^4.0.0' },
  'vue-router': { singleton: true, requiredVersion: '^4.5.0' },
  'maplibre-gl': { singleton: true, requiredVersion: '^6.0.0' },
  'vue-i18n': { singleton: true, requiredVersion: '^11.0.0' },
};

/** The dev server proxies the API, so pages call `/api` on their own origin in dev as in production. */
const apiProxy = { '/api': `http://127.0.0.1:${process.env.CUNTU_API_PORT ?? API_DEFAULT_PORT}` };

/**
 * Vite config of a micro-app: a module-federation remote exposing `./App`, served under `/apps/<name>/`
 * when built and from its own origin in dev, so the shell can load its chunks from anywhere.
 */
export function microAppConfig(name: MicroAppName, command: 'build' | 'serve'): UserConfig {
  const { devPort } = MICRO_APPS.find((a) => a.name === name)!;
  return {
    base: command === 'build' ? microAppBase(name) : `http://localhost:${devPort}/`,
    plugins: [
      vue(),
      federation({ name, filename: 'remoteEntry.js', exposes: { './App': './src/App.vue' }, shared: SHARED, dts: false }),
    ],
    server: { port: devPort, strictPort: true, origin: `http://localhost:${devPort}`, proxy: apiProxy, cors: true },
    preview: { port: devPort, strictPort: true },
    build: { target: 'esnext', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500, manifest: true },
  };
}

/**
 * Vite config of the shell: the federation host (remotes are registered at runtime, see the shell's
 * remotes.ts) and the installable portal's service worker (`portalPwa`).
 */
export function shellConfig(): UserConfig {
  return {
    base: '/',
    plugins: [vue(), federation({ name: 'shell', remotes: {}, shared: SHARED, dts: false }), portalPwa()],
    server: { port: SHELL_DEV_PORT, strictPort: true, proxy: apiProxy },
    preview: { port: SHELL_DEV_PORT, strictPort: true },
    build: { target: 'esnext', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  };
}
