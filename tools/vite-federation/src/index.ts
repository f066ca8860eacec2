import { federation } from '@module-federation/vite';
import { compression } from 'vite-plugin-compression2';
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

/**
 * Each built script, style, icon and manifest also written brotli- and gzip-compressed beside it, for the API
 * to send to browsers that take them (`apps/api/src/web.ts`): a county office's line carries a
 * quarter of the bytes.
 */
const compressed = () => compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|mjs|css|svg|json|webmanifest)$/, threshold: 1024 });

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
      compressed(),
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
    plugins: [vue(), federation({ name: 'shell', remotes: {}, shared: SHARED, dts: false }), portalPwa(), compressed()],
    server: { port: SHELL_DEV_PORT, strictPort: true, proxy: apiProxy },
    preview: { port: SHELL_DEV_PORT, strictPort: true },
    build: { target: 'esnext', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  };
}
