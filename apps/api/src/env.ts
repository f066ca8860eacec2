import type { Database } from '@cuntu/db';
import type { Principal } from '@cuntu/domain';
import type { ImportJobs } from './imports/import-jobs';
import type { TileCache } from '@cuntu/tiles';

/** The environment every route shares: the database, who is asking, and the deployment's settings. */
export interface AppEnv {
  Variables: {
    database: Database;
    /** The logged-in user, or null. */
    user: (Principal & { displayName: string | null; mustChangePassword: boolean }) | null;
    settings: AppSettings;
    /** The bulk-import jobs of this process. */
    imports: ImportJobs;
    /** Encoded vector tiles of this process, keyed by their revision stamp. */
    tileCache: TileCache;
  };
}

export interface AppSettings {
  /** Anyone may read without logging in (a public read-only deployment). Default: false. */
  publicRead: boolean;
  /** How far outside its county a feature may lie, in km. Default: 5. */
  countyToleranceKm: number;
  /** Mark the session cookie Secure (deployments behind HTTPS). Default: false. */
  secureCookies: boolean;
  /** A raster basemap for deployments with internet; null keeps the offline style. Default: null. */
  basemap: { tiles: string[]; attribution: string } | null;
  /** The largest file an import accepts, in bytes. Default: 100 MB. */
  importMaxBytes: number;
  /** The most features one import may hold. Default: 200,000. */
  importMaxFeatures: number;
  /** Memory for encoded tiles, in bytes; 0 turns the cache off. Default: 64 MB. */
  tileCacheBytes: number;
}

export const DEFAULT_SETTINGS: AppSettings = { publicRead: false, countyToleranceKm: 5, secureCookies: false, basemap: null, importMaxBytes: 100 * 1024 * 1024, importMaxFeatures: 200_000, tileCacheBytes: 64 * 1024 * 1024 };

/**
 * Settings from the environment: CUNTU_PUBLIC_READ=on, CUNTU_COUNTY_TOLERANCE_KM, CUNTU_SECURE_COOKIES=on,
 * CUNTU_IMPORT_MAX_MB, CUNTU_IMPORT_MAX_FEATURES, CUNTU_TILE_CACHE_MB,
 * and a basemap: CUNTU_TIANDITU_KEY (Tianditu vector tiles with labels) or CUNTU_BASEMAP_XYZ (any
 * `{z}/{x}/{y}` raster template) with CUNTU_BASEMAP_ATTRIBUTION.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): AppSettings {
  return {
    publicRead: env.CUNTU_PUBLIC_READ === 'on',
    countyToleranceKm: env.CUNTU_COUNTY_TOLERANCE_KM ? Number(env.CUNTU_COUNTY_TOLERANCE_KM) : DEFAULT_SETTINGS.countyToleranceKm,
    secureCookies: env.CUNTU_SECURE_COOKIES === 'on',
    basemap: basemapFromEnv(env),
    importMaxBytes: env.CUNTU_IMPORT_MAX_MB ? Number(env.CUNTU_IMPORT_MAX_MB) * 1024 * 1024 : DEFAULT_SETTINGS.importMaxBytes,
    importMaxFeatures: env.CUNTU_IMPORT_MAX_FEATURES ? Number(env.CUNTU_IMPORT_MAX_FEATURES) : DEFAULT_SETTINGS.importMaxFeatures,
    tileCacheBytes: env.CUNTU_TILE_CACHE_MB ? Number(env.CUNTU_TILE_CACHE_MB) * 1024 * 1024 : DEFAULT_SETTINGS.tileCacheBytes,
  };
}

function basemapFromEnv(env: NodeJS.ProcessEnv): AppSettings['basemap'] {
  if (env.CUNTU_TIANDITU_KEY) {
    const key = encodeURIComponent(env.CUNTU_TIANDITU_KEY);
    return {
      tiles: [0, 1, 2, 3].map((n) => `https://t${n}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=${key}`),
      attribution: '天地图 Tianditu',
    };
  }
  if (env.CUNTU_BASEMAP_XYZ) return { tiles: [env.CUNTU_BASEMAP_XYZ], attribution: env.CUNTU_BASEMAP_ATTRIBUTION ?? '' };
  return null;
}
