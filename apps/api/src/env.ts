import type { Database } from '@cuntu/db';
import type { Principal } from '@cuntu/domain';

/** The environment every route shares: the database, who is asking, and the deployment's settings. */
export interface AppEnv {
  Variables: {
    database: Database;
    /** The logged-in user, or null. */
    user: (Principal & { displayName: string | null }) | null;
    settings: AppSettings;
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
}

export const DEFAULT_SETTINGS: AppSettings = { publicRead: false, countyToleranceKm: 5, secureCookies: false, basemap: null };

/**
 * Settings from the environment: CUNTU_PUBLIC_READ=on, CUNTU_COUNTY_TOLERANCE_KM, CUNTU_SECURE_COOKIES=on,
 * and a basemap: CUNTU_TIANDITU_KEY (Tianditu vector tiles with labels) or CUNTU_BASEMAP_XYZ (any
 * `{z}/{x}/{y}` raster template) with CUNTU_BASEMAP_ATTRIBUTION.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): AppSettings {
  return {
    publicRead: env.CUNTU_PUBLIC_READ === 'on',
    countyToleranceKm: env.CUNTU_COUNTY_TOLERANCE_KM ? Number(env.CUNTU_COUNTY_TOLERANCE_KM) : DEFAULT_SETTINGS.countyToleranceKm,
    secureCookies: env.CUNTU_SECURE_COOKIES === 'on',
    basemap: basemapFromEnv(env),
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
