/**
 * Evidence photos through HTTP against the real server, on PGlite and PostGIS: `--photos` phone-sized
 * photos (4000 × 3000 JPEG with EXIF, about 4 MB each) uploaded to one house as the housing app sends
 * them (one request per file, `--parallel` at a time), then the house's list read and every thumbnail
 * fetched — the time from the first byte sent to the last thumbnail received, and each part of it;
 * then a snapshot PDF printing the first `MAX_SNAPSHOT_PHOTOS` of them after its map (the server reads
 * and downsizes each original). Prints the sizes, the times and the machine's load.
 *   npx tsx tools/bench/src/attachments.ts [--photos 20] [--parallel 1]
 */
import { parseArgs } from 'node:util';
import { MAX_SNAPSHOT_PHOTOS } from '@cuntu/briefing';
import { authHeaderFor, phonePhoto } from '@cuntu/testing';
import { benchPhoto } from './bench-photos';
import { onEachDriver } from './bench-databases';
import { startPortalProcess } from './portal-process';
import { machineLoad, percentile, seconds as s } from './figures';

const { values } = parseArgs({ options: { photos: { type: 'string', default: '20' }, parallel: { type: 'string', default: '1' } } });
const PHOTOS = Number(values.photos);
const PARALLEL = Number(values.parallel);

const photos: Buffer[] = [];
for (let i = 0; i < PHOTOS; i++) photos.push(await benchPhoto(i));
const megabytes = photos.reduce((sum, p) => sum + p.byteLength, 0) / 1048576;
console.log(`${PHOTOS} photos, 4000 × 3000, ${megabytes.toFixed(1)} MB in all (${(megabytes / PHOTOS).toFixed(2)} MB each), ${PARALLEL} at a time`);
console.log(['driver', 'upload s', 'per photo p50 / max s', 'list ms', 'thumbnails s', 'total s', 'thumbnail KB', `PDF with ${Math.min(PHOTOS, MAX_SNAPSHOT_PHOTOS)} photos s`, 'PDF KB', 'load 1/5/15 min'].join('\t'));
/** The map image of the snapshot: a small plain picture (what is timed is the photos' pages). */
const mapImage = await phonePhoto(undefined, { size: [1200, 800] });

await onEachDriver('cuntu-bench-attachments', async (driver, env) => {
  const portal = await startPortalProcess(env);
  try {
    const auth = await authHeaderFor((p, init) => fetch(`${portal.url}${p}`, init), 'editor-housing');
    const [house] = ((await (await fetch(`${portal.url}/api/features/houses?limit=1`, { headers: auth })).json()) as { features: Array<{ id: number }> }).features;
    const loadBefore = machineLoad();
    const started = performance.now();
    const each: number[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: PARALLEL }, async () => {
      while (next < photos.length) {
        const i = next++;
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(photos[i])], { type: 'image/jpeg' }), `IMG_${String(i).padStart(4, '0')}.jpg`);
        const t = performance.now();
        const r = await fetch(`${portal.url}/api/attachments?layer=houses&feature=${house.id}&purpose=before`, { method: 'POST', headers: auth, body: form });
        if (r.status !== 201) throw new Error(`upload ${i}: ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
        each.push(performance.now() - t);
      }
    }));
    const uploaded = performance.now();
    const list = (await (await fetch(`${portal.url}/api/attachments?layer=houses&feature=${house.id}`, { headers: auth })).json()) as { attachments: Array<{ id: number; thumbnailUrl: string }> };
    const listed = performance.now();
    const sizes = await Promise.all(list.attachments.map(async (a) => (await (await fetch(`${portal.url}${a.thumbnailUrl}`, { headers: auth })).arrayBuffer()).byteLength));
    const shown = performance.now();
    if (sizes.length !== PHOTOS) throw new Error(`${sizes.length} thumbnails for ${PHOTOS} photos`);
    const snapshot = new FormData();
    snapshot.set('spec', JSON.stringify({
      title: 'bench', paper: 'A4', orientation: 'landscape', dpi: 150, legend: [], summary: { heading: 'bench', rows: [] }, metresPerMm: 50, profile: 'bench',
      date: '2026-12-06', asOf: null, sampleNote: null, permalink: `${portal.url}/map`, photos: { heading: 'bench', ids: list.attachments.slice(0, MAX_SNAPSHOT_PHOTOS).map((a) => a.id) },
    }));
    snapshot.set('map', new Blob([new Uint8Array(mapImage)], { type: 'image/jpeg' }), 'map.jpg');
    const printing = performance.now();
    const pdf = await fetch(`${portal.url}/api/briefings/snapshot.pdf`, { method: 'POST', headers: auth, body: snapshot });
    if (pdf.status !== 200) throw new Error(`snapshot: ${pdf.status} ${await pdf.text()}`);
    const pdfBytes = (await pdf.arrayBuffer()).byteLength;
    const printed = performance.now();
    console.log([driver, s(uploaded - started), `${s(percentile(each, 50))} / ${s(Math.max(...each))}`, (listed - uploaded).toFixed(0), s(shown - listed), s(shown - started),
      (sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024).toFixed(0), s(printed - printing), (pdfBytes / 1024).toFixed(0), loadBefore].join('\t'));
  } finally {
    await portal.stop();
  }
});
