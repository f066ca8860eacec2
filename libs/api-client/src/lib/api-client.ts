import type { BasemapSource, FeatureCollection, HealthReport, LayerCount, LayerId, StoredVerdict } from '@cuntu/domain';

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

const DEFAULTS: Required<ApiClientOptions> = { baseUrl: '', fetch: (...args) => globalThis.fetch(...args) };

/** A typed client for the Cuntu REST API. */
export function createApiClient(options: ApiClientOptions = {}) {
  const { baseUrl, fetch: doFetch } = { ...DEFAULTS, ...options };

  async function request<T>(method: string, path: string, query: Record<string, string | number | undefined> = {}, payload?: unknown): Promise<T> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.size ? `?${params}` : '';
    const response = await doFetch(`${baseUrl}/api${path}${qs}`, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    if (response.status === 204) return undefined as T;
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = (body as { error?: { code: string; message: string; details: unknown } } | null)?.error;
      throw new ApiClientError(response.status, error?.code ?? 'http_error', error?.message ?? response.statusText, error?.details ?? null);
    }
    return body as T;
  }
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
    feature: (layer: LayerId, id: string | number) => get<{ type: 'Feature'; id: string | number; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }>(`/features/${layer}/${id}`),
    /** A layer as GeoJSON with one property per rule holding the feature's verdict. */
    checksLayer: (layer: string, query: { rule?: string; verdict?: string } = {}) => get<FeatureCollection>(`/checks/layers/${layer}`, query),
    villageSheet: (code: string) => get<VillageSheet>(`/checks/villages/${code}`),
    subjectVerdicts: (type: string, id: string | number) => get<{ verdicts: Verdict[] }>(`/checks/subjects/${type}/${id}`),
    /** Logs in; the session cookie is set for this origin. */
    login: (username: string, password: string) => request<{ token: string; expiresAt: string; user: CurrentUser; mustChangePassword: boolean }>('POST', '/auth/login', {}, { username, password }),
    /** Changes one's own password (needs the current one); other sessions end. */
    changePassword: (currentPassword: string, newPassword: string) => request<void>('POST', '/me/password', {}, { currentPassword, newPassword }),
    logout: () => request<void>('POST', '/auth/logout'),
    me: () => get<CurrentUser>('/me'),
    config: () => get<PortalConfig>('/config'),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
