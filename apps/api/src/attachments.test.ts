import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { authHeaderFor, createJsonCaller, openTestDatabase, pdfText, phonePhoto as photo, PHONE_PHOTO_TAKEN_AT, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { findCjkFonts } from '@cuntu/briefing/pdf';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
/** A Windows executable's first bytes. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(120), Buffer.from('PE\x00\x00', 'latin1'), Buffer.alloc(400)]);

describe.each(TEST_DRIVERS)('attachments (佐证材料) on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const auth: Record<string, { authorization: string }> = {};
  const call = createJsonCaller((p, init) => app.request(p, init), auth);
  let house: { id: string; villageCode: string; lon: number; lat: number };
  let source: { id: string };
  const upload = async (user: string | null, layer: string, feature: string, files: Array<{ name: string; bytes: Buffer; type?: string }>, purpose?: string) => {
    const form = new FormData();
    for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
    const response = await app.request(`/api/attachments?layer=${layer}&feature=${feature}${purpose ? `&purpose=${purpose}` : ''}`, { method: 'POST', headers: user ? auth[user] : {}, body: form });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const stored = async () => (await database.rows<{ n: number }>(sql`SELECT (SELECT count(*) FROM attachments)::int + (SELECT count(*) FROM attachment_blobs)::int AS n`))[0].n;
  const bytesOf = async (url: string, user: string | null) => {
    const response = await app.request(url, { headers: user ? auth[user] : {} });
    return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), bytes: Buffer.from(await response.arrayBuffer()) };
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'leader', 'editor-roads', 'editor-water', 'editor-housing', 'admin']) auth[u] = await authHeaderFor(app.request, u);
    [house] = await database.rows(sql`SELECT id::text AS id, village_code AS "villageCode", ST_X(location) AS lon, ST_Y(location) AS lat FROM houses WHERE village_code IS NOT NULL ORDER BY id LIMIT 1`);
    [source] = await database.rows(sql`SELECT id::text AS id FROM water_sources ORDER BY id LIMIT 1`);
  });
  afterAll(() => database?.close());

  it('keeps a housing editor\'s photos and a report on a house: thumbnail, the camera\'s time and place, how far from the house', async () => {
    const near = await photo([house.lon + 0.0005, house.lat]);
    const far = await photo([house.lon + 0.035, house.lat]);
    const kept = await upload('editor-housing', 'houses', house.id, [
      { name: '改造前-正面.jpg', bytes: near, type: 'image/jpeg' }, { name: 'IMG_0002.JPG', bytes: far }, { name: '鉴定报告.pdf', bytes: PDF },
    ], 'before');
    expect(kept.status).toBe(201);
    const [front, elsewhere, report] = kept.body.attachments as Json[];
    expect(front).toMatchObject({ layer: 'houses', featureId: house.id, fileName: '改造前-正面.jpg', mediaType: 'image/jpeg', width: 1600, height: 1200, takenAt: PHONE_PHOTO_TAKEN_AT, far: false, purpose: 'before', uploadedBy: 'editor-housing' });
    expect(front.distanceM).toBeGreaterThan(20);
    expect(front.distanceM).toBeLessThan(80);
    // About 3 km east: flagged.
    expect(elsewhere.distanceM).toBeGreaterThan(2500);
    expect(elsewhere.far).toBe(true);
    expect(report).toMatchObject({ mediaType: 'application/pdf', thumbnailUrl: null, takenAt: null, takenWhere: null, distanceM: null });

    const thumb = await bytesOf(front.thumbnailUrl, 'editor-housing');
    expect(thumb.type).toBe('image/jpeg');
    const size = await sharp(thumb.bytes).metadata();
    expect(Math.max(size.width!, size.height!)).toBe(320);
    const original = await bytesOf(front.url, 'editor-housing');
    expect(original.bytes.equals(near)).toBe(true);
    expect(original.disposition).toContain(`filename*=UTF-8''${encodeURIComponent('改造前-正面.jpg')}`);
    const listed = await call('GET', `/api/attachments?layer=houses&feature=${house.id}`, 'editor-housing');
    expect(listed.body.attachments.map((a: Json) => a.id)).toEqual(expect.arrayContaining([front.id, elsewhere.id, report.id]));
    const audited = await database.rows<{ action: string }>(sql`SELECT action FROM audit_log WHERE layer = 'attachments' AND feature_id = ${String(front.id)}`);
    expect(audited.map((a) => a.action)).toEqual(['create']);
  });

  it('shows a house\'s photos to housing editors and administrators only: a viewer gets neither the list, the file, the thumbnail nor a name', async () => {
    const { body } = await call('GET', `/api/attachments?layer=houses&feature=${house.id}`, 'admin');
    const photoOf = body.attachments.find((a: Json) => a.thumbnailUrl) as Json;
    for (const user of ['viewer', 'leader', 'editor-roads']) {
      const list = await call('GET', `/api/attachments?layer=houses&feature=${house.id}`, user);
      expect(list.status, user).toBe(403);
      expect(JSON.stringify(list.body)).not.toContain('改造前');
      expect((await bytesOf(photoOf.url, user)).status, user).toBe(404);
      expect((await bytesOf(photoOf.thumbnailUrl, user)).status, user).toBe(404);
      const village = await call('GET', `/api/attachments?village=${house.villageCode}`, user);
      expect(village.status).toBe(200);
      expect(village.body.attachments.filter((a: Json) => a.layer === 'houses')).toEqual([]);
      expect(JSON.stringify(village.body)).not.toContain('改造前');
    }
    expect((await bytesOf(photoOf.url, null)).status).toBe(401);
    const own = await call('GET', `/api/attachments?village=${house.villageCode}`, 'editor-housing');
    expect(own.body.attachments.some((a: Json) => a.fileName === '改造前-正面.jpg')).toBe(true);
  });

  it('lets the water team attach a lab report to a source, seen by any reader; other teams may not attach to it', async () => {
    const kept = await upload('editor-water', 'water_sources', source.id, [{ name: '水质检测报告2025.pdf', bytes: PDF }], 'lab_report');
    expect(kept.status).toBe(201);
    const [report] = kept.body.attachments as Json[];
    const seen = await call('GET', `/api/attachments?layer=water_sources&feature=${source.id}`, 'viewer');
    expect(seen.body.attachments).toEqual([expect.objectContaining({ id: report.id, purpose: 'lab_report' })]);
    const file = await bytesOf(`${report.url}?download=1`, 'viewer');
    expect(file).toMatchObject({ status: 200, type: 'application/pdf' });
    expect(file.disposition).toMatch(/^attachment;/);
    expect((await upload('editor-roads', 'water_sources', source.id, [{ name: 'x.pdf', bytes: PDF }])).status).toBe(403);
    expect((await upload('viewer', 'water_sources', source.id, [{ name: 'x.pdf', bytes: PDF }])).status).toBe(403);
    expect((await upload('editor-water', 'houses', house.id, [{ name: 'x.pdf', bytes: PDF }])).status).toBe(403);
    expect((await upload('editor-water', 'water_sources', '999999999', [{ name: 'x.pdf', bytes: PDF }])).status).toBe(404);
  });

  it('refuses what is not what it says, an image bomb, a file over the limit and an unsupported type, naming each and keeping nothing', async () => {
    const before = await stored();
    const good = await photo();
    const refused = async (files: Array<{ name: string; bytes: Buffer }>, status: number, code: string, words: RegExp) => {
      const answer = await upload('editor-housing', 'houses', house.id, files);
      expect(answer.status, code).toBe(status);
      expect(answer.body.error.code).toBe(code);
      expect(answer.body.error.message).toMatch(words);
    };
    // An executable named .jpg, alone or beside a good photo: nothing of either is kept.
    await refused([{ name: 'photo.jpg', bytes: EXE }], 422, 'content_mismatch', /photo\.jpg/);
    await refused([{ name: 'good.jpg', bytes: good }, { name: '照片.jpg', bytes: EXE }], 422, 'content_mismatch', /照片\.jpg.*与文件名不符/);
    // 100 megapixels of one colour: a small file, refused from its header.
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    await refused([{ name: 'bomb.png', bytes: bomb }], 422, 'too_many_pixels', /100 百万像素.*60 百万像素/);
    // Over the limit for one file: 413 with the limit.
    await refused([{ name: '扫描件.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(26 * 1024 * 1024)]) }], 413, 'file_too_large', /25 MB/);
    // A GIF is an image we do not take; a Word file neither.
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    await refused([{ name: 'a.gif', bytes: gif }], 415, 'unsupported_type', /image\/gif/);
    await refused([{ name: 'empty.jpg', bytes: Buffer.alloc(0) }], 422, 'empty_file', /empty\.jpg/);
    expect(await stored()).toBe(before);
    const english = await app.request(`/api/attachments?layer=houses&feature=${house.id}`, {
      method: 'POST', headers: { ...auth['editor-housing'], 'accept-language': 'en' }, body: (() => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(EXE)]), 'photo.jpg');
        return form;
      })(),
    });
    expect(((await english.json()) as Json).error.message).toBe('The file “photo.jpg” holds application/x-msdownload, not what its name says: not stored');
  });

  it('removes an attachment (audited), brings it back, and the audit log\'s undo removes an upload again', async () => {
    const [kept] = (await upload('editor-housing', 'houses', house.id, [{ name: '改造后.jpg', bytes: await photo() }], 'after')).body.attachments as Json[];
    expect((await call('DELETE', `/api/attachments/${kept.id}`, 'editor-roads')).status).toBe(404);
    expect((await call('DELETE', `/api/attachments/${kept.id}`, 'editor-housing')).status).toBe(204);
    const ids = async () => (await call('GET', `/api/attachments?layer=houses&feature=${house.id}`, 'editor-housing')).body.attachments.map((a: Json) => a.id);
    expect(await ids()).not.toContain(kept.id);
    expect((await bytesOf(kept.url, 'editor-housing')).status).toBe(404);
    expect((await call('POST', `/api/attachments/${kept.id}/restore`, 'editor-housing')).status).toBe(200);
    expect(await ids()).toContain(kept.id);
    expect((await call('POST', `/api/attachments/${kept.id}/restore`, 'editor-housing')).status).toBe(409);
    const log = await database.rows<{ id: number; action: string }>(sql`SELECT id::int, action FROM audit_log WHERE layer = 'attachments' AND feature_id = ${String(kept.id)} ORDER BY id`);
    expect(log.map((e) => e.action)).toEqual(['create', 'delete', 'revert']);
    // The administrator undoes the upload: removed again, and that too is recorded.
    expect((await call('POST', `/api/admin/audit/${log[0].id}/revert`, 'admin')).status).toBe(200);
    expect(await ids()).not.toContain(kept.id);
    // …and undoes the removal: back.
    const [removal] = await database.rows<{ id: number }>(sql`SELECT id::int FROM audit_log WHERE layer = 'attachments' AND feature_id = ${String(kept.id)} AND action = 'delete' ORDER BY id DESC LIMIT 1`);
    expect((await call('POST', `/api/admin/audit/${removal.id}/revert`, 'admin')).status).toBe(200);
    expect(await ids()).toContain(kept.id);
  });

  it.skipIf(!findCjkFonts() && !process.env.CI)('prints a house\'s photos after the map of a snapshot, captioned, for those who may see them; a viewer naming them gets no PDF, a document is refused', async () => {
    const kept = await upload('editor-housing', 'houses', house.id, [
      { name: '竣工-正面.jpg', bytes: await photo([house.lon + 0.0004, house.lat]) }, { name: '竣工-侧面.jpg', bytes: await photo([house.lon + 0.04, house.lat]) },
      { name: '验收单.pdf', bytes: PDF },
    ], 'after');
    const [front, side, doc] = (kept.body.attachments as Json[]).map((a) => a.id as number);
    const map = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#eeeeee' } }).jpeg().toBuffer();
    const snapshot = (user: string, ids: number[]) => {
      const form = new FormData();
      form.set('spec', JSON.stringify({
        title: '张庄村危房改造', paper: 'A4', orientation: 'landscape', dpi: 72, legend: [], summary: { heading: '核查结果', rows: [] }, metresPerMm: 50,
        profile: 'national-2015 v1', date: '2026-12-06', asOf: null, sampleNote: null, permalink: 'http://localhost/map', photos: { heading: '张庄村农房的照片', ids },
      }));
      form.set('map', new Blob([new Uint8Array(map)]), 'map.jpg');
      return app.request('/api/briefings/snapshot.pdf', { method: 'POST', headers: auth[user], body: form });
    };
    const printed = await snapshot('editor-housing', [front, side]);
    expect(printed.status).toBe(200);
    const pdf = await pdfText(new Uint8Array(await printed.arrayBuffer()));
    expect(pdf.pages).toBe(2);
    const photoPage = pdf.runs.filter((r) => r.page === 2).map((r) => r.text).join('');
    for (const words of ['张庄村农房的照片', '改造后 · 竣工-正面.jpg', '改造后 · 竣工-侧面.jpg', `拍摄时间 ${PHONE_PHOTO_TAKEN_AT}`, '超过 500 米']) expect(photoPage).toContain(words);
    expect(pdf.runs.filter((r) => r.page === 1).map((r) => r.text).join('')).not.toContain('竣工-正面');

    for (const user of ['viewer', 'editor-roads']) {
      const refused = await snapshot(user, [front]);
      expect(refused.status, user).toBe(404);
      expect(JSON.stringify(await refused.json())).not.toContain('竣工');
    }
    const documentRefused = await snapshot('editor-housing', [front, doc]);
    expect(documentRefused.status).toBe(422);
    expect(((await documentRefused.json()) as Json).error).toMatchObject({ code: 'not_a_photo', message: expect.stringContaining('验收单.pdf') });
  });

  it('keeps the files in a directory beside the data when one is set, and none there after a refused upload', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-attachments-'));
    try {
      const inDir = createApp({ database, settings: { attachmentsDir: dir } });
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await photo())]), 'a.jpg');
      const response = await inDir.request(`/api/attachments?layer=houses&feature=${house.id}`, { method: 'POST', headers: auth['editor-housing'], body: form });
      expect(response.status).toBe(201);
      const [kept] = ((await response.json()) as Json).attachments as Json[];
      const files = (await readdir(dir, { recursive: true })).filter((f) => f.includes('-'));
      expect(files.filter((f) => !f.endsWith('.part'))).toHaveLength(2);
      const read = await inDir.request(kept.thumbnailUrl, { headers: auth['editor-housing'] });
      expect(read.status).toBe(200);
      const bad = new FormData();
      bad.append('file', new Blob([new Uint8Array(await photo())]), 'b.jpg');
      bad.append('file', new Blob([new Uint8Array(EXE)]), 'c.jpg');
      expect((await inDir.request(`/api/attachments?layer=houses&feature=${house.id}`, { method: 'POST', headers: auth['editor-housing'], body: bad })).status).toBe(422);
      expect((await readdir(dir, { recursive: true })).filter((f) => f.includes('-'))).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
