import type { Context, MiddlewareHandler } from 'hono';
import { FIXED_VALUE_PREFIX, importReadOptions as readOptions, importsApi } from '@cuntu/api-contract';
import { bodyLimit } from 'hono/body-limit';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { codeInRegionSql, imports, LAYER_TABLES, users } from '@cuntu/db';
import { canSeePersonalData, canWriteLayer, isLayerId, issueText, LAYER_PROPERTY_SCHEMAS, LAYERS, PERSONAL_DATA_FIELDS, type LayerDefinition, type LayerId, type Principal } from '@cuntu/domain';
import type { SourceTable } from '@cuntu/geo-io';
import { readFileOrRefuse } from '../imports/read-file';
import type { AppEnv } from '../env';
import { ApiError, type FieldProblem } from '../errors';
import { requireEditorOrAdmin } from '../auth/roles';
import { requireUser } from '../auth/session';
import { contractRouter, refuseInvalidUpload } from './contract-routes';
import { assertNoNul } from '../input-guard';
import { importableProperties, importKeyProperty, mapRow, suggestMapping, type FieldMapping } from '../imports/field-mapping';
import { jobView, type ImportJob, type ImportOptions } from '../imports/import-jobs';
import { jobEvents } from '../jobs/job-events';

const SAMPLE_ROWS = 5;

function assertCanImport(user: Principal, layer: LayerId) {
  if (!canWriteLayer(user, layer)) throw new ApiError(403, 'forbidden', `无权导入「${LAYERS[layer].labelZh}」图层 / You may not import into the ${LAYERS[layer].labelEn} layer`);
}

/**
 * Reads the upload with the options asked for (the last reading is kept on the job, so a preview, dry
 * run and commit with the same options parse the file once); a file that cannot be read is a 4xx saying why.
 */
async function readUpload(c: Context<AppEnv>, job: ImportJob, options: z.infer<typeof readOptions>, bytes?: Uint8Array): Promise<SourceTable> {
  const read = readOptions.parse(options);
  const key = JSON.stringify(Object.entries(read).sort());
  // A layer whose rows may be placed by their village reads a ledger without coordinate columns too.
  const location = (LAYERS[job.detail.layer] as LayerDefinition).locatedByVillage ? 'optional' : 'required';
  const imports = c.get('imports');
  const source = await imports.source(job, key, (file) => readFileOrRefuse(job.detail.fileName, file, { ...read, location, limits: { maxFeatures: imports.limits.maxFeatures } }), bytes);
  if (!source) throw closed(job);
  return source;
}

/** 409 for an import that was committed or discarded (its file is gone). */
const closed = (job: ImportJob) => new ApiError(409, 'import_closed', `该导入已${job.state === 'committed' ? '提交' : '取消'} / This import is ${job.state}`);

/** Checks a mapping: known properties, source columns that exist, personal data only for those who may write it. */
function checkMapping(layer: LayerId, mapping: FieldMapping, fields: string[], user: Principal) {
  const allowed = importableProperties(layer, canSeePersonalData(user));
  const personal = Object.keys(mapping).filter((p) => !allowed.includes(p) && (PERSONAL_DATA_FIELDS as readonly string[]).includes(p));
  if (personal.length) {
    throw new ApiError(403, 'forbidden', '无权导入户主个人信息 / You may not import household personal data', personal.map((field) => ({ field, problem: 'personal data: housing editors and admins only' })));
  }
  const shape = LAYER_PROPERTY_SCHEMAS[layer].shape as Record<string, z.ZodType>;
  const problems = Object.entries(mapping).flatMap(([property, field]): FieldProblem[] => {
    if (!allowed.includes(property)) return [{ field: property, problem: `not an importable property of ${layer}` }];
    if (field.startsWith(FIXED_VALUE_PREFIX)) {
      // A fixed value is checked once here, not reported on every row.
      const { values, problems: unreadable } = mapRow(layer, 0, {}, { [property]: field });
      if (unreadable.length) return unreadable.map((p) => ({ field: property, problem: p.problem }));
      const judged = shape[property].safeParse(values[property]);
      return judged.success ? [] : judged.error.issues.map((i) => ({ field: property, problem: (locale) => issueText(i, values[property], locale) }));
    }
    if (!fields.includes(field)) return [{ field: property, problem: `no column "${field}" in the file` }];
    return [];
  });
  if (problems.length) throw new ApiError(400, 'invalid_mapping', '字段对应有误 / The field mapping is invalid', problems);
}

/** What a file holds and how it would map: for the preview step. */
function inspection(layer: LayerId, source: SourceTable, mapping: FieldMapping, user: Principal) {
  const personal = canSeePersonalData(user);
  const shape = LAYER_PROPERTY_SCHEMAS[layer].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  const geometryTypes: Record<string, number> = {};
  for (const f of source.features) geometryTypes[f.geometry?.type ?? 'none'] = (geometryTypes[f.geometry?.type ?? 'none'] ?? 0) + 1;
  return {
    format: source.format, encoding: source.encoding, encodingSource: source.encodingSource, frame: source.frame, frameSource: source.frameSource,
    csv: source.csv ?? null, sheet: source.sheet ?? null, notes: source.notes, fields: source.fields, featureCount: source.features.length, geometryTypes,
    layerGeometry: LAYER_TABLES[layer].geometryType,
    properties: importableProperties(layer, personal).map((name) => ({ name, required: !shape[name].safeParse(undefined).success, key: name === importKeyProperty(layer) })),
    suggestedMapping: suggestMapping(layer, source.fields, personal),
    mapping,
    sample: source.features.slice(0, SAMPLE_ROWS).map((f) => ({
      row: f.row, geometry: f.geometry, source: f.properties, mapped: mapRow(layer, f.row, f.properties, mapping),
    })),
  };
}

/** The layer asked for, if the user may import into it. */
function importLayer(user: Principal, value: unknown): LayerId {
  const layer = String(value ?? '');
  if (!isLayerId(layer)) throw new ApiError(400, 'unknown_layer', `No layer named "${layer}"`);
  assertCanImport(user, layer);
  return layer;
}

/**
 * The uploaded file, its layer and read options: a multipart form (`file`, `layer`, options), or the
 * file itself as the body with `layer`, `fileName` and the options in the query — the faster way for
 * big files, and checked for the layer before the body is read.
 */
async function uploadOf(c: Context<AppEnv>, user: Principal): Promise<{ layer: LayerId; fileName: string; bytes: Uint8Array; fields: Record<string, unknown> }> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
    const fields = c.req.query();
    const layer = importLayer(user, fields.layer);
    return { layer, fileName: fields.fileName?.slice(0, 200) || 'upload', bytes: new Uint8Array(await c.req.arrayBuffer()), fields };
  }
  const form = await c.req.parseBody().catch(() => {
    throw new ApiError(400, 'invalid_upload', '请以 multipart/form-data 上传 file 与 layer / Send multipart/form-data with file and layer');
  });
  assertNoNul(Object.fromEntries(Object.entries(form).filter(([, v]) => typeof v === 'string')));
  const layer = importLayer(user, form.layer);
  const file = form.file;
  if (!(file instanceof File)) throw new ApiError(400, 'invalid_upload', '缺少文件 / No file in the upload');
  return { layer, fileName: file.name || 'upload', bytes: new Uint8Array(await file.arrayBuffer()), fields: form };
}

async function jobParam(c: Context<AppEnv>): Promise<ImportJob> {
  const job = await c.get('imports').get(c.req.param('id') ?? '', requireUser(c));
  if (!job) throw new ApiError(404, 'import_not_found', `No import ${c.req.param('id')}`);
  return job;
}

/** Options for a run: read options, and the mapping given or suggested, checked against the file as read with them. */
async function runOptions(c: Context<AppEnv>, job: ImportJob, body: z.infer<typeof importsApi.routes.preview.request.body.content['application/json']['schema']>): Promise<{ options: ImportOptions; source: SourceTable }> {
  const { mapping: given, ...changes } = body;
  // Read options not sent again keep what the upload (or the last preview) chose: a GCJ-02 file stays GCJ-02.
  job.detail.read = { ...job.detail.read, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) } as Record<string, string>;
  const source = await readUpload(c, job, job.detail.read);
  const mapping = given ?? suggestMapping(job.detail.layer, source.fields, canSeePersonalData(job.owner));
  checkMapping(job.detail.layer, mapping, source.fields, job.owner);
  return { options: { ...job.detail.read, mapping }, source };
}

async function startRun(c: Context<AppEnv>, job: ImportJob, mode: 'dry-run' | 'commit', { options, source }: { options: ImportOptions; source: SourceTable }) {
  const imports = c.get('imports');
  const started = ['running', 'committed', 'cancelled'].includes(job.state) ? false
    : await imports.start(job, mode, options, source, { database: c.get('database'), toleranceKm: c.get('settings').countyToleranceKm });
  if (!started) {
    // Another request (in this process or another) took it first: say what it is now.
    const now = (await imports.get(job.id, requireUser(c))) ?? job;
    if (now.state === 'running') throw new ApiError(409, 'import_running', '该导入正在进行 / This import is already running');
    throw closed(now);
  }
  return c.json(jobView(job), 202);
}

/**
 * Bulk import into a layer: upload a file (GeoJSON, zipped Shapefile, CSV, KML), preview how it reads
 * and maps, dry-run it for a per-row report, then commit it all-or-nothing; progress by polling or
 * server-sent events, cancel at any time before the commit ends.
 */
const { routes } = importsApi;

/** Refuses an upload over the deployment's limit before it is read. */
export const uploadLimit: MiddlewareHandler<AppEnv> = (c, next) => bodyLimit({
  maxSize: c.get('settings').importMaxBytes,
  onError: () => {
    throw new ApiError(413, 'file_too_large', `文件超过 ${Math.round(c.get('settings').importMaxBytes / 1048576)} MB 上限 / The file is larger than the ${Math.round(c.get('settings').importMaxBytes / 1048576)} MB limit`);
  },
})(c, next);

export const importsRoutes = contractRouter()
  .openapi(routes.list, async (c) => {
    const user = requireEditorOrAdmin(c);
    const layer = c.req.query('layer');
    // A reader with a region sees the imports of the accounts in it.
    const byRegion = user.region === null ? undefined : sql`${imports.userId} IN (SELECT id FROM users WHERE ${codeInRegionSql(users.regionCode, user.region)})`;
    const rows = await c.get('database').db.select().from(imports).where(and(layer ? eq(imports.layer, layer) : undefined, byRegion)).orderBy(desc(imports.id)).limit(200);
    return c.json({ imports: rows }, 200);
  })
  .openapi(
    { ...routes.upload, middleware: uploadLimit },
    async (c) => {
      const user = requireUser(c);
      const { layer, fileName, bytes, fields } = await uploadOf(c, user);
      if (bytes.byteLength === 0) throw new ApiError(422, 'empty_file', '文件为空 / The file is empty');
      const options = readOptions.safeParse(Object.fromEntries(Object.entries(fields).filter(([k]) => k in readOptions.shape)));
      if (!options.success) throw new ApiError(400, 'invalid_body', 'Invalid read options', options.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message })));
      const job = await c.get('imports').create(layer, fileName, bytes, user, options.data as Record<string, string>);
      try {
        const source = await readUpload(c, job, options.data, bytes);
        return c.json({ ...jobView(job), inspection: inspection(layer, source, suggestMapping(layer, source.fields, canSeePersonalData(user)), user) }, 201);
      } catch (e) {
        await c.get('imports').cancel(job);
        throw e;
      }
    },
    refuseInvalidUpload,
  )
  .openapi(routes.job, async (c) => c.json(jobView(await jobParam(c)), 200))
  .openapi(routes.preview, async (c) => {
    const job = await jobParam(c);
    const { options, source } = await runOptions(c, job, c.req.valid('json'));
    await c.get('imports').saveRead(job);
    return c.json({ ...jobView(job), inspection: inspection(job.detail.layer, source, options.mapping, job.owner) }, 200);
  })
  .openapi(routes.dryRun, async (c) => {
    const job = await jobParam(c);
    return startRun(c, job, 'dry-run', await runOptions(c, job, c.req.valid('json')));
  })
  .openapi(routes.commit, async (c) => {
    const job = await jobParam(c);
    return startRun(c, job, 'commit', await runOptions(c, job, c.req.valid('json')));
  })
  .openapi(routes.cancel, async (c) => {
    const job = await jobParam(c);
    if (job.state === 'committed') throw new ApiError(409, 'import_closed', '该导入已提交，无法取消 / This import is already committed');
    // A running import is asked to stop (202), even if it has stopped by the time this answers.
    const running = job.state === 'running';
    await c.get('imports').cancel(job);
    return c.json(jobView(job), running ? 202 : 200);
  })
  .openapi(routes.events, async (c) => {
    const job = await jobParam(c);
    const user = requireUser(c);
    return jobEvents(c, c.get('jobStore'), job.id, () => c.get('imports').get(job.id, user), jobView) as never;
  });
