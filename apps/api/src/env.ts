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
}

export const DEFAULT_SETTINGS: AppSettings = { publicRead: false, countyToleranceKm: 5, secureCookies: false };

/** Settings from the environment: CUNTU_PUBLIC_READ=on, CUNTU_COUNTY_TOLERANCE_KM, CUNTU_SECURE_COOKIES=on. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): AppSettings {
  return {
    publicRead: env.CUNTU_PUBLIC_READ === 'on',
    countyToleranceKm: env.CUNTU_COUNTY_TOLERANCE_KM ? Number(env.CUNTU_COUNTY_TOLERANCE_KM) : DEFAULT_SETTINGS.countyToleranceKm,
    secureCookies: env.CUNTU_SECURE_COOKIES === 'on',
  };
}
