import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER_IDS } from '@cuntu/domain';
import { authHeaderFor, startPortal, type RunningPortal } from '@cuntu/testing';

const run = promisify(execFile);

/** GDAL's OGC API Features driver, as QGIS uses it, against a running portal (GDAL from Debian's gdal-bin). */
describe('GDAL (ogrinfo) reads every layer through /ogc', () => {
  let portal: RunningPortal;
  let ogr: (...args: string[]) => Promise<string>;

  beforeAll(async () => {
    portal = await startPortal();
    const { authorization } = await authHeaderFor(portal.request, 'viewer');
    ogr = async (...args) => (await run('ogrinfo', ['--config', 'GDAL_HTTP_HEADERS', `Authorization: ${authorization}`, '-ro', ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  });
  afterAll(() => portal?.stop());

  it('lists all collections', async () => {
    const out = await ogr('-so', '-q', `OAPIF:${portal.url}/ogc`);
    for (const layer of LAYER_IDS) expect(out, layer).toContain(layer);
  });

  it('reads features with their attributes and geometry, without personal data for a viewer', async () => {
    const sites = await ogr(`OAPIF:${portal.url}/ogc`, 'relocation_sites');
    expect(sites.match(/OGRFeature\(relocation_sites\)/g)?.length).toBe(10);
    expect(sites).toContain('安置点');
    expect(sites).toMatch(/POINT \(12\d\.\d+ 4\d\.\d+\)/);
    const houses = await ogr('-spat', '120.3', '42.8', '120.5', '43.0', `OAPIF:${portal.url}/ogc`, 'houses');
    expect(houses).toContain('OGRFeature(houses)');
    expect(houses).toContain('safetyRating');
    expect(houses).not.toContain('headIdNumber');
  });
});
