import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@cuntu/auth';
import { LAYER_IDS } from '@cuntu/domain';
import { MAP_LAYERS, qgisProject } from '@cuntu/map-kit';
import { authHeaderFor, startPortal, withDatabaseName, type RunningPortal } from '@cuntu/testing';

const run = promisify(execFile);
const HARNESS = fileURLToPath(new URL('../../../tools/desktop-clients/', import.meta.url));
/** Debian's python3, where python3-qgis and python3-owslib live (not a pyenv one). */
const PYTHON = '/usr/bin/python3';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const lines = (out: string) => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Json);

/**
 * The real desktop clients from Debian against a portal on PostGIS (issue 20): QGIS 3.22 headless logs in
 * with Basic and with a token, loads every collection and the tiles, renders them and opens the project
 * the map exports; OWSLib reads the service; GDAL filters with CQL2 and answers in a CRS as the portal
 * does; ogr2ogr's GeoPackage of a filtered layer imports back unchanged. `.ci/run` installs the clients.
 */
describe('desktop GIS clients (QGIS, OWSLib, GDAL) against a running portal', () => {
  let portal: RunningPortal;
  let database: string | null = null;
  let session: { authorization: string };
  let token: string;
  const api = (p: string, init: RequestInit = {}) => portal.request(p, { ...init, headers: { ...session, ...(init.headers ?? {}) } });
  const ogcJson = async (p: string) => (await (await api(p)).json()) as Json;

  beforeAll(async () => {
    // On the PostGIS server the tests use, in a database of its own; on PGlite where there is none.
    const server = process.env.TEST_DATABASE_URL;
    const env: Record<string, string> = {};
    if (server) {
      database = `cuntu_desktop_${process.pid}`;
      const admin = postgres(server, { max: 1, onnotice: () => undefined });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.unsafe(`CREATE DATABASE ${database}`);
      await admin.end();
      const fresh = postgres(withDatabaseName(server, database), { max: 1, onnotice: () => undefined });
      await fresh.unsafe('CREATE EXTENSION IF NOT EXISTS postgis');
      await fresh.end();
      env.DATABASE_URL = withDatabaseName(server, database);
    }
    portal = await startPortal({ env, timeoutMs: 180_000 });
    session = await authHeaderFor(portal.request, 'editor-roads');
    const created = await api('/api/me/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'desktop clients', scope: 'read', expiresInDays: 1 }) });
    token = ((await created.json()) as { token: string }).token;
  }, 240_000);
  afterAll(async () => {
    await portal?.stop();
    if (database && process.env.TEST_DATABASE_URL) {
      const admin = postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => undefined });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('QGIS logs in with Basic and with a token, loads every collection and the tiles, renders them, and opens the exported project', async () => {
    const counts = Object.fromEntries(await Promise.all(LAYER_IDS.map(async (layer) => [layer, (await ogcJson(`/ogc/collections/${layer}/items?limit=1`)).numberMatched])));
    const [w, s, e, n] = (await ogcJson('/ogc/collections/villages')).extent.spatial.bbox[0] as number[];
    // The project as the map's button makes it, with the layers the map shows when it opens.
    const directory = await mkdtemp(path.join(tmpdir(), 'cuntu-qgis-'));
    const project = path.join(directory, 'cuntu.qgs');
    await writeFile(project, qgisProject({
      title: '村图', ogcUrl: `${portal.url}/ogc`, token, extent: [w, s, e, n],
      layers: MAP_LAYERS.map((l) => ({ id: l.id, name: l.labelZh, visible: l.visible, colourBy: null })).map((l) => (l.id === 'roads' ? { ...l, colourBy: 'road.width' } : l)),
      verdictLabels: { pass: '达标', fail: '不达标', unknown: '数据缺失', none: '无核查结论' },
    }));
    const password = DEMO_USERS.find((u) => u.username === 'editor-roads')!.password;
    const { stdout } = await run(PYTHON, [path.join(HARNESS, 'qgis_check.py'), portal.url, 'editor-roads', password, token, project], {
      env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', CUNTU_COLLECTIONS: JSON.stringify(LAYER_IDS), CUNTU_EXTENT: JSON.stringify([w, s, e, n]) },
      maxBuffer: 16 * 1024 * 1024, timeout: 600_000,
    });
    const checks = Object.fromEntries(lines(stdout).map((c) => [c.check, c]));
    for (const auth of ['basic', 'token']) {
      expect(checks[`oapif-${auth}`]?.ok, auth).toBe(true);
      expect(checks[`oapif-${auth}`].counts, auth).toEqual(counts);
    }
    expect(checks['oapif-render'].colours).toBeGreaterThan(20);
    expect(checks['tiles-render'].colours.basic).toBeGreaterThan(20);
    expect(checks['tiles-render'].colours.token).toBeGreaterThan(20);
    expect(checks.project.ok, JSON.stringify(checks.project)).toBe(true);
    expect(Object.keys(checks.project.layers)).toHaveLength(MAP_LAYERS.length);
    expect(checks.project.layers['道路']).toMatchObject({ valid: true, features: counts.roads, renderer: 'QgsCategorizedSymbolRenderer' });
    expect(checks.project.colours).toBeGreaterThan(20);
  }, 600_000);

  it('OWSLib reads the landing page, conformance, collections and items', async () => {
    const { stdout } = await run(PYTHON, [path.join(HARNESS, 'owslib_check.py'), portal.url, token], { timeout: 120_000 });
    const checks = lines(stdout);
    expect(checks.map((c) => c.check)).toEqual(['landing', 'conformance', 'collections', 'items']);
    for (const check of checks) expect(check.ok, JSON.stringify(check)).toBe(true);
    expect(checks[2].ids.sort()).toEqual([...LAYER_IDS].sort());
  }, 180_000);

  it('GDAL filters with CQL2 and gives coordinates in a Gauss–Krüger zone as the portal does; ogr2ogr\'s GeoPackage of the selection imports back unchanged', async () => {
    const filter = "roadClass = 'township' AND widthM >= 6";
    const headers = ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`];
    const source = `OAPIF:${portal.url}/ogc?filter=${encodeURIComponent(filter)}`;
    const expected = await ogcJson(`/ogc/collections/roads/items?limit=1000&filter=${encodeURIComponent(filter)}`);
    expect(expected.numberMatched).toBeGreaterThan(2);
    const info = (await run('ogrinfo', [...headers, '-ro', '-so', source, 'roads'])).stdout;
    expect(info).toContain(`Feature Count: ${expected.numberMatched}`);

    // The same selection in CGCS2000 zone 40 (EPSG:4528): GDAL's own transformation, and the portal's (crs=…), agree to the centimetre.
    const directory = await mkdtemp(path.join(tmpdir(), 'cuntu-gdal-'));
    const projected = path.join(directory, 'zone40.geojson');
    await run('ogr2ogr', [...headers, '-f', 'GeoJSON', '-t_srs', 'EPSG:4528', projected, source, 'roads']);
    const gdal = JSON.parse(await readFile(projected, 'utf8')) as Json;
    const ours = await ogcJson(`/ogc/collections/roads/items?limit=1000&filter=${encodeURIComponent(filter)}&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4528')}`);
    const byId = new Map(ours.features.map((f: Json) => [f.id, f.geometry.coordinates]));
    expect(gdal.features).toHaveLength(expected.numberMatched);
    for (const feature of gdal.features) {
      const [x, y] = feature.geometry.coordinates[0];
      // GeoJSON from GDAL is easting first; EPSG:4528's registered order (the portal's answer) is northing first.
      const [northing, easting] = (byId.get(feature.properties.id) as number[][])[0];
      expect(Math.abs(x - easting)).toBeLessThan(0.01);
      expect(Math.abs(y - northing)).toBeLessThan(0.01);
    }

    const gpkg = path.join(directory, 'selection.gpkg');
    await run('ogr2ogr', [...headers, '-f', 'GPKG', gpkg, source, 'roads']);
    const snapshot = async () => ((await ogcJson(`/ogc/collections/roads/items?limit=1000&filter=${encodeURIComponent(filter)}`)).features as Json[])
      .map((f) => ({ id: f.id, geometry: f.geometry, properties: { ...f.properties, version: undefined, updatedAt: undefined, updatedBy: undefined } }));
    const before = await snapshot();
    const uploaded = (await (await api(`/api/imports?layer=roads&fileName=selection.gpkg`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: await readFile(gpkg) })).json()) as Json;
    expect(uploaded.inspection.format).toBe('gpkg');
    const mapping = uploaded.inspection.suggestedMapping;
    expect(mapping.externalId).toBe('externalId');
    const started = await api(`/api/imports/${uploaded.id}/commit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mapping }) });
    expect(started.status).toBe(202);
    let job: Json = {};
    for (let i = 0; i < 600 && job.state !== 'committed' && job.state !== 'rejected' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await api(`/api/imports/${uploaded.id}`)).json()) as Json;
    }
    expect(job.state, JSON.stringify(job.report?.problems?.slice(0, 3))).toBe('committed');
    expect(job.result).toMatchObject({ created: 0, updated: expected.numberMatched });
    expect(await snapshot()).toEqual(before);
  }, 300_000);
});
