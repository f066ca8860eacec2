import type { BasemapChoice, BasemapSource, EditableFeature, FeatureCollection, HealthReport, ImportInspection, ImportJobView, ImportOptions, ThresholdField, LayerCount, LayerId, ServedGroup, StandardsProfileRecord, StoredVerdict, VillageServices, VillageServicesInput, WaterTest, WaterTestInput } from '@cuntu/domain';

export interface ApiClientOptions {
  /** Origin and prefix the API is served from; '' means the page's own origin. Default: ''. */
  baseUrl?: string;
  /** The fetch to use (tests pass their own). Default: the global fetch. */
  fetch?: typeof fetch;
}

/** An error answer of the API, with its `{ error: { code, message, details } }` body. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

/** Deployment settings the web apps read at runtime. */
export interface PortalConfig {
  /** A basemap under our layers (raster tiles or a style URL), for deployments with internet; null keeps the offline style. */
  basemap: BasemapSource;
}

/** One stored verdict of a rule for a village or feature. */
export type Verdict = StoredVerdict;

export interface VillageSheet {
  village: string;
  profile: { id: number; key: string; version: number };
  statistics: Record<string, number | null> | null;
  verdicts: Verdict[];
  readiness: { ready: boolean; holdingBack: Array<{ ruleId: string; verdict: 'fail' | 'unknown' }> };
  failingFeatures: Verdict[];
}

/** The logged-in user and what they may do. */
export interface CurrentUser {
  id: number;
  username: string;
  displayName: string | null;
  roles: string[];
  editorTeams: string[];
  canWrite: LayerId[];
  canSeePersonalData: boolean;
  /** An administrator reset the password: the user must choose a new one before anything else. */
  mustChangePassword?: boolean;
}

export interface LayerPage extends FeatureCollection {
  layer: LayerId;
  total: number;
  limit: number;
  offset: number;
}

/** The checks of an area (county, town, or the villages in a box): counts per rule and headline figures. */
export interface CheckSummary {
  profile: { id: number; key: string; version: number; nameZh: string; nameEn: string };
  area: { county: string | null; town: string | null; bbox: number[] | null };
  /** The date the data was judged as of, and when the latest run ended. */
  asOf: string | null;
  judgedAt: string | null;
  byRule: Record<string, { pass: number; fail: number; unknown: number }>;
  coverage: {
    villages: number; villagesReadyToExit: number; villagesWithPavedRoute: number; pavedRoutePct: number | null;
    qualifyingGroups: number; groupsReached: number; groupsReachedPct: number | null;
    peopleByWaterTier: Record<'safe' | 'basically_safe' | 'unsafe' | 'unknown', number>; groupsByWaterTier: Record<'safe' | 'basically_safe' | 'unsafe' | 'unknown', number>;
    peopleWithSafeWaterPct: number | null;
    dangerousHouses: number; dangerousHousesRemaining: number; relocationSites: number; relocationRedLineBreaches: number;
    dangerousHousesByStatus: Record<'identified' | 'planned' | 'in_progress' | 'completed' | 'accepted' | 'unknown', number>;
  };
}

/** An account as administrators see it. */
export interface Account {
  id: number;
  username: string;
  displayName: string | null;
  roles: string[];
  editorTeams: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

export interface StandardsProfile extends StandardsProfileRecord {
  /** Verdicts were judged by it (or it is active): it can be copied, not changed. */
  inUse: boolean;
}

/** Long work on the server (activating a profile), followed by polling. */
export interface BackgroundJob {
  id: string;
  kind: string;
  owner: string;
  state: 'running' | 'done' | 'failed';
  progress: { fraction: number; stepZh: string; stepEn: string };
  result: unknown;
  error: { message: string } | null;
}

export interface AdminSettings {
  publicRead: boolean;
  basemap: BasemapChoice;
  checkDistances: { reachM: number; snapM: number; groupMinHouseholds: number; groupReachM: number; profile: { id: number; key: string; version: number; nameZh: string } };
  limits: { importMaxBytes: number; importMaxFeatures: number; countyToleranceKm: number };
}

export interface AuditEntry {
  id: number;
  at: string;
  username: string | null;
  layer: string;
  featureId: string;
  action: 'create' | 'update' | 'delete' | 'revert' | 'import';
  importId: number | null;
  before: { geometry: unknown; properties: Record<string, unknown> } | null;
  after: { geometry: unknown; properties: Record<string, unknown> } | null;
  /** Properties (and `geometry`) that differ between before and after. */
  changed: string[];
}

export type AuditQuery = Partial<Record<'user' | 'layer' | 'feature' | 'action' | 'from' | 'to', string>> & { limit?: number; offset?: number };

const DEFAULTS: Required<ApiClientOptions> = { baseUrl: '', fetch: (...args) => globalThis.fetch(...args) };

/** The page's language (the apps set `<html lang>` to the user's choice), so the API answers in it. */
const pageLanguage = (): Record<string, string> => {
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang;
  return lang ? { 'accept-language': lang } : {};
};

/** A typed client for the Cuntu REST API. */
export function createApiClient(options: ApiClientOptions = {}) {
  const { baseUrl, fetch: doFetch } = { ...DEFAULTS, ...options };

  async function send<T>(method: string, path: string, query: Record<string, string | number | undefined> = {}, payload?: unknown, headers: Record<string, string> = {}): Promise<{ body: T; etag: string | null }> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.size ? `?${params}` : '';
    const response = await doFetch(`${baseUrl}/api${path}${qs}`, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...pageLanguage(), ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const etag = response.headers.get('etag');
    if (response.status === 204) return { body: undefined as T, etag };
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (body as { error?: { code: string; message: string; details: unknown } } | null)?.error;
      throw new ApiClientError(response.status, error?.code ?? 'http_error', error?.message ?? response.statusText, error?.details ?? null);
    }
    return { body: body as T, etag };
  }
  const request = async <T>(method: string, path: string, query: Record<string, string | number | undefined> = {}, payload?: unknown) => (await send<T>(method, path, query, payload)).body;
  const get = <T>(path: string, query: Record<string, string | number | undefined> = {}) => request<T>('GET', path, query);

  return {
    health: () => get<HealthReport>('/health'),
    counties: () => get<FeatureCollection<{ code: string; name: string; isSample: boolean }>>('/regions/counties'),
    towns: (county?: string) => get<FeatureCollection<{ code: string; name: string; kind: string; seat: [number, number] | null }>>('/regions/towns', { county }),
    villages: (query: { town?: string; shape?: 'committee' | 'boundary' } = {}) =>
      get<FeatureCollection<{ code: string; name: string; kind: string; townCode: string; townName: string; groups: number }>>('/regions/villages', query),
    layerCounts: () => get<{ layers: LayerCount[] }>('/layers'),
    layerPage: (layer: LayerId, page: { limit?: number; offset?: number } = {}) => get<LayerPage>(`/features/${layer}`, page),
    /** Features of a layer matching `property=value` filters (and `bbox`, `limit`, `offset`, `sort`). */
    features: (layer: LayerId, query: Record<string, string | number | undefined>) => get<LayerPage>(`/features/${layer}`, query),
    feature: (layer: LayerId, id: string | number) => get<EditableFeature>(`/features/${layer}/${id}`),
    /** Creates a feature (editors of the layer); the checks it touches are re-run. */
    createFeature: (layer: LayerId, input: { geometry: unknown; properties: Record<string, unknown> }) =>
      request<{ type: 'Feature' } & EditableFeature & { checks: unknown }>('POST', `/features/${layer}`, {}, input),
    /** Changes a feature if it is still at `version` (If-Match); 412 `version_conflict` when someone changed it since. */
    updateFeature: async (layer: LayerId, id: string | number, version: number, change: { geometry?: unknown; properties?: Record<string, unknown> }) =>
      (await send<EditableFeature & { checks: unknown }>('PATCH', `/features/${layer}/${id}`, {}, change, { 'if-match': `"v${version}"` })).body,
    /** A layer as GeoJSON with one property per rule holding the feature's verdict. */
    checksLayer: (layer: string, query: { rule?: string; verdict?: string } = {}) => get<FeatureCollection>(`/checks/layers/${layer}`, query),
    /** The checks of an area: `county`, `town`, or `bbox` (minLon,minLat,maxLon,maxLat: the villages in it). */
    checkSummary: (area: { county?: string; town?: string; bbox?: string; profile?: number } = {}) => get<CheckSummary>('/checks/summary', area),
    villageSheet: (code: string) => get<VillageSheet>(`/checks/villages/${code}`),
    subjectVerdicts: (type: string, id: string | number) => get<{ verdicts: Verdict[] }>(`/checks/subjects/${type}/${id}`),
    /** Logs in; the session cookie is set for this origin. */
    login: (username: string, password: string) => request<{ token: string; expiresAt: string; user: CurrentUser; mustChangePassword: boolean }>('POST', '/auth/login', {}, { username, password }),
    /** Changes one's own password (needs the current one); other sessions end. */
    changePassword: (currentPassword: string, newPassword: string) => request<void>('POST', '/me/password', {}, { currentPassword, newPassword }),
    logout: () => request<void>('POST', '/auth/logout'),
    me: () => get<CurrentUser>('/me'),
    config: () => get<PortalConfig>('/config'),

    /** Bulk import: upload and inspect, preview a mapping, dry-run, commit; follow the job. */
    imports: {
      /** Sends the file itself as the body (no multipart form to build and take apart), its name and options in the query. */
      upload: async (layer: LayerId, file: Blob, fileName: string, options: Omit<ImportOptions, 'mapping'> = {}) => {
        const query = new URLSearchParams({ layer, fileName });
        for (const [k, v] of Object.entries(options)) if (v) query.set(k, String(v));
        const response = await doFetch(`${baseUrl}/api/imports?${query}`, { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream', ...pageLanguage() }, credentials: 'same-origin' });
        const json = await response.json().catch(() => null);
        if (!response.ok) {
          const error = (json as { error?: { code: string; message: string; details: unknown } } | null)?.error;
          throw new ApiClientError(response.status, error?.code ?? 'http_error', error?.message ?? response.statusText, error?.details ?? null);
        }
        return json as ImportJobView & { inspection: ImportInspection };
      },
      preview: (id: string, options: ImportOptions) => request<ImportJobView & { inspection: ImportInspection }>('POST', `/imports/${id}/preview`, {}, options),
      dryRun: (id: string, options: ImportOptions) => request<ImportJobView>('POST', `/imports/${id}/dry-run`, {}, options),
      commit: (id: string, options: ImportOptions) => request<ImportJobView>('POST', `/imports/${id}/commit`, {}, options),
      job: (id: string) => get<ImportJobView>(`/imports/${id}`),
      cancel: (id: string) => request<ImportJobView>('POST', `/imports/${id}/cancel`),
    },

    /** A village's power, radio / TV and broadband (its latest statistics), with the version to send back. */
    villageServices: (code: string) => get<VillageServices>(`/villages/${code}/services`),
    /** Changes them if still at `version`; 412 `version_conflict` otherwise. */
    updateVillageServices: async (code: string, version: number, change: VillageServicesInput) =>
      (await send<{ services: VillageServices; checks: unknown }>('PATCH', `/villages/${code}/services`, {}, change, { 'if-match': `"v${version}"` })).body,
    /** A water source's records: quality tests (newest first) and the groups it serves (locked by their ETag). */
    water: {
      tests: async (sourceId: number) => (await get<{ tests: WaterTest[] }>(`/water/sources/${sourceId}/tests`)).tests,
      addTest: (sourceId: number, test: WaterTestInput) => request<{ test: WaterTest; checks: unknown }>('POST', `/water/sources/${sourceId}/tests`, {}, test),
      deleteTest: (sourceId: number, testId: number) => request<{ checks: unknown }>('DELETE', `/water/sources/${sourceId}/tests/${testId}`),
      servedGroups: async (sourceId: number) => {
        const { body, etag } = await send<{ groups: ServedGroup[] }>('GET', `/water/sources/${sourceId}/groups`);
        return { groups: body.groups, etag: etag ?? '' };
      },
      serviceArea: async (sourceId: number) => {
        const { body, etag } = await send<{ geometry: { type: 'MultiPolygon'; coordinates: number[][][][] } | null }>('GET', `/water/sources/${sourceId}/service-area`);
        return { geometry: body.geometry, etag: etag ?? '' };
      },
      /** Sets (null: removes) a source's service area if it is still the one loaded with `etag`. */
      setServiceArea: async (sourceId: number, etag: string, geometry: unknown) => {
        const { body, etag: next } = await send<{ geometry: { type: 'MultiPolygon'; coordinates: number[][][][] } | null }>('PUT', `/water/sources/${sourceId}/service-area`, {}, { geometry }, { 'if-match': etag });
        return { geometry: body.geometry, etag: next ?? '' };
      },
      /** Replaces the groups a source serves if they are still those loaded with `etag`; 412 `version_conflict` otherwise. */
      setServedGroups: async (sourceId: number, etag: string, groupCodes: string[]) => {
        const { body, etag: next } = await send<{ groups: ServedGroup[] }>('PUT', `/water/sources/${sourceId}/groups`, {}, { groupCodes }, { 'if-match': etag });
        return { groups: body.groups, etag: next ?? '' };
      },
    },

    /** Administration (admins only). */
    admin: {
      users: () => get<{ users: Account[] }>('/admin/users'),
      createUser: (input: { username: string; displayName?: string; password: string; roles: string[]; editorTeams?: string[] }) => request<Account>('POST', '/admin/users', {}, input),
      updateUser: (id: number, change: { displayName?: string; roles?: string[]; editorTeams?: string[]; disabled?: boolean }) => request<Account>('PATCH', `/admin/users/${id}`, {}, change),
      resetPassword: (id: number, password: string) => request<void>('POST', `/admin/users/${id}/reset-password`, {}, { password }),
      profiles: () => get<{ profiles: StandardsProfile[] }>('/standards/profiles'),
      thresholdFields: () => get<{ fields: ThresholdField[] }>('/standards/threshold-fields'),
      copyProfile: (input: { basedOnId: number; key: string; nameZh: string; nameEn: string; sourceNote?: string; changes?: unknown }) => request<StandardsProfile>('POST', '/standards/profiles', {}, input),
      updateProfile: (id: number, change: { nameZh?: string; nameEn?: string; sourceNote?: string; changes?: unknown }) => request<StandardsProfile>('PATCH', `/standards/profiles/${id}`, {}, change),
      profileDiff: (id: number, against?: number) => get<{ against: { id: number; key: string; version: number }; changes: Array<{ path: string; from: unknown; to: unknown }> }>(`/standards/profiles/${id}/diff`, { against }),
      activateProfile: (id: number) => request<{ job: BackgroundJob }>('POST', `/standards/profiles/${id}/activate`),
      job: (id: string) => get<BackgroundJob>(`/admin/jobs/${id}`),
      settings: () => get<AdminSettings>('/admin/settings'),
      updateSettings: (change: { publicRead?: boolean; basemap?: BasemapChoice }) => request<Pick<AdminSettings, 'publicRead' | 'basemap'>>('PATCH', '/admin/settings', {}, change),
      updateCheckDistances: (change: Partial<Omit<AdminSettings['checkDistances'], 'profile'>>) => request<{ profile: StandardsProfile; job: BackgroundJob | null }>('PATCH', '/admin/settings/check-distances', {}, change),
      saveCounty: (code: string, change: { name?: string; boundary?: unknown }) =>
        request<{ county: { code: string; name: string; created: boolean; villagesOutside: number }; job: BackgroundJob | null }>('PUT', `/admin/counties/${code}`, {}, change),
      audit: (query: AuditQuery) => get<{ total: number; limit: number; offset: number; users: string[]; entries: AuditEntry[] }>('/admin/audit', query),
      /** The address of the filtered log as CSV (a download link; the session cookie authorises it). */
      auditCsvUrl: (query: AuditQuery) => {
        const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
        return `${baseUrl}/api/admin/audit.csv${params.size ? `?${params}` : ''}`;
      },
      revertAudit: (id: number) => request<{ reverted: number }>('POST', `/admin/audit/${id}/revert`),
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
