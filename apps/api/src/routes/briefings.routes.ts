import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { layoutSnapshot, snapshotSpecSchema } from '@cuntu/briefing';
import { findCjkFonts, renderSnapshotPdf } from '@cuntu/briefing/pdf';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

/** The largest map image a snapshot takes (an A3 page at 300 dpi as JPEG is well under this). */
const MAX_UPLOAD_BYTES = 80 * 1024 * 1024;

const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8;
const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/**
 * Briefing snapshots as PDF: the map app renders the map image of the current view at the page's
 * resolution and sends it with the page's content (title, legend, checks summary, scale, …); the server
 * lays the page out and writes it with an embedded CJK font.
 */
export const briefingsRoutes = new Hono<AppEnv>().post(
  '/snapshot.pdf',
  bodyLimit({
    maxSize: MAX_UPLOAD_BYTES,
    onError: () => {
      throw new ApiError(413, 'file_too_large', `地图图像超过 ${MAX_UPLOAD_BYTES / 1048576} MB / The map image is larger than ${MAX_UPLOAD_BYTES / 1048576} MB`);
    },
  }),
  async (c) => {
    const form = await c.req.parseBody().catch(() => {
      throw new ApiError(400, 'invalid_upload', '请以 multipart/form-data 上传 spec 与 map / Send multipart/form-data with spec and map');
    });
    let raw: unknown;
    try {
      raw = JSON.parse(String(form.spec ?? ''));
    } catch {
      throw new ApiError(400, 'invalid_json', 'spec 不是有效的 JSON / spec is not valid JSON');
    }
    const parsed = snapshotSpecSchema.safeParse(raw);
    if (!parsed.success) throw new ApiError(400, 'invalid_body', '快照参数有误 / Invalid snapshot', parsed.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message })));
    const map = form.map;
    if (!(map instanceof File)) throw new ApiError(400, 'invalid_upload', '缺少地图图像 / No map image');
    const image = new Uint8Array(await map.arrayBuffer());
    if (!isJpeg(image) && !isPng(image)) throw new ApiError(415, 'unsupported_image', '地图图像须为 JPEG 或 PNG / The map image must be JPEG or PNG');
    const fonts = findCjkFonts();
    if (!fonts) throw new ApiError(503, 'pdf_font_missing', '服务器未安装中文字体（fonts-noto-cjk 或 CUNTU_PDF_FONT）/ No CJK font installed on the server');
    const spec = parsed.data;
    const pdf = await renderSnapshotPdf(layoutSnapshot(spec), image, fonts, { title: spec.title, subject: spec.subtitle });
    const name = encodeURIComponent(`${spec.title}-${spec.date}.pdf`);
    return c.body(pdf as unknown as ArrayBuffer, 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename*=UTF-8''${name}` });
  },
);
