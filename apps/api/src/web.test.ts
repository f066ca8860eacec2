import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { brotliDecompressSync, brotliCompressSync, gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { MAP_OPENING_READS } from '@cuntu/api-contract';
import { mountWebApps, openingAssets } from './web';

/** The map's build manifest as Vite and module federation write it, cut down: an entry, what it exposes, shared fallbacks. */
const MAP_MANIFEST = {
  'virtual:mf-REMOTE_ENTRY_ID:map': { file: 'remoteEntry.js', imports: ['_dist.js', '_helpers.js'], dynamicImports: ['src/App.vue', 'virtual:mf-localSharedImportMap:map'] },
  '_dist.js': { file: 'assets/dist.js', imports: ['_utils.js'] },
  '_helpers.js': { file: 'assets/helpers.js', imports: ['_utils.js'] },
  '_utils.js': { file: 'assets/utils.js' },
  'src/App.vue': { file: 'assets/App-entry.js', isEntry: true, imports: ['_App.js'] },
  '_App.js': { file: 'assets/App.js', imports: ['_loadShare.js'], dynamicImports: ['../../node_modules/@e965/xlsx/xlsx.mjs'], css: ['assets/App.css'] },
  '_loadShare.js': { file: 'assets/loadShare.js', dynamicImports: ['../../node_modules/maplibre-gl/dist/maplibre-gl.mjs'] },
  'virtual:mf-localSharedImportMap:map': { file: 'assets/localSharedImportMap.js', isDynamicEntry: true, imports: ['_dist.js'] },
  '../../node_modules/maplibre-gl/dist/maplibre-gl.mjs': { file: 'assets/maplibre-gl.js', isDynamicEntry: true },
  '../../node_modules/@e965/xlsx/xlsx.mjs': { file: 'assets/xlsx.js', isDynamicEntry: true },
};

const APP_CHUNK = `export const app = ${JSON.stringify('村图 '.repeat(2000))};`;

describe('the shell\'s page names the opening micro-app\'s chunks for the browser to fetch at once', () => {
  let apps: string;
  let app: OpenAPIHono<AppEnv>;
  beforeAll(() => {
    apps = mkdtempSync(path.join(os.tmpdir(), 'cuntu-web-'));
    mkdirSync(path.join(apps, 'shell', 'dist'), { recursive: true });
    writeFileSync(path.join(apps, 'shell', 'dist', 'index.html'), '<!doctype html><html><head><title>村图</title></head><body><div id="app"></div></body></html>');
    mkdirSync(path.join(apps, 'map', 'dist', '.vite'), { recursive: true });
    writeFileSync(path.join(apps, 'map', 'dist', '.vite', 'manifest.json'), JSON.stringify(MAP_MANIFEST));
    writeFileSync(path.join(apps, 'map', 'dist', 'remoteEntry.js'), 'export const entry = 1;');
    mkdirSync(path.join(apps, 'map', 'dist', 'assets'), { recursive: true });
    writeFileSync(path.join(apps, 'map', 'dist', 'assets', 'App.js'), APP_CHUNK);
    writeFileSync(path.join(apps, 'map', 'dist', 'assets', 'App.js.br'), brotliCompressSync(APP_CHUNK));
    writeFileSync(path.join(apps, 'map', 'dist', 'assets', 'App.js.gz'), gzipSync(APP_CHUNK));
    // Built without a manifest: its pages are the shell's page as built.
    mkdirSync(path.join(apps, 'water', 'dist'), { recursive: true });
    writeFileSync(path.join(apps, 'water', 'dist', 'remoteEntry.js'), 'export const entry = 2;');
    app = new OpenAPIHono<AppEnv>();
    mountWebApps(app, apps);
  });
  afterAll(() => rmSync(apps, { recursive: true, force: true }));

  it('takes from the manifest the entry, what it always loads and all they import, not what is loaded only when asked', () => {
    const assets = openingAssets(path.join(apps, 'map', 'dist'), '/apps/map/');
    expect(assets!.scripts.sort()).toEqual(['remoteEntry.js', 'assets/dist.js', 'assets/helpers.js', 'assets/utils.js', 'assets/App-entry.js', 'assets/App.js', 'assets/loadShare.js', 'assets/localSharedImportMap.js'].map((f) => `/apps/map/${f}`).sort());
    expect(assets!.styles).toEqual(['/apps/map/assets/App.css']);
    expect(openingAssets(path.join(apps, 'water', 'dist'), '/apps/water/')).toBeNull();
  });

  it('names them on the pages that open on the map, and on no other', async () => {
    for (const page of ['/', '/map', '/map/villages/150525100201']) {
      const answer = await app.request(page);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await answer.text();
      expect(html, page).toContain('<link rel="modulepreload" crossorigin href="/apps/map/remoteEntry.js">');
      expect(html, page).toContain('<link rel="modulepreload" crossorigin href="/apps/map/assets/App.js">');
      expect(html, page).toContain('<link rel="preload" as="style" href="/apps/map/assets/App.css">');
      expect(html, page).not.toContain('maplibre-gl.js');
      expect(html, page).not.toContain('xlsx.js');
      expect(html.indexOf('modulepreload')).toBeLessThan(html.indexOf('</head>'));
    }
    for (const page of ['/water', '/admin/accounts', '/login']) {
      const html = await (await app.request(page)).text();
      expect(html, page).toContain('<div id="app">');
      expect(html, page).not.toContain('modulepreload');
    }
    // The files themselves are served as before.
    expect(await (await app.request('/apps/map/remoteEntry.js')).text()).toBe('export const entry = 1;');
  });

  it('names the map\'s opening reads for a browser with a session to fetch with the page, and for no other', async () => {
    const links = MAP_OPENING_READS.map((href) => `<link rel="preload" as="fetch" crossorigin href="${href}">`);
    expect(MAP_OPENING_READS).toContain('/api/regions/towns');
    for (const page of ['/', '/map']) {
      const html = await (await app.request(page, { headers: { cookie: 'cuntu_session=abc' } })).text();
      for (const link of links) expect(html, page).toContain(link);
      expect(html.indexOf(links[0])).toBeLessThan(html.indexOf('</head>'));
      // Without a session they would be refused: the login page asks for none of them.
      const anonymous = await (await app.request(page)).text();
      expect(anonymous, page).not.toContain('as="fetch"');
      expect(anonymous, page).toContain('modulepreload');
    }
    for (const page of ['/water', '/admin/accounts']) {
      expect(await (await app.request(page, { headers: { cookie: 'cuntu_session=abc' } })).text(), page).not.toContain('as="fetch"');
    }
  });

  it('serves built files compressed to browsers that take it, content-named ones kept a year, the rest asked again', async () => {
    const brotli = await app.request('/apps/map/assets/App.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(brotli.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const bytes = Buffer.from(await brotli.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(APP_CHUNK) / 10);
    expect(brotliDecompressSync(bytes).toString()).toBe(APP_CHUNK);
    expect((await app.request('/apps/map/assets/App.js', { headers: { 'Accept-Encoding': 'gzip' } })).headers.get('content-encoding')).toBe('gzip');
    const plain = await app.request('/apps/map/assets/App.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(APP_CHUNK);
    // Not named by its content: the browser asks again each time.
    expect((await app.request('/apps/map/remoteEntry.js')).headers.get('cache-control')).toBe('no-cache');
  });
});
