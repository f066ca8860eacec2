import { registerSW } from 'virtual:pwa-register';

/** The cache the service worker keeps the API's reads in (see the shell's Vite config): the last user's data. */
const API_CACHE = 'cuntu-api';

/** Installs the portal's service worker (built with the shell; none in the dev server), updating it as new builds land. */
export function installServiceWorker() {
  if ('serviceWorker' in navigator) registerSW({ immediate: true });
}

/** After a logout: the reads the device kept for offline use were the last user's, and go with them. */
export async function forgetOfflineReads() {
  if ('caches' in window) await caches.delete(API_CACHE);
}
