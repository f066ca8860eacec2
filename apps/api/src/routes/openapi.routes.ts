import { Hono } from 'hono';
import { z } from 'zod';
import { LAYER_IDS, LAYER_PROPERTY_SCHEMAS, LAYERS, SERVED_GROUPS_SCHEMA, VILLAGE_SERVICES_SCHEMA, WATER_TEST_SCHEMA } from '@cuntu/domain';
import type { AppEnv } from '../env';

const json = (schema: object) => ({ 'application/json': { schema } });
const error = { $ref: '#/components/schemas/Error' };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { description: ERROR_TEXT[code], content: json(error) }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request', 401: 'Login required', 403: 'Not allowed for this role', 404: 'Not found', 409: 'Duplicate key',
  412: 'Stale If-Match: the feature changed', 422: 'Invalid properties or geometry', 428: 'If-Match missing', 429: 'Too many failed logins',
};
const ifMatch = { name: 'If-Match', in: 'header', required: true, schema: { type: 'string', example: '"v3"' }, description: 'The ETag of the version you edited' };
const layerParam = { name: 'layer', in: 'path', required: true, schema: { type: 'string', enum: LAYER_IDS } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const feature = { $ref: '#/components/schemas/Feature' };

/** The OpenAPI 3.0 description of the REST API and OGC API Features, built from the same zod schemas the API validates with. */
export function buildOpenApi() {
  return {
    openapi: '3.0.3',
    info: { title: '村图 Cuntu API', version: '1.0.0', description: 'County GIS portal for rural infrastructure standards. Login: POST /api/auth/login; then send the cookie or `Authorization: Bearer <token>`.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'cuntu_session' }, basic: { type: 'http', scheme: 'basic', description: 'Desktop GIS clients: /ogc and /api/tiles only, under the login lockout' } },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } } },
        Feature: { type: 'object', required: ['type', 'geometry', 'properties'], properties: { type: { type: 'string', enum: ['Feature'] }, id: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, geometry: { type: 'object' }, properties: { type: 'object' } } },
        FeatureCollection: { type: 'object', properties: { type: { type: 'string', enum: ['FeatureCollection'] }, total: { type: 'integer' }, features: { type: 'array', items: feature } } },
        ...Object.fromEntries(LAYER_IDS.map((layer) => [`${layer}Properties`, { description: `${LAYERS[layer].labelZh} ${LAYERS[layer].labelEn}`, ...z.toJSONSchema(LAYER_PROPERTY_SCHEMAS[layer], { target: 'openapi-3.0' }) }])),
      },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths: {
      '/api/health': { get: { summary: 'Driver, PostGIS and schema versions, sample county', security: [], responses: { 200: { description: 'OK' } } } },
      '/api/auth/login': { post: { summary: 'Log in', security: [], requestBody: { content: json({ type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } }) }, responses: { 200: { description: 'Session token (also set as an HttpOnly cookie)' }, ...errors(400, 401, 429) } } },
      '/api/auth/logout': { post: { summary: 'Log out', responses: { 204: { description: 'Logged out' } } } },
      '/api/me': { get: { summary: 'The logged-in user and the layers they may edit', responses: { 200: { description: 'OK' }, ...errors(401) } } },
      '/api/me/password': { post: { summary: 'Change one\'s own password', requestBody: { content: json({ type: 'object', required: ['currentPassword', 'newPassword'], properties: { currentPassword: { type: 'string' }, newPassword: { type: 'string' } } }) }, responses: { 204: { description: 'Changed; other sessions ended' }, ...errors(400, 401, 403, 422) } } },
      '/api/admin/users': {
        get: { summary: 'Accounts (admin)', responses: { 200: { description: 'OK' }, ...errors(401, 403) } },
        post: { summary: 'Create an account; the user sets a new password at first login (admin)', requestBody: { content: json({ type: 'object', required: ['username', 'password', 'roles'], properties: { username: { type: 'string' }, displayName: { type: 'string' }, password: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } }, editorTeams: { type: 'array', items: { type: 'string' } } } }) }, responses: { 201: { description: 'Created' }, 409: { description: 'Username taken', content: json(error) }, ...errors(400, 401, 403, 422) } },
      },
      '/api/admin/users/{id}': { patch: { summary: 'Change display name, roles, editable layers, or disable / re-enable (admin; never the last admin)', parameters: [idParam], responses: { 200: { description: 'OK' }, 409: { description: 'The last administrator', content: json(error) }, ...errors(400, 401, 403, 404, 422) } } },
      '/api/admin/users/{id}/reset-password': { post: { summary: 'Set a new password the user must change at next login (admin)', parameters: [idParam], responses: { 204: { description: 'Reset; the user\'s sessions ended' }, ...errors(400, 401, 403, 404, 422) } } },
      '/api/regions/counties': { get: { summary: 'Counties as GeoJSON', responses: { 200: { description: 'OK' } } } },
      '/api/regions/towns': { get: { summary: 'Towns as GeoJSON', parameters: [{ name: 'county', in: 'query', schema: { type: 'string' } }], responses: { 200: { description: 'OK' } } } },
      '/api/regions/villages': { get: { summary: 'Villages as GeoJSON', parameters: [{ name: 'town', in: 'query', schema: { type: 'string' } }, { name: 'shape', in: 'query', schema: { type: 'string', enum: ['committee', 'boundary'] } }], responses: { 200: { description: 'OK' } } } },
      '/api/layers': { get: { summary: 'Feature counts per layer', responses: { 200: { description: 'OK' } } } },
      '/api/features/{layer}': {
        get: { summary: 'List features (bbox, property filters, sort, paging)', parameters: [layerParam, ...['bbox', 'limit', 'offset', 'sort'].map((name) => ({ name, in: 'query', schema: { type: 'string' } }))], responses: { 200: { description: 'OK', content: json({ $ref: '#/components/schemas/FeatureCollection' }) }, ...errors(400, 401, 403, 404) } },
        post: { summary: 'Create a feature', parameters: [layerParam], requestBody: { required: true, content: json(feature) }, responses: { 201: { description: 'Created; ETag and Location headers', content: json(feature) }, ...errors(400, 401, 403, 409, 422) } },
      },
      '/api/features/{layer}/{id}': {
        get: { summary: 'One feature, with its ETag', parameters: [layerParam, idParam], responses: { 200: { description: 'OK', content: json(feature) }, ...errors(401, 404) } },
        patch: { summary: 'Update properties and/or geometry', parameters: [layerParam, idParam, ifMatch], requestBody: { required: true, content: json(feature) }, responses: { 200: { description: 'Updated', content: json(feature) }, ...errors(400, 401, 403, 404, 412, 422, 428) } },
        put: { summary: 'Replace a feature', parameters: [layerParam, idParam, ifMatch], requestBody: { required: true, content: json(feature) }, responses: { 200: { description: 'Replaced', content: json(feature) }, ...errors(400, 401, 403, 404, 412, 422, 428) } },
        delete: { summary: 'Delete a feature', parameters: [layerParam, idParam, ifMatch], responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 412, 428) } },
      },
      '/api/features/{layer}/{id}/history': { get: { summary: 'The audit trail of a feature', parameters: [layerParam, idParam], responses: { 200: { description: 'OK' }, ...errors(401, 404) } } },
      '/api/features/{layer}/{id}/revert': { post: { summary: 'Restore an earlier version (an audited write)', parameters: [layerParam, idParam, ifMatch], requestBody: { content: json({ type: 'object', required: ['version'], properties: { version: { type: 'integer' } } }) }, responses: { 200: { description: 'Reverted' }, ...errors(401, 403, 404, 412, 428) } } },
      '/api/water/sources/{id}/tests': {
        get: { summary: 'A water source\'s quality tests, newest first', parameters: [idParam], responses: { 200: { description: 'OK' }, ...errors(401, 404) } },
        post: { summary: 'Record a quality test (water editors); re-runs the checks', parameters: [idParam], requestBody: { required: true, content: json(z.toJSONSchema(WATER_TEST_SCHEMA, { target: 'openapi-3.0' })) }, responses: { 201: { description: 'Recorded' }, ...errors(400, 401, 403, 404, 422) } },
      },
      '/api/water/sources/{id}/tests/{testId}': { delete: { summary: 'Delete a quality test (water editors)', parameters: [idParam, { name: 'testId', in: 'path', required: true, schema: { type: 'integer' } }], responses: { 200: { description: 'Deleted' }, ...errors(401, 403, 404) } } },
      '/api/water/sources/{id}/groups': {
        get: { summary: 'The natural villages a source serves (ETag)', parameters: [idParam], responses: { 200: { description: 'OK' }, ...errors(401, 404) } },
        put: { summary: 'Replace the natural villages a source serves (water editors); re-runs the checks', parameters: [idParam, { ...ifMatch, schema: { type: 'string', example: '"g0123456789abcdef"' }, description: 'The ETag of the groups you loaded' }], requestBody: { required: true, content: json(z.toJSONSchema(SERVED_GROUPS_SCHEMA, { target: 'openapi-3.0' })) }, responses: { 200: { description: 'Replaced; the new ETag' }, ...errors(400, 401, 403, 404, 412, 422, 428) } },
      },
      '/api/water/sources/{id}/service-area': {
        get: { summary: 'A water source\'s service area (MultiPolygon or null), with an ETag', parameters: [idParam], responses: { 200: { description: 'OK' }, ...errors(401, 404) } },
        put: { summary: 'Set or remove a water source\'s service area (water editors): groups inside it are served; re-runs the checks', parameters: [idParam, { ...ifMatch, description: 'The ETag of the area you loaded' }], requestBody: { required: true, content: json({ type: 'object', required: ['geometry'], properties: { geometry: { type: 'object', nullable: true, description: 'GeoJSON Polygon or MultiPolygon' } } }) }, responses: { 200: { description: 'Set; the new ETag' }, ...errors(400, 401, 403, 404, 412, 422, 428) } },
      },
      '/api/villages/{code}/services': {
        get: { summary: 'A village\'s power, radio / TV and broadband (its latest statistics), with an ETag', parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'OK' }, ...errors(401, 404) } },
        patch: { summary: 'Change a village\'s power, radio / TV and broadband (infrastructure editors); re-judges the village', parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }, ifMatch], requestBody: { required: true, content: json(z.toJSONSchema(VILLAGE_SERVICES_SCHEMA, { target: 'openapi-3.0' })) }, responses: { 200: { description: 'Changed; the new ETag' }, ...errors(400, 401, 403, 404, 412, 422, 428) } },
      },
      '/api/standards/rules': { get: { summary: 'The rule catalogue', responses: { 200: { description: 'OK' } } } },
      '/api/standards/threshold-fields': { get: { summary: 'Every threshold with its label, type and allowed range', responses: { 200: { description: 'OK' } } } },
      '/api/standards/profiles': { get: { summary: 'Standards profiles (with whether verdicts were judged by each)', responses: { 200: { description: 'OK' } } }, post: { summary: 'Copy a profile with changed thresholds (admin)', responses: { 201: { description: 'Created' }, ...errors(400, 401, 403, 422) } } },
      '/api/standards/profiles/{id}': {
        get: { summary: 'One profile', parameters: [idParam], responses: { 200: { description: 'OK' }, ...errors(401, 404) } },
        patch: { summary: 'Edit names and thresholds of a profile nothing was judged by (admin)', parameters: [idParam], responses: { 200: { description: 'OK' }, 409: { description: 'In use: copy it instead', content: json(error) }, ...errors(400, 401, 403, 404, 422) } },
      },
      '/api/standards/profiles/{id}/diff': { get: { summary: 'Thresholds that differ from another profile (default: the one it was copied from)', parameters: [idParam, { name: 'against', in: 'query', schema: { type: 'integer' } }], responses: { 200: { description: 'OK' }, ...errors(400, 401, 404) } } },
      '/api/standards/profiles/{id}/activate': { post: { summary: 'Judge every county by this profile, then make it active: a job to poll (admin)', parameters: [idParam], responses: { 202: { description: 'Started' }, 409: { description: 'Another activation runs', content: json(error) }, ...errors(401, 403, 404) } } },
      '/api/admin/settings': {
        get: { summary: 'Runtime settings, the check distances of the active profile, limits (admin)', responses: { 200: { description: 'OK' }, ...errors(401, 403) } },
        patch: { summary: 'Change public read access and the basemap (admin)', responses: { 200: { description: 'OK' }, ...errors(400, 401, 403) } },
      },
      '/api/admin/settings/check-distances': { patch: { summary: 'New version of the active profile with other check distances, judged and activated as a job (admin)', responses: { 200: { description: 'Unchanged' }, 202: { description: 'Started' }, ...errors(400, 401, 403, 409, 422) } } },
      '/api/admin/counties/{id}': { put: { summary: 'Set a county\'s name and boundary (GeoJSON), or create it; re-checks it as a job (admin)', parameters: [idParam], responses: { 200: { description: 'Updated' }, 201: { description: 'Created' }, ...errors(400, 401, 403, 422) } } },
      '/api/admin/jobs/{id}': { get: { summary: 'A background job: state, progress, result (admin)', parameters: [idParam], responses: { 200: { description: 'OK' }, ...errors(401, 403, 404) } } },
      '/api/admin/audit': { get: { summary: 'The audit log, newest first, by user, layer, feature, action and time (admin)', parameters: ['user', 'layer', 'feature', 'action', 'from', 'to', 'limit', 'offset'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })), responses: { 200: { description: 'OK' }, ...errors(400, 401, 403) } } },
      '/api/admin/audit.csv': { get: { summary: 'The filtered audit log as CSV (admin)', responses: { 200: { description: 'text/csv' }, ...errors(400, 401, 403, 413) } } },
      '/api/admin/audit/{id}/revert': { post: { summary: 'Undo one change: the feature back to the state before it (audited; admin)', parameters: [idParam], responses: { 200: { description: 'Reverted' }, ...errors(401, 403, 404, 409, 422) } } },
      '/api/checks/runs': { post: { summary: 'Evaluate the standards (editors and admins)', responses: { 201: { description: 'Run summary' }, ...errors(400, 401, 403) } } },
      '/api/checks/summary': { get: { summary: 'Counts per rule and verdict, coverage', parameters: ['county', 'town', 'profile'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })), responses: { 200: { description: 'OK' } } } },
      '/api/checks/villages/{id}': { get: { summary: 'A village verdict sheet and exit readiness', parameters: [idParam], responses: { 200: { description: 'OK' }, ...errors(400, 404) } } },
      '/api/checks/layers/{layer}': { get: { summary: 'A layer with verdicts as properties', parameters: [layerParam], responses: { 200: { description: 'OK' }, ...errors(400, 404) } } },
      '/api/tiles/{layer}/tilejson.json': { get: { summary: 'TileJSON 3.0 of a layer', parameters: [layerParam], responses: { 200: { description: 'OK' }, ...errors(401, 404) } } },
      '/api/tiles/{layer}/{z}/{x}/{y}.mvt': {
        get: {
          summary: 'A vector tile of a layer with each feature\'s verdicts (ETag; 304 to If-None-Match)',
          parameters: [layerParam, ...['z', 'x', 'y'].map((name) => ({ name, in: 'path', required: true, schema: { type: 'integer' } })), { name: 'profile', in: 'query', schema: { type: 'integer' } }],
          responses: { 200: { description: 'application/vnd.mapbox-vector-tile' }, 304: { description: 'Unchanged' }, ...errors(400, 401, 404) },
        },
      },
      '/api/imports': {
        get: { summary: 'Committed imports (editors and admins)', parameters: [{ name: 'layer', in: 'query', schema: { type: 'string' } }], responses: { 200: { description: 'OK' }, ...errors(401, 403) } },
        post: { summary: 'Upload a file to import: the file as the body with layer, fileName and the read options (encoding, frame, delimiter, lonField, latField, wktField) in the query; or multipart with the same as form fields', responses: { 201: { description: 'The job, what the file holds, a suggested mapping and a sample' }, 413: { description: 'File too large or too many features', content: json(error) }, ...errors(400, 401, 403, 422) } },
      },
      '/api/imports/{id}': { get: { summary: 'An import job: state, progress, report, result', parameters: [idParam], responses: { 200: { description: 'OK' }, ...errors(401, 404) } } },
      '/api/imports/{id}/preview': { post: { summary: 'Read with options and map: the sample as it would be stored', parameters: [idParam], responses: { 200: { description: 'OK' }, ...errors(400, 401, 403, 404, 422) } } },
      '/api/imports/{id}/dry-run': { post: { summary: 'Validate every row without writing (202; poll or stream events)', parameters: [idParam], responses: { 202: { description: 'Started' }, ...errors(400, 401, 403, 404, 409, 422) } } },
      '/api/imports/{id}/commit': { post: { summary: 'Validate and write all or nothing, audited (202; poll or stream events)', parameters: [idParam], responses: { 202: { description: 'Started' }, ...errors(400, 401, 403, 404, 409, 422) } } },
      '/api/imports/{id}/cancel': { post: { summary: 'Stop a run and roll it back, or discard the upload', parameters: [idParam], responses: { 200: { description: 'Discarded' }, 202: { description: 'Stopping' }, ...errors(401, 404, 409) } } },
      '/api/imports/{id}/events': { get: { summary: 'Progress as server-sent events (progress …, done)', parameters: [idParam], responses: { 200: { description: 'text/event-stream' }, ...errors(401, 404) } } },
      '/api/exports/{layer}': {
        get: {
          summary: 'Export a layer or a filtered selection',
          parameters: [layerParam, ...[['format', ['geojson', 'csv', 'shapefile']], ['geometry', ['wkt', 'lonlat']], ['encoding', ['gbk', 'utf-8']], ['frame', ['wgs84', 'gcj02']]].map(([name, values]) => ({ name: name as string, in: 'query', schema: { type: 'string', enum: values } })), { name: 'bbox', in: 'query', schema: { type: 'string' } }],
          responses: { 200: { description: 'The file (Content-Disposition: attachment)' }, ...errors(400, 401, 404) },
        },
      },
      '/ogc': { get: { summary: 'OGC API Features landing page', responses: { 200: { description: 'OK' } } } },
      '/ogc/conformance': { get: { summary: 'Conformance classes', responses: { 200: { description: 'OK' } } } },
      '/ogc/collections': { get: { summary: 'One collection per layer', responses: { 200: { description: 'OK' } } } },
      '/ogc/collections/{collectionId}/queryables': { get: { summary: 'The properties a collection\'s items can be filtered by (JSON Schema)', parameters: [{ name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: LAYER_IDS } }], responses: { 200: { description: 'application/schema+json' }, ...errors(401, 404) } } },
      '/ogc/collections/{collectionId}/items': { get: { summary: 'Items (bbox, limit, offset, property filters)', parameters: [{ name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: LAYER_IDS } }], responses: { 200: { description: 'OK' } } } },
    },
  };
}

let cached: ReturnType<typeof buildOpenApi> | null = null;

/** `GET /api/openapi.json`. */
export const openApiRoutes = new Hono<AppEnv>().get('/', (c) => c.json((cached ??= buildOpenApi())));
