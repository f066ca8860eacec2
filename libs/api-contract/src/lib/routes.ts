import { z } from 'zod';
import {
  editableFeatureSchema, featureCollectionOf, featureCollectionSchema, healthReportSchema, importInspectionSchema, importJobViewSchema,
  layerCountSchema, LAYER_IDS, SERVED_GROUPS_SCHEMA, servedGroupSchema, thresholdFieldSchema, VILLAGE_SERVICES_SCHEMA, villageServicesSchema, STATISTICS_FIGURES_SCHEMA, villageStatisticsSchema,
  WATER_TEST_SCHEMA, waterTestSchema, basemapSourceSchema, serviceAreaSchema, footprintSchema, TASK_INPUT_SCHEMA, TASKS_FROM_VERDICTS_SCHEMA, TASK_CHANGE_SCHEMA,
  TASK_STEP_SCHEMA, taskSchema, EDITOR_TEAMS, attachmentSchema, ATTACHMENT_TYPES, ATTACHMENT_LIMITS, ATTACHMENT_PURPOSES,
} from '@cuntu/domain';
import { errors, group, json, ok, route, routePath } from './route';
import {
  accessTokenSchema, accountSchema, adminSettingsSchema, areaQuery, auditPageSchema, auditQuery, backgroundJobSchema, changePasswordBody, checkDistancesBody, createAccessTokenBody, createdAccessTokenSchema,
  checkSummarySchema, rollupQuery, rollupSchema, checksLayerQuery, layerCountsQuery, layerCountsSchema, checkResultsQuery, checkResultsSchema, countyBody, countyProperties, createAccountBody, createProfileBody, firstAdminBody, currentUserSchema, featureInput,
  featureListQuery, historyEntrySchema, importRunBody, importUploadQuery, layerPageSchema, loginBody, loginResult, profileDiffSchema, profileQuery,
  recheckSchema, resetPasswordBody, ruleSchema, revertBody, runChecksBody, runtimeSettingsBody, standardsProfileSchema, subjectVerdictsSchema, townProperties,
  townQuery, placeSearchQuery, placeSearchSchema, updateAccountBody, updateProfileBody, villageProperties, villageQuery, villageSheetSchema, statisticsTableQuery, statisticsTableSchema, statisticsImportQuery, statisticsImportReportSchema, statisticsHistorySchema, statisticsTrendSchema, readinessSchema, townsImportQuery, townsImportReportSchema,
  tasksQuery, taskPageSchema, tasksCreatedSchema, taskSummarySchema, taskNoticesSchema,
} from './schemas';

const text = (description: string) => z.string().meta({ description });
const layer = z.string().meta({ description: `A layer: ${LAYER_IDS.join(', ')}` });
const id = text('The record\'s id');
const ifMatch = z.object({ 'if-match': z.string().optional().meta({ description: 'The ETag of what you loaded (required: 428 without it)', example: '"v3"' }) });
const binary = (description: string) => z.any().meta({ type: 'string', format: 'binary', description });
const noContent = (description: string) => ({ description });
const written = <S extends z.ZodType>(schema: S, description: string) => ok(schema, description);
const featureWithChecks = editableFeatureSchema.extend({ checks: recheckSchema });
const layerParams = z.object({ layer });
const code12Query = (description: string) => z.string().regex(/^\d{12}$/).optional().meta({ description });
const featureParams = z.object({ layer, id });
const open = [] as Array<Record<string, string[]>>;
/** An Excel workbook's media type, as downloads declare and send it. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const healthApi = group('/api/health', 'health', {
  get: route({ method: 'get', path: '/', summary: 'Driver, PostGIS and schema versions, sample county, the counties held', security: open, responses: { 200: ok(healthReportSchema) } }),
});

export const configApi = group('/api/config', 'config', {
  get: route({ method: 'get', path: '/', summary: 'What the web apps need to know of this deployment: its basemap', security: open, responses: { 200: ok(z.object({ basemap: basemapSourceSchema })) } }),
});

export const authApi = group('/api/auth', 'accounts', {
  login: route({
    method: 'post', path: '/login', summary: 'Log in: a session token, also set as an HttpOnly cookie', security: open,
    request: { body: { content: json(loginBody), required: true } },
    responses: { 200: ok(loginResult), ...errors(400, 401, 429) },
  }),
  logout: route({ method: 'post', path: '/logout', summary: 'Log out', responses: { 204: noContent('Logged out') } }),
});

/** Set-up of a deployment from the machine it runs on: the holder of the set-up token (written where only the portal's user can read it). */
export const setupApi = group('/api/setup', 'administration', {
  firstAdmin: route({
    method: 'post', path: '/first-admin', summary: 'Create the first administrator while there is none (`npm run create-admin` against a running portal)', security: open,
    request: {
      headers: z.object({ 'x-cuntu-setup-token': z.string().meta({ description: 'The running portal\'s set-up token, from its data directory\'s lock file' }) }),
      body: { content: json(firstAdminBody), required: true },
    },
    responses: { 201: written(accountSchema, 'Created'), ...errors(400, 403, 404, 409, 422) },
  }),
});

export const meApi = group('/api/me', 'accounts', {
  get: route({ method: 'get', path: '/', summary: 'The logged-in user and the layers they may edit', responses: { 200: ok(currentUserSchema), ...errors(401) } }),
  changePassword: route({
    method: 'post', path: '/password', summary: 'Change one\'s own password (other sessions end)',
    request: { body: { content: json(changePasswordBody), required: true } },
    responses: { 204: noContent('Changed'), ...errors(400, 401, 403, 422) },
  }),
  listTokens: route({ method: 'get', path: '/tokens', summary: 'One\'s personal access tokens (for desktop GIS clients), with their last use', responses: { 200: ok(z.object({ tokens: z.array(accessTokenSchema) })), ...errors(401, 403) } }),
  createToken: route({
    method: 'post', path: '/tokens', summary: 'Create a personal access token: named, read-only or read-write, optionally expiring; the secret is shown once',
    request: { body: { content: json(createAccessTokenBody), required: true } },
    responses: { 201: written(createdAccessTokenSchema, 'Created'), ...errors(400, 401, 403, 409) },
  }),
  revokeToken: route({
    method: 'delete', path: '/tokens/{id}', summary: 'Revoke one of one\'s personal access tokens: it stops working at once',
    request: { params: z.object({ id }) },
    responses: { 204: noContent('Revoked'), ...errors(401, 403, 404) },
  }),
});

export const accountsApi = group('/api/admin/users', 'administration', {
  list: route({ method: 'get', path: '/', summary: 'Accounts (admin)', responses: { 200: ok(z.object({ users: z.array(accountSchema) })), ...errors(401, 403) } }),
  create: route({
    method: 'post', path: '/', summary: 'Create an account; the user sets a new password at first login (admin)',
    request: { body: { content: json(createAccountBody), required: true } },
    responses: { 201: written(accountSchema, 'Created'), ...errors(400, 401, 403, 409, 422) },
  }),
  update: route({
    method: 'patch', path: '/{id}', summary: 'Change display name, roles, editable layers, or disable / re-enable (admin; never the last admin)',
    request: { params: z.object({ id }), body: { content: json(updateAccountBody), required: true } },
    responses: { 200: ok(accountSchema), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  resetPassword: route({
    method: 'post', path: '/{id}/reset-password', summary: 'Set a new password the user must change at next login (admin)',
    request: { params: z.object({ id }), body: { content: json(resetPasswordBody), required: true } },
    responses: { 204: noContent('Reset; the user\'s sessions ended'), ...errors(400, 401, 403, 404, 422) },
  }),
});

export const regionsApi = group('/api/regions', 'regions', {
  counties: route({ method: 'get', path: '/counties', summary: 'Counties with their boundaries', responses: { 200: ok(featureCollectionOf(countyProperties)), ...errors(401) } }),
  towns: route({ method: 'get', path: '/towns', summary: 'Towns with their boundaries', request: { query: townQuery }, responses: { 200: ok(featureCollectionOf(townProperties)), ...errors(400, 401) } }),
  villages: route({
    method: 'get', path: '/villages', summary: 'Villages: committee points or boundaries', request: { query: villageQuery },
    responses: { 200: ok(featureCollectionOf(villageProperties)), ...errors(400, 401) },
  }),
  search: route({
    method: 'get', path: '/search', summary: 'The reader\'s villages and natural villages (groups) found by name, code, pinyin or its initials: villages first, then groups, each by code',
    request: { query: placeSearchQuery }, responses: { 200: ok(placeSearchSchema), ...errors(400, 401) },
  }),
});

export const layersApi = group('/api/layers', 'features', {
  counts: route({ method: 'get', path: '/', summary: 'Feature counts per layer', responses: { 200: ok(z.object({ layers: z.array(layerCountSchema) })), ...errors(401) } }),
  revisions: route({
    method: 'get', path: '/revisions', summary: 'A counter per layer (and `checks` for the verdicts) that grows with every write: what a screen polls to show others\' changes within seconds',
    responses: { 200: ok(z.object({ revisions: z.record(z.string(), z.number().int()) })), ...errors(401) },
  }),
});

export const featuresApi = group('/api/features', 'features', {
  list: route({
    method: 'get', path: '/{layer}', summary: 'Features of a layer: bbox, `property=value` filters, sort, paging',
    request: { params: layerParams, query: featureListQuery }, responses: { 200: ok(layerPageSchema), ...errors(400, 401, 404) },
  }),
  get: route({ method: 'get', path: '/{layer}/{id}', summary: 'One feature, with its ETag', request: { params: featureParams }, responses: { 200: ok(editableFeatureSchema), ...errors(401, 404) } }),
  create: route({
    method: 'post', path: '/{layer}', summary: 'Create a feature (editors of the layer); the checks it touches are re-run',
    request: { params: layerParams, body: { content: json(featureInput), required: true, description: 'Properties per the layer\'s `<layer>Properties` schema' } },
    responses: { 201: written(featureWithChecks, 'Created; ETag and Location headers'), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  update: route({
    method: 'patch', path: '/{layer}/{id}', summary: 'Change properties and / or geometry of the version you loaded',
    request: { params: featureParams, headers: ifMatch, body: { content: json(featureInput), required: true } },
    responses: { 200: ok(featureWithChecks, 'Changed'), ...errors(400, 401, 403, 404, 412, 422, 428) },
  }),
  replace: route({
    method: 'put', path: '/{layer}/{id}', summary: 'Replace a feature',
    request: { params: featureParams, headers: ifMatch, body: { content: json(featureInput), required: true } },
    responses: { 200: ok(featureWithChecks, 'Replaced'), ...errors(400, 401, 403, 404, 412, 422, 428) },
  }),
  delete: route({
    method: 'delete', path: '/{layer}/{id}', summary: 'Delete a feature', request: { params: featureParams, headers: ifMatch },
    responses: { 204: noContent('Deleted'), ...errors(401, 403, 404, 412, 428) },
  }),
  history: route({
    method: 'get', path: '/{layer}/{id}/history', summary: 'The audit trail of a feature', request: { params: featureParams },
    responses: { 200: ok(z.object({ history: z.array(historyEntrySchema) })), ...errors(401, 404) },
  }),
  revert: route({
    method: 'post', path: '/{layer}/{id}/revert', summary: 'Restore an earlier version (an audited write)',
    request: { params: featureParams, headers: ifMatch, body: { content: json(revertBody), required: true } },
    responses: { 200: ok(featureWithChecks, 'Reverted'), ...errors(400, 401, 403, 404, 412, 428) },
  }),
});

const sourceParams = z.object({ id: text('The water source\'s id') });
const areaSchema = z.object({ geometry: serviceAreaSchema.nullable().meta({ description: 'The service area, or null for none' }) });
const footprintBody = z.object({ geometry: footprintSchema.nullable().meta({ description: 'The site\'s footprint (a Polygon), or null for none' }) });
const siteParams = z.object({ id: text('The relocation site\'s id') });
export const housingApi = group('/api/housing', 'housing', {
  footprint: route({
    method: 'get', path: '/sites/{id}/footprint', summary: 'A relocation site\'s footprint (the plot it is built on), with an ETag', request: { params: siteParams },
    responses: { 200: ok(footprintBody), ...errors(401, 404) },
  }),
  setFootprint: route({
    method: 'put', path: '/sites/{id}/footprint', summary: 'Set or remove a relocation site\'s footprint (housing editors): a valid Polygon near the site, of a plausible size; audited',
    request: { params: siteParams, headers: ifMatch, body: { content: json(z.object({ geometry: z.unknown().meta({ description: 'GeoJSON Polygon, or null' }) })), required: true } },
    responses: { 200: ok(footprintBody, 'Set; the new ETag'), ...errors(400, 401, 403, 404, 412, 422, 428) },
  }),
});
export const waterApi = group('/api/water', 'water', {
  tests: route({
    method: 'get', path: '/sources/{id}/tests', summary: 'A water source\'s quality tests, newest first', request: { params: sourceParams },
    responses: { 200: ok(z.object({ tests: z.array(waterTestSchema) })), ...errors(401, 404) },
  }),
  addTest: route({
    method: 'post', path: '/sources/{id}/tests', summary: 'Record a quality test (water editors); re-runs the checks',
    request: { params: sourceParams, body: { content: json(WATER_TEST_SCHEMA), required: true } },
    responses: { 201: written(z.object({ test: waterTestSchema, checks: recheckSchema }), 'Recorded'), ...errors(400, 401, 403, 404, 422) },
  }),
  deleteTest: route({
    method: 'delete', path: '/sources/{id}/tests/{testId}', summary: 'Delete a quality test (water editors)',
    request: { params: sourceParams.extend({ testId: text('The test\'s id') }) },
    responses: { 200: ok(z.object({ checks: recheckSchema }), 'Deleted'), ...errors(401, 403, 404) },
  }),
  servedGroups: route({
    method: 'get', path: '/sources/{id}/groups', summary: 'The natural villages a source serves (ETag)', request: { params: sourceParams },
    responses: { 200: ok(z.object({ groups: z.array(servedGroupSchema) })), ...errors(401, 404) },
  }),
  setServedGroups: route({
    method: 'put', path: '/sources/{id}/groups', summary: 'Replace the natural villages a source serves (water editors); re-runs the checks',
    request: { params: sourceParams, headers: ifMatch, body: { content: json(SERVED_GROUPS_SCHEMA), required: true } },
    responses: { 200: ok(z.object({ groups: z.array(servedGroupSchema), checks: recheckSchema }), 'Replaced; the new ETag'), ...errors(400, 401, 403, 404, 412, 422, 428) },
  }),
  serviceArea: route({
    method: 'get', path: '/sources/{id}/service-area', summary: 'A water source\'s service area, with an ETag', request: { params: sourceParams },
    responses: { 200: ok(areaSchema), ...errors(401, 404) },
  }),
  setServiceArea: route({
    method: 'put', path: '/sources/{id}/service-area', summary: 'Set or remove a source\'s service area (water editors): groups inside it are served; re-runs the checks',
    request: { params: sourceParams, headers: ifMatch, body: { content: json(z.object({ geometry: z.unknown().meta({ description: 'GeoJSON Polygon or MultiPolygon, or null' }) })), required: true } },
    responses: { 200: ok(areaSchema.extend({ checks: recheckSchema }), 'Set; the new ETag'), ...errors(400, 401, 403, 404, 412, 422, 428) },
  }),
});

const villageParams = z.object({ code: text('The village\'s 12-digit code') });
const yearParams = villageParams.extend({ year: z.string().regex(/^\d{4}$/).meta({ description: 'The statistics year', example: '2020' }) });
export const villagesApi = group('/api/villages', 'villages', {
  services: route({
    method: 'get', path: '/{code}/services', summary: 'A village\'s power, radio / TV and broadband (its statistics of the checks\' as-of year), with an ETag',
    request: { params: villageParams }, responses: { 200: ok(villageServicesSchema), ...errors(401, 404) },
  }),
  updateServices: route({
    method: 'patch', path: '/{code}/services', summary: 'Change a village\'s power, radio / TV and broadband (infrastructure editors); re-judges the village',
    request: { params: villageParams, headers: ifMatch, body: { content: json(VILLAGE_SERVICES_SCHEMA), required: true } },
    responses: { 200: ok(z.object({ services: villageServicesSchema, checks: recheckSchema }), 'Changed; the new ETag'), ...errors(400, 401, 403, 404, 412, 422, 428) },
  }),
  statisticsTable: route({
    method: 'get', path: '/statistics', summary: 'A town\'s (or county\'s) villages with their figures of a year and the incidence verdict beside them; `format=xlsx` for a workbook',
    request: { query: statisticsTableQuery },
    responses: {
      200: { description: 'The table, or with `format=xlsx` the workbook (Content-Disposition: attachment)', content: { ...json(statisticsTableSchema), [XLSX_TYPE]: { schema: binary('Excel workbook') } } },
      ...errors(400, 401),
    },
  }),
  statisticsTrend: route({
    method: 'get', path: '/statistics/trend', summary: 'Poverty incidence of a county or town by year (people not lifted over the population of the villages giving both)',
    request: { query: statisticsTableQuery.pick({ town: true, county: true }) }, responses: { 200: ok(statisticsTrendSchema), ...errors(400, 401) },
  }),
  importStatistics: route({
    method: 'post', path: '/statistics/import', summary: 'Read a statistics ledger (.xlsx, .xls or CSV) for a year: a dry-run report, or with `commit=true` all rows written or none (admins); re-judges the villages',
    request: { query: statisticsImportQuery, body: { content: { 'application/octet-stream': { schema: binary('The ledger') } }, required: true } },
    responses: { 200: ok(statisticsImportReportSchema), ...errors(400, 401, 403, 413, 415, 422) },
  }),
  statisticsHistory: route({
    method: 'get', path: '/{code}/statistics', summary: 'A village\'s figures of every year it has, oldest first, with the checks\' as-of date',
    request: { params: villageParams }, responses: { 200: ok(statisticsHistorySchema), ...errors(401, 404) },
  }),
  statistics: route({
    method: 'get', path: '/{code}/statistics/{year}', summary: 'A village\'s figures of one year (version 0: none yet), with an ETag',
    request: { params: yearParams }, responses: { 200: ok(villageStatisticsSchema), ...errors(400, 401, 404) },
  }),
  updateStatistics: route({
    method: 'put', path: '/{code}/statistics/{year}', summary: 'Set a village\'s figures of a year (admins): contradictions and years after the as-of year refused; audited; re-judges the village',
    request: { params: yearParams, headers: ifMatch, body: { content: json(STATISTICS_FIGURES_SCHEMA), required: true } },
    responses: { 200: ok(z.object({ statistics: villageStatisticsSchema, checks: recheckSchema }), 'Changed; the new ETag'), ...errors(400, 401, 403, 404, 412, 422, 428) },
  }),
});

const profileParams = z.object({ id: text('The profile\'s id') });
export const standardsApi = group('/api/standards', 'standards', {
  rules: route({ method: 'get', path: '/rules', summary: 'The rule catalogue', responses: { 200: ok(z.object({ rules: z.array(ruleSchema) })), ...errors(401) } }),
  thresholdFields: route({ method: 'get', path: '/threshold-fields', summary: 'Every threshold with its label, type and allowed range', responses: { 200: ok(z.object({ fields: z.array(thresholdFieldSchema) })), ...errors(401) } }),
  profiles: route({ method: 'get', path: '/profiles', summary: 'Standards profiles, with whether verdicts were judged by each', responses: { 200: ok(z.object({ profiles: z.array(standardsProfileSchema) })), ...errors(401) } }),
  profile: route({ method: 'get', path: '/profiles/{id}', summary: 'One profile', request: { params: profileParams }, responses: { 200: ok(standardsProfileSchema), ...errors(401, 404) } }),
  diff: route({
    method: 'get', path: '/profiles/{id}/diff', summary: 'Thresholds that differ from another profile (default: the one it was copied from)',
    request: { params: profileParams, query: z.object({ against: z.string().optional().meta({ description: 'The profile to compare with' }) }) },
    responses: { 200: ok(profileDiffSchema), ...errors(400, 401, 404) },
  }),
  copy: route({
    method: 'post', path: '/profiles', summary: 'Copy a profile with changed thresholds (admin)',
    request: { body: { content: json(createProfileBody), required: true } }, responses: { 201: written(standardsProfileSchema, 'Created'), ...errors(400, 401, 403, 404, 422) },
  }),
  update: route({
    method: 'patch', path: '/profiles/{id}', summary: 'Edit names and thresholds of a profile nothing was judged by (admin)',
    request: { params: profileParams, body: { content: json(updateProfileBody), required: true } },
    responses: { 200: ok(standardsProfileSchema), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  activate: route({
    method: 'post', path: '/profiles/{id}/activate', summary: 'Judge every county by this profile, then make it active: a job to poll (admin)',
    request: { params: profileParams }, responses: { 202: written(z.object({ job: backgroundJobSchema }), 'Started'), ...errors(401, 403, 404, 409) },
  }),
});

export const checksApi = group('/api/checks', 'checks', {
  run: route({
    method: 'post', path: '/runs', summary: 'Evaluate the standards (editors and admins)',
    request: { body: { content: json(runChecksBody), required: true } }, responses: { 201: written(recheckSchema, 'The run\'s summary'), ...errors(400, 401, 403, 404) },
  }),
  summary: route({
    method: 'get', path: '/summary', summary: 'Counts per rule and verdict, and coverage, of a region (province … town), a county, a town or the villages in a box (ETag; 304 to If-None-Match)',
    request: { query: areaQuery }, responses: { 200: ok(checkSummarySchema), 304: noContent('Unchanged'), ...errors(400, 401, 404) },
  }),
  rollup: route({
    method: 'get', path: '/rollup', summary: 'A region\'s children (prefectures, counties, towns or villages) ranked, with their headline figures, in one request (ETag; 304 to If-None-Match)',
    request: { query: rollupQuery }, responses: { 200: ok(rollupSchema), 304: noContent('Unchanged'), ...errors(400, 401, 403, 404) },
  }),
  village: route({
    method: 'get', path: '/villages/{code}', summary: 'A village\'s verdict sheet and exit readiness (ETag; 304 to If-None-Match)',
    request: { params: villageParams, query: profileQuery }, responses: { 200: ok(villageSheetSchema), 304: noContent('Unchanged'), ...errors(400, 401, 404) },
  }),
  subject: route({
    method: 'get', path: '/subjects/{type}/{id}', summary: 'The verdicts of one judged feature',
    request: { params: z.object({ type: text('The subject type: village, road, water_source, house, relocation_site'), id }), query: profileQuery },
    responses: { 200: ok(subjectVerdictsSchema), ...errors(400, 401, 404) },
  }),
  results: route({
    method: 'get', path: '/results', summary: 'The verdicts as a table — village, subject, rule, verdict, measured value, threshold, reason —, or with `format=xlsx` the workbook counties hand to evaluators',
    request: { query: checkResultsQuery },
    responses: {
      200: { description: 'The rows, or the workbook (Content-Disposition: attachment)', content: { ...json(checkResultsSchema), [XLSX_TYPE]: { schema: binary('Excel workbook') } } },
      ...errors(400, 401, 404, 413),
    },
  }),
  layer: route({
    method: 'get', path: '/layers/{layer}', summary: 'A layer as GeoJSON with one property per rule holding each feature\'s verdict',
    request: { params: layerParams, query: checksLayerQuery }, responses: { 200: ok(featureCollectionSchema), ...errors(400, 401, 403, 404) },
  }),
  layerCounts: route({
    method: 'get', path: '/layers/{layer}/counts', summary: 'How many of a layer\'s features a selection holds, per rule and verdict, and their box: the web map\'s legend beside its vector tiles (ETag; 304 to If-None-Match)',
    request: { params: layerParams, query: layerCountsQuery }, responses: { 200: ok(layerCountsSchema), 304: noContent('Unchanged'), ...errors(400, 401, 403, 404) },
  }),
});

const jobParams = z.object({ id: text('The job\'s id') });
const importWithInspection = importJobViewSchema.extend({ inspection: importInspectionSchema });
export const importsApi = group('/api/imports', 'imports', {
  list: route({
    method: 'get', path: '/', summary: 'Committed imports (editors and admins)', request: { query: z.object({ layer: z.string().optional() }) },
    responses: { 200: ok(z.object({ imports: z.array(z.looseObject({ id: z.number().int(), layer: z.string() })) })), ...errors(401, 403) },
  }),
  upload: route({
    method: 'post', path: '/', summary: 'Upload a file to import: the file as the body, its layer, name and read options in the query (or multipart with the same as form fields)',
    request: {
      query: importUploadQuery.partial(),
      body: { content: { 'application/octet-stream': { schema: binary('The file: GeoJSON, zipped Shapefile, CSV or KML') }, 'multipart/form-data': { schema: z.looseObject({ file: binary('The file').optional(), layer: layer.optional() }) } }, required: true },
    },
    responses: { 201: written(importWithInspection, 'Read: what the file holds and how it maps'), ...errors(400, 401, 403, 413, 415, 422) },
  }),
  job: route({ method: 'get', path: '/{id}', summary: 'An import: state, progress, report, result', request: { params: jobParams }, responses: { 200: ok(importJobViewSchema), ...errors(401, 404) } }),
  preview: route({
    method: 'post', path: '/{id}/preview', summary: 'Read with options and map: the sample as it would be stored',
    request: { params: jobParams, body: { content: json(importRunBody), required: true } }, responses: { 200: ok(importWithInspection), ...errors(400, 401, 403, 404, 413, 422) },
  }),
  dryRun: route({
    method: 'post', path: '/{id}/dry-run', summary: 'Validate every row without writing (202; poll or follow the events)',
    request: { params: jobParams, body: { content: json(importRunBody), required: true } }, responses: { 202: written(importJobViewSchema, 'Started'), ...errors(400, 401, 403, 404, 409, 413, 422) },
  }),
  commit: route({
    method: 'post', path: '/{id}/commit', summary: 'Validate and write all or nothing, audited (202; poll or follow the events)',
    request: { params: jobParams, body: { content: json(importRunBody), required: true } }, responses: { 202: written(importJobViewSchema, 'Started'), ...errors(400, 401, 403, 404, 409, 413, 422) },
  }),
  cancel: route({
    method: 'post', path: '/{id}/cancel', summary: 'Stop a run and roll it back, or discard the upload', request: { params: jobParams },
    responses: { 200: ok(importJobViewSchema, 'Discarded'), 202: ok(importJobViewSchema, 'Stopping'), ...errors(401, 404, 409) },
  }),
  events: route({
    method: 'get', path: '/{id}/events', summary: 'Progress as server-sent events (`progress`, then `done`), each an import as JSON', request: { params: jobParams },
    responses: { 200: { description: 'Server-sent events', content: { 'text/event-stream': { schema: z.string() } } }, ...errors(401, 404) },
  }),
});

const countyParams = z.object({ code: text('The county\'s 12-digit code') });
export const adminApi = group('/api/admin', 'administration', {
  importTowns: route({
    method: 'post', path: '/towns/import', summary: 'Read a county\'s towns from a boundary or seat file (GeoJSON, zipped Shapefile, KML) or a code list (spreadsheet, CSV; code and name columns): a dry-run report, or with `commit=true` every town written or none (admin)',
    request: { query: townsImportQuery, body: { content: { 'application/octet-stream': { schema: binary('The boundary file or code list') } }, required: true } },
    responses: { 200: ok(townsImportReportSchema), ...errors(400, 401, 403, 413, 415, 422) },
  }),
  readiness: route({
    method: 'get', path: '/readiness', summary: 'What the deployment holds and what the checks still lack: regions, statistics of the as-of year, tests, houses to place (admin)',
    responses: { 200: ok(readinessSchema), ...errors(401, 403) },
  }),
  settings: route({ method: 'get', path: '/settings', summary: 'Runtime settings, the check distances of the active profile, limits (admin)', responses: { 200: ok(adminSettingsSchema), ...errors(401, 403) } }),
  updateSettings: route({
    method: 'patch', path: '/settings', summary: 'Change public read access, the basemap, or the checks\' as-of date (which re-judges every county as a job) (admin)',
    request: { body: { content: json(runtimeSettingsBody), required: true } },
    responses: {
      200: ok(adminSettingsSchema.pick({ publicRead: true, basemap: true, basemapSource: true, checksAsOf: true }).extend({ job: backgroundJobSchema.nullable() })),
      ...errors(400, 401, 403),
    },
  }),
  updateCheckDistances: route({
    method: 'patch', path: '/settings/check-distances', summary: 'A new version of the active profile with other check distances, judged and activated as a job (admin)',
    request: { body: { content: json(checkDistancesBody), required: true } },
    responses: {
      200: ok(z.object({ profile: standardsProfileSchema.partial({ inUse: true }), job: z.null() }), 'Unchanged'),
      202: written(z.object({ profile: standardsProfileSchema.partial({ inUse: true }), job: backgroundJobSchema }), 'Started'),
      ...errors(400, 401, 403, 409, 422),
    },
  }),
  saveCounty: route({
    method: 'put', path: '/counties/{code}', summary: 'Set a county\'s name and boundary (GeoJSON), or create it; re-checks it as a job (admin)',
    request: { params: countyParams, body: { content: json(countyBody), required: true } },
    responses: {
      200: ok(z.object({ county: z.object({ code: z.string(), name: z.string(), created: z.boolean(), villagesOutside: z.number().int() }), job: backgroundJobSchema.nullable() }), 'Updated'),
      201: written(z.object({ county: z.object({ code: z.string(), name: z.string(), created: z.boolean(), villagesOutside: z.number().int() }), job: backgroundJobSchema.nullable() }), 'Created'),
      ...errors(400, 401, 403, 422),
    },
  }),
  job: route({ method: 'get', path: '/jobs/{id}', summary: 'A background job: state, progress, result (admin)', request: { params: jobParams }, responses: { 200: ok(backgroundJobSchema), ...errors(401, 403, 404) } }),
  cancelJob: route({
    method: 'post', path: '/jobs/{id}/cancel', summary: 'Ask a running background job to stop, whichever API process runs it (202; it stops where stopping leaves nothing half-written) (admin)',
    request: { params: jobParams }, responses: { 202: ok(backgroundJobSchema, 'Stopping'), ...errors(401, 403, 404, 409) },
  }),
  jobEvents: route({
    method: 'get', path: '/jobs/{id}/events', summary: 'A background job\'s progress as server-sent events (`progress`, then `done`), from any API process (admin)', request: { params: jobParams },
    responses: { 200: { description: 'Server-sent events', content: { 'text/event-stream': { schema: z.string() } } }, ...errors(401, 403, 404) },
  }),
  audit: route({
    method: 'get', path: '/audit', summary: 'The audit log, newest first, by user, layer, feature, action and time (admin)',
    request: { query: auditQuery }, responses: { 200: ok(auditPageSchema), ...errors(400, 401, 403) },
  }),
  auditCsv: route({
    method: 'get', path: '/audit.csv', summary: 'The filtered audit log as CSV for Excel (admin)', request: { query: auditQuery },
    responses: { 200: { description: 'UTF-8 CSV with a BOM', content: { 'text/csv': { schema: z.string() } } }, ...errors(400, 401, 403, 413) },
  }),
  revertAudit: route({
    method: 'post', path: '/audit/{id}/revert', summary: 'Undo one change: the record back to the state before it (audited; admin)',
    request: { params: z.object({ id: text('The audit entry\'s id') }) },
    responses: { 200: ok(z.looseObject({ reverted: z.number().int() }), 'Reverted'), ...errors(401, 403, 404, 409, 412, 422) },
  }),
});

const pdf = { description: 'The PDF (Content-Disposition: attachment)', content: { 'application/pdf': { schema: binary('PDF') } } };
export const briefingsApi = group('/api/briefings', 'briefings', {
  snapshot: route({
    method: 'post', path: '/snapshot.pdf', summary: 'A map snapshot as PDF: the page\'s content (`spec`, JSON) and the map image (`map`, JPEG or PNG); `spec.photos` names attachments (photos the reader may see) printed six to a page after the map',
    request: { body: { content: { 'multipart/form-data': { schema: z.looseObject({ spec: text('The page as JSON: title, subtitle, date, paper, legend, summary, scale, photos'), map: binary('The map image') }) } }, required: true } },
    responses: { 200: pdf, ...errors(400, 401, 404, 413, 415, 422, 503) },
  }),
  dashboard: route({
    method: 'post', path: '/dashboard.pdf', summary: 'The dashboard as PDF: its content (`spec`, JSON) and each chart as an image (`chart-<key>`)',
    request: { body: { content: { 'multipart/form-data': { schema: z.looseObject({ spec: text('The page as JSON: figures, ranking, charts') }) } }, required: true } },
    responses: { 200: pdf, ...errors(400, 401, 413, 415, 503) },
  }),
});

const exportQuery = z.looseObject({
  format: z.enum(['geojson', 'gpkg', 'csv', 'xlsx', 'shapefile']).default('geojson'),
  geometry: z.enum(['wkt', 'lonlat']).default('wkt'),
  encoding: z.enum(['gbk', 'utf-8']).default('gbk'),
  frame: z.enum(['wgs84', 'gcj02']).default('wgs84'),
});
export const exportsApi = group('/api/exports', 'features', {
  layer: route({
    method: 'get', path: '/{layer}', summary: 'Export a layer or a filtered selection (the features API\'s bbox, `property=value` and CQL2 `filter`) as GeoJSON, GeoPackage, CSV, an Excel workbook or a zipped Shapefile',
    request: { params: layerParams, query: exportQuery },
    responses: { 200: { description: 'The file (Content-Disposition: attachment)', content: { 'application/geo+json': { schema: z.unknown() }, 'text/csv': { schema: z.string() }, [XLSX_TYPE]: { schema: binary('Excel workbook') }, 'application/geopackage+sqlite3': { schema: binary('GeoPackage') }, 'application/zip': { schema: binary('Shapefile') } } }, ...errors(400, 401, 404, 413) },
  }),
});

const taskParams = z.object({ id: text('The task\'s id') });
/** 整改任务: rectification tasks from failing verdicts or by hand, their life, the ledger, the leaders' figures and the responsible person's notices. */
export const tasksApi = group('/api/tasks', 'tasks', {
  list: route({
    method: 'get', path: '/', summary: 'Tasks the reader may see (editors: their teams\'), by place, team, state, rule, overdue; a page, the map\'s points (`format=geojson`) or the ledger (`format=xlsx` or `pdf`, A4 landscape under the snapshot\'s header)',
    request: { query: tasksQuery },
    responses: {
      200: { description: 'A page of tasks, a GeoJSON FeatureCollection, or the ledger file (Content-Disposition: attachment)', content: { ...json(taskPageSchema), 'application/geo+json': { schema: z.unknown() }, [XLSX_TYPE]: { schema: binary('Excel workbook') }, 'application/pdf': { schema: binary('PDF') } } },
      ...errors(400, 401, 403, 503),
    },
  }),
  summary: route({
    method: 'get', path: '/summary', summary: 'Open, overdue and closed-this-month tasks of a county (by town) or town (by village), and by rule',
    request: { query: z.object({ county: code12Query('A county\'s code'), town: code12Query('A town\'s code') }) },
    responses: { 200: ok(taskSummarySchema), ...errors(400, 401, 403) },
  }),
  notices: route({
    method: 'get', path: '/notices', summary: 'My notices about tasks I am responsible for, newest first, and how many are unread',
    request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(30) }) }, responses: { 200: ok(taskNoticesSchema), ...errors(401) },
  }),
  people: route({
    method: 'get', path: '/people', summary: 'Who may be made responsible for a team\'s tasks: its active editors whose region meets the reader\'s',
    request: { query: z.object({ team: z.enum(EDITOR_TEAMS) }) }, responses: { 200: ok(z.object({ people: z.array(z.object({ id: z.number().int(), name: z.string() })) })), ...errors(400, 401, 403) },
  }),
  readNotices: route({
    method: 'post', path: '/notices/read', summary: 'Mark my notices read (all, or those named)',
    request: { body: { content: json(z.object({ ids: z.array(z.number().int()).max(1000).optional() }).strict()), required: true } },
    responses: { 200: ok(z.object({ unread: z.number().int() })), ...errors(400, 401) },
  }),
  create: route({
    method: 'post', path: '/', summary: 'Set a task by hand: tied to a failing or unknown verdict (rule and subject), or to a village with the problem in words',
    request: { body: { content: json(TASK_INPUT_SCHEMA), required: true } },
    responses: { 201: written(taskSchema, 'Set; its ETag'), ...errors(400, 401, 403, 422) },
  }),
  fromVerdicts: route({
    method: 'post', path: '/from-verdicts', summary: 'Set a task for every failing (or unknown) verdict of a rule, or of every rule, in a county or town; subjects with an unclosed task are skipped',
    request: { body: { content: json(TASKS_FROM_VERDICTS_SCHEMA), required: true } },
    responses: { 201: written(tasksCreatedSchema, 'Set'), ...errors(400, 401, 403, 422) },
  }),
  get: route({ method: 'get', path: '/{id}', summary: 'A task, with its ETag', request: { params: taskParams }, responses: { 200: ok(taskSchema), ...errors(401, 403, 404) } }),
  change: route({
    method: 'patch', path: '/{id}', summary: 'Change a task\'s problem, measure, team, responsible person or deadline',
    request: { params: taskParams, headers: ifMatch, body: { content: json(TASK_CHANGE_SCHEMA), required: true } },
    responses: { 200: ok(taskSchema, 'Changed; the new ETag'), ...errors(400, 401, 403, 404, 412, 422, 428) },
  }),
  step: route({
    method: 'post', path: '/{id}/steps', summary: 'A step in the task\'s life: start, submit (with a note), verify, return or reopen (with a reason)',
    request: { params: taskParams, headers: ifMatch, body: { content: json(TASK_STEP_SCHEMA), required: true } },
    responses: { 200: ok(taskSchema, 'Taken; the new ETag'), ...errors(400, 401, 403, 404, 409, 412, 422, 428) },
  }),
  remove: route({
    method: 'delete', path: '/{id}', summary: 'Remove a task set by mistake (leaders and administrators)',
    request: { params: taskParams, headers: ifMatch }, responses: { 200: ok(z.object({ removed: z.number().int() })), ...errors(401, 403, 404, 412, 428) },
  }),
});

const tileParams = z.object({ layer, z: text('Zoom'), x: text('Column'), file: text('The row and `.mvt`: `{y}.mvt`') });
export const tilesApi = group('/api/tiles', 'tiles', {
  tilejson: route({
    method: 'get', path: '/{layer}/tilejson.json', summary: 'TileJSON 3.0 of a layer', request: { params: layerParams, query: profileQuery },
    responses: { 200: ok(z.looseObject({ tilejson: z.string(), tiles: z.array(z.string()) })), ...errors(401, 404) },
  }),
  tile: route({
    method: 'get', path: '/{layer}/{z}/{x}/{file}', summary: 'A vector tile of a layer with each feature\'s verdicts (ETag; 304 to If-None-Match)',
    request: { params: tileParams, query: profileQuery },
    responses: { 200: { description: 'A Mapbox vector tile', content: { 'application/vnd.mapbox-vector-tile': { schema: binary('MVT') } } }, 204: noContent('No features in the tile'), 304: noContent('Unchanged'), ...errors(400, 401, 404) },
  }),
});

const collectionParams = z.object({ collectionId: layer });
const crsParam = (what: string) => z.string().optional().meta({ description: `${what}: one of the collection's \`crs\` (CRS84 when absent: EPSG:4326, 4490, 3857 and the CGCS2000 3-degree Gauss–Krüger zones 4513–4554 besides), coordinates in its registered axis order` });
const ogcItemsQuery = z.looseObject({
  bbox: z.string().optional().meta({ description: 'minLon,minLat,maxLon,maxLat (CRS84), or four numbers in the axis order of bbox-crs' }),
  limit: z.string().optional(), offset: z.string().optional(),
  crs: crsParam('The CRS of the answer\'s coordinates (said in the Content-Crs header)'),
  'bbox-crs': crsParam('The CRS of bbox'),
  filter: z.string().optional().meta({ description: 'A CQL2 filter (OGC API – Features Part 3) on the collection\'s queryables: its properties, each rule\'s verdict (`"road.width" = \'fail\'`) and its geometry' }),
  'filter-lang': z.enum(['cql2-text', 'cql2-json', 'cql-text']).optional().meta({ description: 'cql2-text (the default) or cql2-json; cql-text is read as cql2-text' }),
  'filter-crs': crsParam('The CRS of the filter\'s geometries'),
  access_token: z.string().optional().meta({ description: 'A personal access token, for clients that cannot send a header (carried on in every link)' }),
});
const ogcItemQuery = z.looseObject({ crs: crsParam('The CRS of the answer\'s coordinates (said in the Content-Crs header)') });
const contentCrsHeader = z.object({ 'content-crs': z.string().optional().meta({ description: 'The CRS of the body\'s geometry, as <URI> (CRS84 when absent)' }) });
const itemParams = collectionParams.extend({ featureId: id });
const tileMatrixSetParams = z.object({ tileMatrixSetId: text('A tiling scheme: WebMercatorQuad') });
const geoJsonFeature = (description: string) => ({ description, content: { 'application/geo+json': { schema: editableFeatureSchema } } });
const ogcSecurity: Array<Record<string, string[]>> = [{ basic: [] }, { bearer: [] }, { cookie: [] }];
/** OGC API Features for desktop GIS (QGIS, ArcGIS Pro, GDAL): login by HTTP Basic, a bearer token or the session. */
export const ogcApi = group('/ogc', 'ogc', {
  landing: route({ method: 'get', path: '/', summary: 'OGC API Features landing page', security: ogcSecurity, responses: { 200: ok(z.looseObject({ links: z.array(z.unknown()) })), ...errors(401) } }),
  conformance: route({ method: 'get', path: '/conformance', summary: 'Conformance classes', security: ogcSecurity, responses: { 200: ok(z.object({ conformsTo: z.array(z.string()) })), ...errors(401) } }),
  collections: route({ method: 'get', path: '/collections', summary: 'One collection per layer', security: ogcSecurity, responses: { 200: ok(z.looseObject({ collections: z.array(z.unknown()) })), ...errors(401) } }),
  collection: route({ method: 'get', path: '/collections/{collectionId}', summary: 'One collection: its extent and links', security: ogcSecurity, request: { params: collectionParams }, responses: { 200: ok(z.looseObject({ id: z.string() })), ...errors(401, 404) } }),
  queryables: route({
    method: 'get', path: '/collections/{collectionId}/queryables', summary: 'The properties a collection\'s items can be filtered by (JSON Schema)', security: ogcSecurity,
    request: { params: collectionParams }, responses: { 200: { description: 'JSON Schema', content: { 'application/schema+json': { schema: z.unknown() } } }, ...errors(401, 404) },
  }),
  items: route({
    method: 'get', path: '/collections/{collectionId}/items', summary: 'Items: bbox, limit, offset, `property=value` filters', security: ogcSecurity,
    request: { params: collectionParams, query: ogcItemsQuery }, responses: { 200: { description: 'GeoJSON', content: { 'application/geo+json': { schema: featureCollectionSchema } } }, ...errors(400, 401, 404) },
  }),
  item: route({
    method: 'get', path: '/collections/{collectionId}/items/{featureId}', summary: 'One item, with its ETag', security: ogcSecurity,
    request: { params: itemParams, query: ogcItemQuery }, responses: { 200: geoJsonFeature('GeoJSON'), ...errors(400, 401, 404) },
  }),
  createItem: route({
    method: 'post', path: '/collections/{collectionId}/items', summary: 'Create an item (Part 4; editors of the layer)', security: ogcSecurity,
    request: { params: collectionParams, headers: contentCrsHeader, body: { content: { 'application/geo+json': { schema: featureInput }, 'application/json': { schema: featureInput } }, required: true } },
    responses: { 201: geoJsonFeature('Created; ETag and Location headers'), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  replaceItem: route({
    method: 'put', path: '/collections/{collectionId}/items/{featureId}', summary: 'Replace an item you loaded (Part 4; If-Match)', security: ogcSecurity,
    request: { params: itemParams, headers: ifMatch.extend(contentCrsHeader.shape), body: { content: { 'application/geo+json': { schema: featureInput }, 'application/json': { schema: featureInput } }, required: true } },
    responses: { 200: geoJsonFeature('Replaced'), ...errors(400, 401, 403, 404, 412, 422, 428) },
  }),
  updateItem: route({
    method: 'patch', path: '/collections/{collectionId}/items/{featureId}', summary: 'Change an item you loaded (Part 4; If-Match)', security: ogcSecurity,
    request: { params: itemParams, headers: ifMatch.extend(contentCrsHeader.shape), body: { content: { 'application/geo+json': { schema: featureInput }, 'application/json': { schema: featureInput } }, required: true } },
    responses: { 200: geoJsonFeature('Changed'), ...errors(400, 401, 403, 404, 412, 422, 428) },
  }),
  deleteItem: route({
    method: 'delete', path: '/collections/{collectionId}/items/{featureId}', summary: 'Delete an item you loaded (Part 4; If-Match)', security: ogcSecurity,
    request: { params: itemParams, headers: ifMatch }, responses: { 204: noContent('Deleted'), ...errors(401, 403, 404, 412, 428) },
  }),
  tileMatrixSets: route({ method: 'get', path: '/tileMatrixSets', summary: 'The tiling schemes served (OGC API – Tiles): WebMercatorQuad', security: ogcSecurity, responses: { 200: ok(z.looseObject({ tileMatrixSets: z.array(z.unknown()) })), ...errors(401) } }),
  tileMatrixSet: route({
    method: 'get', path: '/tileMatrixSets/{tileMatrixSetId}', summary: 'A tiling scheme as a TileMatrixSet 2.0 document', security: ogcSecurity,
    request: { params: tileMatrixSetParams }, responses: { 200: ok(z.looseObject({ id: z.string(), tileMatrices: z.array(z.unknown()) })), ...errors(401, 404) },
  }),
  tilesets: route({
    method: 'get', path: '/collections/{collectionId}/tiles', summary: 'A collection\'s vector tilesets', security: ogcSecurity,
    request: { params: collectionParams }, responses: { 200: ok(z.looseObject({ tilesets: z.array(z.unknown()) })), ...errors(401, 404) },
  }),
  tileset: route({
    method: 'get', path: '/collections/{collectionId}/tiles/{tileMatrixSetId}', summary: 'A vector tileset\'s metadata: its layer and attributes, the tile template', security: ogcSecurity,
    request: { params: collectionParams.extend(tileMatrixSetParams.shape) }, responses: { 200: ok(z.looseObject({ dataType: z.string(), links: z.array(z.unknown()) })), ...errors(401, 404) },
  }),
  tile: route({
    method: 'get', path: '/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}', summary: 'A vector tile (the same as /api/tiles/{layer}/{z}/{x}/{y}.mvt: row is y, column x)', security: ogcSecurity,
    request: { params: collectionParams.extend(tileMatrixSetParams.shape).extend({ tileMatrix: text('Zoom'), tileRow: text('Row (y)'), tileCol: text('Column (x)') }) },
    responses: { 200: { description: 'A Mapbox vector tile', content: { 'application/vnd.mapbox-vector-tile': { schema: binary('MVT') } } }, 304: noContent('Unchanged'), ...errors(400, 401, 404) },
  }),
});

export const docsApi = group('/api/openapi.json', 'health', {
  get: route({ method: 'get', path: '/', summary: 'This document: the API as OpenAPI 3.0', security: open, responses: { 200: ok(z.looseObject({ openapi: z.string() })) } }),
});

const attachmentParams = z.object({ id: text('The attachment\'s id') });
const attachmentsOf = z.object({ attachments: z.array(attachmentSchema) });
const attachmentFile = (what: string) => ({ description: what, content: Object.fromEntries(Object.keys(ATTACHMENT_TYPES).map((type) => [type, { schema: binary(what) }])) });
export const attachmentsApi = group('/api/attachments', 'attachments', {
  list: route({
    method: 'get', path: '/', summary: 'The photos and documents of a feature (`layer` and `feature`), or of every feature placed in a village (`village`) the reader may see; newest first',
    request: { query: z.object({ layer: layer.optional(), feature: text('The feature\'s id').optional(), village: code12Query('A village\'s code') }) },
    responses: { 200: ok(attachmentsOf), ...errors(400, 401, 403, 404) },
  }),
  upload: route({
    method: 'post', path: '/', summary: `Attach photos, scans or PDF documents to a feature (multipart, one or more \`file\` fields; ${ATTACHMENT_LIMITS.maxFiles} at most, each up to ${ATTACHMENT_LIMITS.maxBytes / 1048576} MB): all or none are kept; a thumbnail is made and the camera's time and place read`,
    request: {
      query: z.object({ layer, feature: text('The feature\'s id'), purpose: z.enum(ATTACHMENT_PURPOSES).optional().meta({ description: 'What the files are evidence of in a workflow' }) }),
      body: { content: { 'multipart/form-data': { schema: z.looseObject({ file: binary('A file: JPEG, PNG, WebP, TIFF or PDF') }) } }, required: true },
    },
    responses: { 201: written(attachmentsOf, 'Kept'), ...errors(400, 401, 403, 404, 413, 415, 422) },
  }),
  file: route({
    method: 'get', path: '/{id}', summary: 'The file as uploaded (`download=1`: as a download)', request: { params: attachmentParams, query: z.object({ download: z.enum(['1']).optional() }) },
    responses: { 200: attachmentFile('The file'), ...errors(401, 404) },
  }),
  thumbnail: route({
    method: 'get', path: '/{id}/thumbnail', summary: `A photo's thumbnail (JPEG, at most ${ATTACHMENT_LIMITS.thumbnailPx} px on its longer side)`, request: { params: attachmentParams },
    responses: { 200: { description: 'The thumbnail', content: { 'image/jpeg': { schema: binary('JPEG') } } }, ...errors(401, 404) },
  }),
  remove: route({
    method: 'delete', path: '/{id}', summary: 'Remove an attachment (audited; `restore` or the audit log\'s undo brings it back)', request: { params: attachmentParams },
    responses: { 204: noContent('Removed'), ...errors(401, 403, 404) },
  }),
  restore: route({
    method: 'post', path: '/{id}/restore', summary: 'Bring a removed attachment back (audited)', request: { params: attachmentParams },
    responses: { 200: ok(attachmentSchema), ...errors(401, 403, 404, 409) },
  }),
});

/** Every group of the API, in the order the document lists them. */
export const API = {
  health: healthApi, docs: docsApi, config: configApi, setup: setupApi, auth: authApi, me: meApi, accounts: accountsApi, regions: regionsApi, layers: layersApi, features: featuresApi,
  water: waterApi, housing: housingApi, villages: villagesApi, standards: standardsApi, checks: checksApi, imports: importsApi, admin: adminApi, briefings: briefingsApi,
  tasks: tasksApi, attachments: attachmentsApi, exports: exportsApi, tiles: tilesApi, ogc: ogcApi,
} as const;

/**
 * What the planner's map reads before it can draw: the deployment's basemap, the counties and the towns
 * the reader holds (a province's are 1.7 MB). The map reads them through the API client; the shell's
 * page names them for a logged-in browser to fetch with the page, before any script has run.
 */
export const MAP_OPENING_READS: readonly string[] = [
  routePath(configApi, configApi.routes.get.path),
  routePath(regionsApi, regionsApi.routes.counties.path),
  routePath(regionsApi, regionsApi.routes.towns.path),
];
