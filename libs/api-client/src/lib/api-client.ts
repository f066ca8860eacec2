import type { z } from 'zod';
import {
  API, type accessTokenSchema, type accountSchema, type adminSettingsSchema, type auditEntrySchema, type auditQuery, type backgroundJobSchema, type checkSummarySchema, type rollupSchema,
  type ContractRoute, type currentUserSchema, type layerPageSchema, type RouteGroup, type standardsProfileSchema, type villageSheetSchema,
  type statisticsTableSchema, type statisticsImportReportSchema, type checkResultsSchema,
} from '@cuntu/api-contract';
import type { AttachmentPurpose, EditorTeam, ImportOptions, LayerId, StoredVerdict, TaskChange, TaskInput, TaskStep, VillageServicesInput, VillageStatisticsInput, WaterTestInput } from '@cuntu/domain';
import { routeTemplate, routeUrl, type BodyOf, type CallInput, type ResultOf } from './contract-call';

export interface ApiClientOptions {
  /** Origin and prefix the API is served from; '' means the page's own origin. Default: ''. */
  baseUrl?: string;
  /** The fetch to use (tests pass their own). Default: the global fetch. */
  fetch?: typeof fetch;
  /** How a read answered 503 `busy` waits before asking again (tests pass their own). Default: a timer. */
  wait?: (ms: number) => Promise<void>;
}

/**
 * A read the portal answered 503 (busy: a long write on the embedded database) is asked again after the
 * `Retry-After` it names, this many times at most; writes are never repeated.
 */
const BUSY_RETRIES = 4;
const MAX_RETRY_AFTER_S = 10;

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

/** Shapes the API answers with, inferred from the contract's schemas (one definition for server and client). */
export type PortalConfig = ResultOf<typeof API.config.routes.get>;
export type Verdict = StoredVerdict;
export type VillageSheet = z.output<typeof villageSheetSchema>;
export type CurrentUser = z.output<typeof currentUserSchema>;
export type LayerPage = z.output<typeof layerPageSchema>;
export type CheckSummary = z.output<typeof checkSummarySchema>;
export type Rollup = z.output<typeof rollupSchema>;
export type LayerCounts = ResultOf<typeof API.checks.routes.layerCounts>;
/** Which of a layer's features: a county or town, a rule's verdict. */
export interface LayerSelectionQuery { county?: string; town?: string; rule?: string; verdict?: 'pass' | 'fail' | 'unknown' }
export type Account = z.output<typeof accountSchema>;
export type AccessToken = z.output<typeof accessTokenSchema>;
export type StandardsProfile = z.output<typeof standardsProfileSchema>;
export type BackgroundJob = z.output<typeof backgroundJobSchema>;
export type AdminSettings = z.output<typeof adminSettingsSchema>;
export type AuditEntry = z.output<typeof auditEntrySchema>;
export type AuditQuery = z.input<typeof auditQuery>;
export type StatisticsTable = z.output<typeof statisticsTableSchema>;
export type StatisticsImportReport = z.output<typeof statisticsImportReportSchema>;

const DEFAULTS: Required<ApiClientOptions> = {
  baseUrl: '', fetch: (...args) => globalThis.fetch(...args), wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The page's language (the apps set `<html lang>` to the user's choice), so the API answers in it. */
const pageLang = (): string => (typeof document === 'undefined' ? '' : document.documentElement.lang);
const pageLanguage = (): Record<string, string> => (pageLang() ? { 'accept-language': pageLang() } : {});

/** A typed client for the Cuntu REST API: every call is a route of `@cuntu/api-contract`, its arguments and result typed by the route's schemas. */
export function createApiClient(options: ApiClientOptions = {}) {
  const { baseUrl, fetch: doFetch, wait } = { ...DEFAULTS, ...options };

  /** Fetches; a read answered 503 with `Retry-After` is asked again after it (see `BUSY_RETRIES`). */
  async function fetchPatiently(url: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const response = await doFetch(url, init);
      const retryAfter = Number(response.headers.get('retry-after'));
      if (response.status !== 503 || init.method !== 'GET' || !(retryAfter > 0) || attempt >= BUSY_RETRIES) return response;
      await response.body?.cancel();
      await wait(Math.min(retryAfter, MAX_RETRY_AFTER_S) * 1000);
    }
  }

  /** Calls a route; a 4xx or 5xx throws an `ApiClientError`. The answer is JSON, or a Blob for a file (`as: 'blob'`). */
  async function send<R extends ContractRoute>(group: RouteGroup, route: R, input: CallInput<R> = {}, as: 'json' | 'blob' = 'json') {
    const url = routeUrl(baseUrl, group, route, (input.params ?? {}) as Record<string, unknown>, (input.query ?? {}) as Record<string, unknown>);
    const json = input.body !== undefined;
    const contentType = input.raw?.contentType ?? (json ? 'application/json' : undefined);
    const response = await fetchPatiently(url, {
      method: route.method.toUpperCase(),
      credentials: 'same-origin',
      headers: { accept: as === 'json' ? 'application/json' : '*/*', ...pageLanguage(), ...(contentType ? { 'content-type': contentType } : {}), ...input.headers },
      body: input.raw?.body ?? (json ? JSON.stringify(input.body) : undefined),
    });
    const etag = response.headers.get('etag');
    if (!response.ok) {
      const error = ((await response.json().catch(() => null)) as { error?: { code: string; message: string; details: unknown } } | null)?.error;
      throw new ApiClientError(response.status, error?.code ?? 'http_error', error?.message ?? response.statusText, error?.details ?? null);
    }
    if (as === 'blob') return { body: await response.blob(), etag };
    const result = response.status === 204 ? undefined : await response.json().catch(() => null);
    return { body: result as ResultOf<R>, etag };
  }
  const call = async <R extends ContractRoute>(group: RouteGroup, route: R, input: CallInput<R> = {}) => (await send(group, route, input)).body as ResultOf<R>;

  /**
   * Sends a form, telling `onProgress` the share of it sent (0–1) as it goes: in a browser over
   * XMLHttpRequest (fetch cannot follow an upload), elsewhere with fetch (progress at the end).
   */
  async function sendForm<R extends ContractRoute>(group: RouteGroup, route: R, input: CallInput<R>, form: FormData, onProgress: (share: number) => void): Promise<ResultOf<R>> {
    if (typeof XMLHttpRequest === 'undefined') {
      const answer = await call(group, route, { ...input, raw: { body: form } });
      onProgress(1);
      return answer;
    }
    const url = routeUrl(baseUrl, group, route, (input.params ?? {}) as Record<string, unknown>, (input.query ?? {}) as Record<string, unknown>);
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(route.method.toUpperCase(), url);
      xhr.withCredentials = true;
      xhr.setRequestHeader('accept', 'application/json');
      for (const [k, v] of Object.entries(pageLanguage())) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onerror = () => reject(new ApiClientError(0, 'network', 'network error', null));
      xhr.onload = () => {
        const body = (() => {
          try {
            return JSON.parse(xhr.responseText) as unknown;
          } catch {
            return null;
          }
        })();
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(1);
          resolve(body as ResultOf<R>);
          return;
        }
        const error = (body as { error?: { code: string; message: string; details: unknown } } | null)?.error;
        reject(new ApiClientError(xhr.status, error?.code ?? 'http_error', error?.message ?? xhr.statusText, error?.details ?? null));
      };
      xhr.send(form);
    });
  }
  const withEtag = async <R extends ContractRoute>(group: RouteGroup, route: R, input: CallInput<R> = {}) => {
    const { body, etag } = await send(group, route, input);
    return { body: body as ResultOf<R>, etag: etag ?? '' };
  };
  const version = (v: number) => ({ 'if-match': `"v${v}"` });
  const { health, config, auth, me, regions, layers, features, checks, imports, villages, water, housing, accounts, admin, standards, briefings, tiles, tasks, attachments } = API;

  return {
    health: () => call(health, health.routes.get),
    counties: () => call(regions, regions.routes.counties),
    towns: (county?: string) => call(regions, regions.routes.towns, { query: { county } }),
    villages: (query: { town?: string; shape?: 'committee' | 'boundary' } = {}) => call(regions, regions.routes.villages, { query }),
    /** The reader's villages and groups found by name, code, pinyin or its initials (the search box). */
    searchPlaces: (q: string, limit?: number) => call(regions, regions.routes.search, { query: { q, limit } }),
    layerCounts: () => call(layers, layers.routes.counts),
    /** Each layer's write counter (`checks` for the verdicts): poll it to see others' writes. */
    layerRevisions: () => call(layers, layers.routes.revisions),
    layerPage: (layer: LayerId, page: { limit?: number; offset?: number } = {}) => call(features, features.routes.list, { params: { layer }, query: page }),
    /** Features of a layer matching `property=value` filters (and `bbox`, `limit`, `offset`, `sort`). */
    features: (layer: LayerId, query: Record<string, string | number | undefined>) => call(features, features.routes.list, { params: { layer }, query }),
    feature: (layer: LayerId, id: string | number) => call(features, features.routes.get, { params: { layer, id: String(id) } }),
    /** Creates a feature (editors of the layer); the checks it touches are re-run. */
    createFeature: (layer: LayerId, input: { geometry: unknown; properties: Record<string, unknown> }) => call(features, features.routes.create, { params: { layer }, body: input }),
    /** Changes a feature if it is still at `version` (If-Match); 412 `version_conflict` when someone changed it since. */
    updateFeature: (layer: LayerId, id: string | number, at: number, change: { geometry?: unknown; properties?: Record<string, unknown> }) =>
      call(features, features.routes.update, { params: { layer, id: String(id) }, body: change, headers: version(at) }),
    /** A layer as GeoJSON with one property per rule holding the feature's verdict. */
    checksLayer: (layer: string, query: LayerSelectionQuery & { limit?: number } = {}) => call(checks, checks.routes.layer, { params: { layer }, query }),
    /** How many of a layer's features a selection holds, per rule and verdict, and their box (the map's legend beside its tiles). */
    checksLayerCounts: (layer: string, query: LayerSelectionQuery & { bbox?: string; property?: string; value?: string } = {}) =>
      call(checks, checks.routes.layerCounts, { params: { layer }, query }),
    /** The URL template of a layer's vector tiles with their verdicts, `{z}/{x}/{y}` left for MapLibre. */
    tileUrlTemplate: (layer: LayerId) => routeTemplate(baseUrl, tiles, tiles.routes.tile, { layer, z: '{z}', x: '{x}', file: '{y}.mvt' }),
    /** A read of an address the API named (a vector tile), asked again after a busy portal's 503 as every read is; the answer as it came. */
    read: (url: string, init: { signal?: AbortSignal } = {}) => fetchPatiently(url, { method: 'GET', credentials: 'same-origin', headers: pageLanguage(), signal: init.signal }),
    /** The checks of an area: `county`, `town`, or `bbox` (minLon,minLat,maxLon,maxLat: the villages in it). */
    checkSummary: (area: { county?: string; town?: string; bbox?: string; region?: string; profile?: number } = {}) => call(checks, checks.routes.summary, { query: area }),
    /** A region's children ranked with their figures (default: the top the reader sees), in one request. */
    checkRollup: (region?: string) => call(checks, checks.routes.rollup, { query: { region } }),
    villageSheet: (code: string) => call(checks, checks.routes.village, { params: { code } }),
    /** The verdicts as a table (with each one's reason), filtered by area, subject, rule and verdict; paged. */
    checkResults: (query: { county?: string; town?: string; subject?: string; rule?: string; verdict?: 'pass' | 'fail' | 'unknown'; limit?: number; offset?: number }) =>
      call(checks, checks.routes.results, { query: { ...query, format: 'json' } }) as Promise<z.output<typeof checkResultsSchema>>,
    /** The address of the verdicts of an area as a workbook (a download link; the session cookie authorises it). */
    checkResultsWorkbookUrl: (area: { county?: string; town?: string; region?: string; rule?: string; verdict?: 'pass' | 'fail' | 'unknown' }) =>
      routeUrl(baseUrl, checks, checks.routes.results, {}, { ...area, format: 'xlsx' }),
    subjectVerdicts: (type: string, id: string | number) => call(checks, checks.routes.subject, { params: { type, id: String(id) } }),
    /** Logs in; the session cookie is set for this origin. */
    login: (username: string, password: string) => call(auth, auth.routes.login, { body: { username, password } }),
    /** Changes one's own password (needs the current one); other sessions end. */
    changePassword: (currentPassword: string, newPassword: string) => call(me, me.routes.changePassword, { body: { currentPassword, newPassword } }),
    logout: () => call(auth, auth.routes.logout),
    me: () => call(me, me.routes.get),
    /** One's personal access tokens for desktop GIS clients: the secret comes only in `create`'s answer. */
    tokens: {
      list: () => call(me, me.routes.listTokens),
      create: (input: { name: string; scope: 'read' | 'write'; expiresInDays: number | null }) => call(me, me.routes.createToken, { body: input }),
      revoke: (id: number) => call(me, me.routes.revokeToken, { params: { id: String(id) } }),
    },
    config: () => call(config, config.routes.get),

    /** Bulk import: upload and inspect, preview a mapping, dry-run, commit; follow the job. */
    imports: {
      /** Sends the file itself as the body (no multipart form to build and take apart), its name and options in the query. */
      upload: (layer: LayerId, file: Blob, fileName: string, read: Omit<ImportOptions, 'mapping'> = {}) =>
        call(imports, imports.routes.upload, { query: { ...read, layer, fileName }, raw: { body: file, contentType: 'application/octet-stream' } }),
      preview: (id: string, run: ImportOptions) => call(imports, imports.routes.preview, { params: { id }, body: run as ImportRun }),
      dryRun: (id: string, run: ImportOptions) => call(imports, imports.routes.dryRun, { params: { id }, body: run as ImportRun }),
      commit: (id: string, run: ImportOptions) => call(imports, imports.routes.commit, { params: { id }, body: run as ImportRun }),
      job: (id: string) => call(imports, imports.routes.job, { params: { id } }),
      cancel: (id: string) => call(imports, imports.routes.cancel, { params: { id } }),
    },

    /** Village statistics by year: a town's table beside the verdicts, one village's years, a year's change, a ledger's import. */
    statistics: {
      table: (area: { town?: string; county?: string; year?: number }) => call(villages, villages.routes.statisticsTable, { query: area }),
      /** The address of the table as a workbook (a download link; the session cookie authorises it). */
      workbookUrl: (area: { town?: string; county?: string; year?: number }) => routeUrl(baseUrl, villages, villages.routes.statisticsTable, {}, { ...area, format: 'xlsx' }),
      history: (code: string) => call(villages, villages.routes.statisticsHistory, { params: { code } }),
      /** Poverty incidence of a county or town by year. */
      trend: (area: { town?: string; county?: string }) => call(villages, villages.routes.statisticsTrend, { query: area }),
      /** Sets a year's figures if still at `version` (0: none yet); 412 `version_conflict` otherwise, 422 naming contradicting figures. */
      update: (code: string, year: number, at: number, figures: VillageStatisticsInput) =>
        call(villages, villages.routes.updateStatistics, { params: { code, year: String(year) }, body: figures, headers: version(at) }),
      /** Reads a ledger: a dry-run report, or with `commit` every row written or none. */
      importLedger: (file: Blob, fileName: string, options: { sheet?: string; year?: number; commit?: boolean } = {}) =>
        call(villages, villages.routes.importStatistics, {
          query: { fileName, sheet: options.sheet, year: options.year, commit: options.commit ? 'true' : 'false' },
          raw: { body: file, contentType: 'application/octet-stream' },
        }),
    },

    /** A village's power, radio / TV and broadband (its statistics of the as-of year), with the version to send back. */
    villageServices: (code: string) => call(villages, villages.routes.services, { params: { code } }),
    /** Changes them if still at `version`; 412 `version_conflict` otherwise. */
    updateVillageServices: (code: string, at: number, change: VillageServicesInput) =>
      call(villages, villages.routes.updateServices, { params: { code }, body: change, headers: version(at) }),
    /** A water source's records: quality tests (newest first) and the groups it serves (locked by their ETag). */
    /** A relocation site's footprint (the plot it is built on), locked by its ETag. */
    housing: {
      footprint: async (siteId: number) => {
        const { body, etag } = await withEtag(housing, housing.routes.footprint, { params: { id: String(siteId) } });
        return { geometry: body.geometry, etag };
      },
      /** Sets (null: removes) a site's footprint if it is still the one loaded with `etag`; 412 `version_conflict` otherwise. */
      setFootprint: async (siteId: number, etag: string, geometry: unknown) => {
        const { body, etag: next } = await withEtag(housing, housing.routes.setFootprint, { params: { id: String(siteId) }, body: { geometry }, headers: { 'if-match': etag } });
        return { geometry: body.geometry, etag: next };
      },
    },
    water: {
      tests: async (sourceId: number) => (await call(water, water.routes.tests, { params: { id: String(sourceId) } })).tests,
      addTest: (sourceId: number, test: WaterTestInput) => call(water, water.routes.addTest, { params: { id: String(sourceId) }, body: test }),
      deleteTest: (sourceId: number, testId: number) => call(water, water.routes.deleteTest, { params: { id: String(sourceId), testId: String(testId) } }),
      servedGroups: async (sourceId: number) => {
        const { body, etag } = await withEtag(water, water.routes.servedGroups, { params: { id: String(sourceId) } });
        return { groups: body.groups, etag };
      },
      serviceArea: async (sourceId: number) => {
        const { body, etag } = await withEtag(water, water.routes.serviceArea, { params: { id: String(sourceId) } });
        return { geometry: body.geometry, etag };
      },
      /** Sets (null: removes) a source's service area if it is still the one loaded with `etag`. */
      setServiceArea: async (sourceId: number, etag: string, geometry: unknown) => {
        const { body, etag: next } = await withEtag(water, water.routes.setServiceArea, { params: { id: String(sourceId) }, body: { geometry }, headers: { 'if-match': etag } });
        return { geometry: body.geometry, etag: next };
      },
      /** Replaces the groups a source serves if they are still those loaded with `etag`; 412 `version_conflict` otherwise. */
      setServedGroups: async (sourceId: number, etag: string, groupCodes: string[]) => {
        const { body, etag: next } = await withEtag(water, water.routes.setServedGroups, { params: { id: String(sourceId) }, body: { groupCodes }, headers: { 'if-match': etag } });
        return { groups: body.groups, etag: next };
      },
    },

    /** 整改任务: rectification tasks, their steps (each under the task's ETag), the leaders' figures and my notices. */
    tasks: {
      list: (query: TaskQuery) => call(tasks, tasks.routes.list, { query }),
      /** Every kept task as GeoJSON points (the map's layer). */
      mapUrl: (query: TaskQuery) => routeUrl(baseUrl, tasks, tasks.routes.list, {}, { ...query, format: 'geojson' }),
      /** The ledger as a workbook or printed pages (a download link; the session cookie authorises it). */
      ledgerUrl: (query: TaskQuery, format: 'xlsx' | 'pdf' = 'xlsx') => routeUrl(baseUrl, tasks, tasks.routes.list, {}, { ...query, format, lang: pageLang() || undefined }),
      summary: (area: { county?: string; town?: string }) => call(tasks, tasks.routes.summary, { query: area }),
      people: async (team: EditorTeam) => (await call(tasks, tasks.routes.people, { query: { team } })).people,
      notices: () => call(tasks, tasks.routes.notices),
      readNotices: (ids?: number[]) => call(tasks, tasks.routes.readNotices, { body: { ids } }),
      create: (input: TaskInput) => call(tasks, tasks.routes.create, { body: input }),
      fromVerdicts: (input: BodyOf<typeof tasks.routes.fromVerdicts>) => call(tasks, tasks.routes.fromVerdicts, { body: input }),
      /** A step in a task's life if it is still at `version`; 412 `version_conflict` when someone changed it since. */
      step: (task: { id: number; version: number }, step: TaskStep) => call(tasks, tasks.routes.step, { params: { id: String(task.id) }, body: step, headers: { 'if-match': `"t${task.version}"` } }),
      change: (task: { id: number; version: number }, change: TaskChange) => call(tasks, tasks.routes.change, { params: { id: String(task.id) }, body: change, headers: { 'if-match': `"t${task.version}"` } }),
    },

    /** 佐证材料: a feature's photos and documents, a village's, and adding (with progress), removing and restoring them. */
    attachments: {
      ofFeature: async (layer: LayerId, feature: string | number) => (await call(attachments, attachments.routes.list, { query: { layer, feature: String(feature) } })).attachments,
      ofVillage: async (village: string) => (await call(attachments, attachments.routes.list, { query: { village } })).attachments,
      upload: async (layer: LayerId, feature: string | number, files: File[], options: { purpose?: AttachmentPurpose; onProgress?: (share: number) => void } = {}) => {
        const form = new FormData();
        for (const file of files) form.append('file', file, file.name);
        const query = { layer, feature: String(feature), purpose: options.purpose };
        return (await sendForm(attachments, attachments.routes.upload, { query }, form, options.onProgress ?? (() => undefined))).attachments;
      },
      remove: (id: number) => call(attachments, attachments.routes.remove, { params: { id: String(id) } }),
      restore: (id: number) => call(attachments, attachments.routes.restore, { params: { id: String(id) } }),
      /** The address of a file or thumbnail the API named (a link or an image: the session cookie authorises it). */
      url: (path: string) => `${baseUrl}${path}`,
    },

    /** Briefings as PDF: the page's content and its images as a multipart form; the PDF comes back. */
    briefings: {
      snapshotPdf: async (form: FormData) => (await send(briefings, briefings.routes.snapshot, { raw: { body: form } }, 'blob')).body as Blob,
      dashboardPdf: async (form: FormData) => (await send(briefings, briefings.routes.dashboard, { raw: { body: form } }, 'blob')).body as Blob,
    },

    /** Administration (admins only). */
    admin: {
      users: () => call(accounts, accounts.routes.list),
      createUser: (input: BodyOf<typeof accounts.routes.create>) => call(accounts, accounts.routes.create, { body: input }),
      updateUser: (id: number, change: BodyOf<typeof accounts.routes.update>) => call(accounts, accounts.routes.update, { params: { id: String(id) }, body: change }),
      resetPassword: (id: number, password: string) => call(accounts, accounts.routes.resetPassword, { params: { id: String(id) }, body: { password } }),
      profiles: () => call(standards, standards.routes.profiles),
      thresholdFields: () => call(standards, standards.routes.thresholdFields),
      copyProfile: (input: BodyOf<typeof standards.routes.copy>) => call(standards, standards.routes.copy, { body: input }),
      updateProfile: (id: number, change: BodyOf<typeof standards.routes.update>) => call(standards, standards.routes.update, { params: { id: String(id) }, body: change }),
      profileDiff: (id: number, against?: number) => call(standards, standards.routes.diff, { params: { id: String(id) }, query: { against: against === undefined ? undefined : String(against) } }),
      activateProfile: (id: number) => call(standards, standards.routes.activate, { params: { id: String(id) } }),
      job: (id: string) => call(admin, admin.routes.job, { params: { id } }),
      /** Asks a running job to stop, whichever server process runs it. */
      cancelJob: (id: string) => call(admin, admin.routes.cancelJob, { params: { id } }),
      settings: () => call(admin, admin.routes.settings),
      readiness: () => call(admin, admin.routes.readiness),
      /** A county's towns from a boundary file: a dry-run report, or with `commit` every town written or none. */
      importTowns: (file: Blob, fileName: string, commit = false, sheet?: string) =>
        call(admin, admin.routes.importTowns, { query: { fileName, commit: commit ? 'true' : 'false', sheet }, raw: { body: file, contentType: 'application/octet-stream' } }),
      updateSettings: (change: BodyOf<typeof admin.routes.updateSettings>) => call(admin, admin.routes.updateSettings, { body: change }),
      updateCheckDistances: (change: BodyOf<typeof admin.routes.updateCheckDistances>) => call(admin, admin.routes.updateCheckDistances, { body: change }),
      saveCounty: (code: string, change: BodyOf<typeof admin.routes.saveCounty>) => call(admin, admin.routes.saveCounty, { params: { code }, body: change }),
      audit: (query: AuditQuery) => call(admin, admin.routes.audit, { query }),
      /** The address of the filtered log as CSV (a download link; the session cookie authorises it). */
      auditCsvUrl: (query: AuditQuery) => routeUrl(baseUrl, admin, admin.routes.auditCsv, {}, query),
      revertAudit: (id: number) => call(admin, admin.routes.revertAudit, { params: { id: String(id) } }),
    },
  };
}

type ImportRun = BodyOf<typeof API.imports.routes.preview>;
/** Which tasks a list, the map or the ledger reads. */
export type TaskQuery = { county?: string; town?: string; village?: string; team?: EditorTeam; state?: string; rule?: string; overdue?: 'true' | 'false'; mine?: 'true'; limit?: number; offset?: number };

export type ApiClient = ReturnType<typeof createApiClient>;
