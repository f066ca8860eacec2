import type { Database } from '@cuntu/db';
import type { AccessTokenScope } from '@cuntu/auth';
import type { BasemapChoice, Principal } from '@cuntu/domain';
import type { ImportJobs } from './imports/import-jobs';
import type { TileCache } from '@cuntu/tiles';
import type { SettingsStore } from './settings/settings-store';
import type { BackgroundJobs } from './jobs/background-jobs';
import type { JobStore } from './jobs/job-store';
import type { AttachmentStore } from './attachments/attachment-store';

/** The environment every route shares: the database, who is asking, and the deployment's settings. */
export interface AppEnv {
  Variables: {
    database: Database;
    /** The logged-in user, or null; `tokenScope` when a personal access token logged them in. */
    user: (Principal & { displayName: string | null; mustChangePassword: boolean; tokenScope?: AccessTokenScope }) | null;
    settings: AppSettings;
    /** The deployment's jobs, kept in the database: any process follows and cancels them. */
    jobStore: JobStore;
    /** Bulk imports: uploads, their runs and reports. */
    imports: ImportJobs;
    /** Encoded vector tiles of this process, keyed by their revision stamp. */
    tileCache: TileCache;
    /** The settings an administrator changes at runtime, over those of the environment. */
    settingsStore: SettingsStore;
    /** Long administrative work (a profile's activation, a re-check), with its progress. */
    jobs: BackgroundJobs;
    /** Where attachment files are kept. */
    attachmentStore: AttachmentStore;
  };
}

export interface AppSettings {
  /** Anyone may read without logging in (a public read-only deployment). Default: false. */
  publicRead: boolean;
  /** How far outside its county a feature may lie, in km. Default: 5. */
  countyToleranceKm: number;
  /** Mark the session cookie Secure (deployments behind HTTPS). Default: false. */
  secureCookies: boolean;
  /** The map's background for deployments with internet; `none` keeps the offline style. Default: none. */
  basemap: BasemapChoice;
  /** The largest file an import accepts, in bytes. Default: 100 MB. */
  importMaxBytes: number;
  /** The most features one import may hold. Default: 200,000. */
  importMaxFeatures: number;
  /** Memory for encoded tiles, in bytes; 0 turns the cache off. Default: 64 MB. */
  tileCacheBytes: number;
  /** The directory attachment files are kept in; null keeps them in the database. Default: null. */
  attachmentsDir: string | null;
  /** The date the checks judge as of, set by an administrator (null or absent: the sample's, else today; see `checksAsOf`). */
  checksAsOf?: string | null;
}

export const DEFAULT_SETTINGS: AppSettings = { publicRead: false, countyToleranceKm: 5, secureCookies: false, basemap: { kind: 'none' }, importMaxBytes: 100 * 1024 * 1024, importMaxFeatures: 200_000, tileCacheBytes: 64 * 1024 * 1024, attachmentsDir: null };

/**
 * Settings from the environment: CUNTU_PUBLIC_READ=on, CUNTU_COUNTY_TOLERANCE_KM, CUNTU_SECURE_COOKIES=on,
 * CUNTU_IMPORT_MAX_MB, CUNTU_IMPORT_MAX_FEATURES, CUNTU_TILE_CACHE_MB, CUNTU_ATTACHMENTS_DIR,
 * and a basemap: CUNTU_TIANDITU_KEY (Tianditu vector tiles with labels) or CUNTU_BASEMAP_XYZ (any
 * `{z}/{x}/{y}` raster template) with CUNTU_BASEMAP_ATTRIBUTION, or CUNTU_BASEMAP_STYLE (a MapLibre style URL).
 * An administrator's choices in the settings screen (stored in the database) take precedence.
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
    attachmentsDir: env.CUNTU_ATTACHMENTS_DIR || null,
  };
}

function basemapFromEnv(env: NodeJS.ProcessEnv): BasemapChoice {
  if (env.CUNTU_TIANDITU_KEY) return { kind: 'tianditu', key: env.CUNTU_TIANDITU_KEY };
  if (env.CUNTU_BASEMAP_XYZ) return { kind: 'xyz', url: env.CUNTU_BASEMAP_XYZ, attribution: env.CUNTU_BASEMAP_ATTRIBUTION ?? '' };
  if (env.CUNTU_BASEMAP_STYLE) return { kind: 'style', url: env.CUNTU_BASEMAP_STYLE };
  return { kind: 'none' };
}
