import { loadRemote, registerRemotes } from '@module-federation/runtime';
import type { Component } from 'vue';
import { MICRO_APPS, microAppBase, openingMicroApp, type MicroAppName } from '@cuntu/domain';

/**
 * Where each micro-app's remote entry lives: on this origin under `/apps/<name>/` in production (the API
 * serves every app), on the remote's own dev server in development.
 */
export function remoteEntryUrl(name: MicroAppName): string {
  const app = MICRO_APPS.find((a) => a.name === name)!;
  return import.meta.env.DEV
    ? `http://localhost:${app.devPort}/remoteEntry.js`
    : new URL(`${microAppBase(name)}remoteEntry.js`, window.location.origin).href;
}

let registered = false;

/** Registers the micro-apps with the federation runtime once, at runtime, so entries follow the page's origin. */
export function registerMicroApps(): void {
  if (registered) return;
  registerRemotes(MICRO_APPS.map(({ name }) => ({ name, entry: remoteEntryUrl(name), type: 'module' as const, entryGlobalName: name })));
  registered = true;
}

/** Loads a micro-app's root component; rejects with a readable error if the remote cannot be reached. */
export async function loadMicroApp(name: MicroAppName): Promise<Component> {
  registerMicroApps();
  const module = await loadRemote<{ default: Component }>(`${name}/App`);
  if (!module?.default) throw new Error(`micro-app "${name}" exposed no component`);
  return module.default;
}

/**
 * Starts loading the micro-app a page opens on (its first path segment; `/` opens the map) while the
 * shell still asks who is logged in: the two waited on each other, one round trip after the other.
 * What `loadMicroApp` loads later is then already there; a failure is reported by it, not here.
 */
export function prefetchMicroApp(pathname: string): void {
  const app = openingMicroApp(pathname);
  if (app) loadMicroApp(app).catch(() => undefined);
}
