import { VitePWA } from 'vite-plugin-pwa';

/**
 * The API reads kept for offline use: the portal's own GETs under `/api/`, but never event streams,
 * exports and briefings (downloads), logins, imports, administration or the originals of files.
 * Copied into the service worker as written, so it names nothing outside itself.
 */
export const isOfflineRead = ({ url, sameOrigin, request }: { url: URL; sameOrigin: boolean; request: Request }) => sameOrigin && request.method === 'GET'
  && /^\/api\/(?!auth\/|exports\/|imports\/|admin\/|briefings\/|attachments\/\d+$)(?!.*\/events$)/.test(url.pathname);

/**
 * The portal installable on a phone, and usable without a connection: a service worker (Workbox, from
 * the shell's build) precaches the shell; the team apps it loads (`/apps/…`) and the API's reads
 * (the layers, the regions, tiles, thumbnails: the area last viewed) are answered from the network
 * when there is one and from what was last read when there is none. Writes never go through a cache:
 * the apps keep them in their outbox.
 */
export function portalPwa() {
  return VitePWA({
    registerType: 'autoUpdate',
    injectRegister: false,
    includeAssets: ['icon.svg', 'apple-touch-icon.png'],
    manifest: {
      name: '村图 · 县域农村基础设施地图',
      short_name: '村图',
      description: '县域农村基础设施地图：道路、饮水、住房与搬迁安置的达标核查与外业采集',
      lang: 'zh-CN',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#27445c',
      icons: [
        { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      navigateFallback: '/index.html',
      navigateFallbackDenylist: [/^\/api\//, /^\/ogc/, /^\/apps\//],
      clientsClaim: true,
      skipWaiting: true,
      runtimeCaching: [
        {
          urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/apps/'),
          handler: 'NetworkFirst',
          options: { cacheName: 'cuntu-apps', networkTimeoutSeconds: 10, expiration: { maxEntries: 400 } },
        },
        {
          // No network timeout: a portal busy re-judging answers late, and a late answer is still the truth; a cached
          // one would show a committed import as not there (only a failed fetch, no connection, falls back).
          urlPattern: isOfflineRead,
          handler: 'NetworkFirst',
          options: { cacheName: 'cuntu-api', expiration: { maxEntries: 2_000 }, cacheableResponse: { statuses: [200] } },
        },
      ],
    },
  });
}
