import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaderFor, openTestDatabase, pdfText, type TestDatabase } from '@cuntu/testing';
import { findCjkFonts } from '@cuntu/briefing/pdf';
import { createApp } from './app';

/** A 1×1 JPEG: the smallest map image there is. */
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAA//EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AN//Z', 'base64');

const spec = {
  title: '奈曼旗核查图', subtitle: '', paper: 'A4', orientation: 'landscape', dpi: 72,
  legend: [{ layer: '道路', entries: [{ label: '达标', colour: '#2e9d4f', shape: 'line' }] }],
  summary: { heading: '核查结果', rows: [{ label: '行政村', value: '287' }] },
  metresPerMm: 300, profile: 'national-2015 v1', date: '2026-11-27', asOf: null, sampleNote: null, permalink: 'http://localhost/map',
};

/** A small valid PNG (solid colour), standing in for the map image. */
function png(width: number, height: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set([240, 236, 224], y * (width * 3 + 1) + 1 + x * 3);
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}

/** The briefing PDF endpoints: input checks, and the pages they write read back with pdf.js. */
describe('briefing snapshots over HTTP', () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let viewer: Record<string, string>;
  const post = (headers: Record<string, string>, fields: Record<string, string | Blob>, page: 'snapshot' | 'dashboard' = 'snapshot') => {
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return app.request(`/api/briefings/${page}.pdf`, { method: 'POST', headers, body });
  };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    app = createApp({ database });
    viewer = await authHeaderFor(app.request, 'viewer');
  });
  afterAll(() => database?.close());

  it('needs a login and refuses bad input with the reason', async () => {
    expect((await post({}, { spec: JSON.stringify(spec), map: new Blob([JPEG]) })).status).toBe(401);
    const bad = await post(viewer, { spec: JSON.stringify({ ...spec, dpi: 600, legend: [] }), map: new Blob([JPEG]) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: Array<{ field: string }> } }).error.details.map((d) => d.field)).toContain('dpi');
    expect((await post(viewer, { spec: '{', map: new Blob([JPEG]) })).status).toBe(400);
    expect((await post(viewer, { spec: JSON.stringify(spec), map: new Blob(['not an image']) })).status).toBe(415);
    expect((await post(viewer, { spec: JSON.stringify(spec) })).status).toBe(400);
  });

  it.skipIf(!findCjkFonts() && !process.env.CI)('answers a PDF to any reader', async () => {
    const response = await post(viewer, { spec: JSON.stringify(spec), map: new Blob([JPEG], { type: 'image/jpeg' }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('奈曼旗核查图'));
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it.skipIf(!findCjkFonts() && !process.env.CI)('lays out the page asked for, with readable Chinese: title, each legend entry, the profile and the date', async () => {
    const full = {
      ...spec, title: '奈曼旗农村基础设施核查图', subtitle: '通村硬化路与饮水安全', paper: 'A3', orientation: 'portrait', dpi: 150,
      legend: [
        { layer: '道路（路面宽度）', entries: [{ label: '达标', colour: '#2e9d4f', shape: 'line' }, { label: '不达标', colour: '#d64545', shape: 'line' }, { label: '数据缺失', colour: '#9a9a9a', shape: 'line' }] },
        { layer: '水源与供水工程', entries: [{ label: 'Water sources', colour: '#1f8fbf', shape: 'circle' }] },
      ],
      asOf: '2020-06-30', sampleNote: '样例数据：县界为真实边界，其余数据均为生成的样例',
    };
    const response = await post(viewer, { spec: JSON.stringify(full), map: new Blob([Buffer.from(png(64, 48))], { type: 'image/png' }) });
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { text, pages, widthPt, heightPt } = await pdfText(bytes);
    expect(pages).toBe(1);
    expect(widthPt).toBeCloseTo((297 / 25.4) * 72, 0);
    expect(heightPt).toBeCloseTo((420 / 25.4) * 72, 0);
    for (const s of ['奈曼旗农村基础设施核查图', '通村硬化路与饮水安全', '道路（路面宽度）', '水源与供水工程', '达标', '不达标', '数据缺失', 'national-2015 v1', '2026-11-27', '数据截至 2020-06-30', '样例数据']) {
      expect(text).toContain(s);
    }
    // The font is embedded (a subset), not referenced.
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/FontFile[23]?/);
  });

  const dashboard = {
    title: '奈曼旗概览', subtitle: '大沁他拉镇', figures: { heading: '主要指标', rows: [{ label: '达到退出标准的村', value: '12 / 20' }] },
    ranking: null, charts: [{ key: 'water', title: '饮水安全人口' }], profile: 'national-2015 v1', date: '2026-11-27', asOf: '2020-10-31', sampleNote: null,
  };

  it('needs each chart image it names, and writes the figures and chart titles in readable Chinese', async () => {
    const send = (fields: Record<string, string | Blob>) => post(viewer, fields, 'dashboard');
    expect((await send({ spec: JSON.stringify(dashboard) })).status).toBe(400);
    if (!findCjkFonts() && !process.env.CI) return;
    const response = await send({ spec: JSON.stringify(dashboard), 'chart-water': new Blob([Buffer.from(png(40, 30))], { type: 'image/png' }) });
    expect(response.status).toBe(200);
    const { text } = await pdfText(new Uint8Array(await response.arrayBuffer()));
    for (const s of ['奈曼旗概览', '大沁他拉镇', '主要指标', '达到退出标准的村', '12 / 20', '饮水安全人口', '数据截至 2020-10-31']) expect(text).toContain(s);
  });
});
