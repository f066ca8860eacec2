import type { Context } from 'hono';
import { briefingsApi } from '@cuntu/api-contract';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { dashboardSpecSchema, layoutDashboard, layoutSnapshot, snapshotSpecSchema, type PhotoCard } from '@cuntu/briefing';
import { negotiateLocale } from '@cuntu/messages';
import { assertNoNul } from '../input-guard';
import type { AppEnv } from '../env';
import { contractRouter } from './contract-routes';
import { pdfAnswer } from './pdf-answer';
import { ApiError } from '../errors';
import { attachmentsService } from '../attachments/attachments.service';
import { photoCaption } from '../attachments/photo-caption';
import { attachmentContext } from './attachments.routes';

/** The largest upload a briefing takes (an A3 page at 300 dpi as JPEG is well under this). */
const MAX_UPLOAD_BYTES = 80 * 1024 * 1024;

const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8;
const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: () => {
    throw new ApiError(413, 'file_too_large', `上传超过 ${MAX_UPLOAD_BYTES / 1048576} MB / The upload is larger than ${MAX_UPLOAD_BYTES / 1048576} MB`);
  },
});

/** The page's content (`spec`, JSON, checked with `schema`) and its images (`names` → form field) from a multipart upload. */
async function readUpload<S extends z.ZodType>(c: Context<AppEnv>, schema: S, names: (spec: z.infer<S>) => Record<string, string>) {
  const form = await c.req.parseBody().catch(() => {
    throw new ApiError(400, 'invalid_upload', '请以 multipart/form-data 上传 / Send multipart/form-data');
  });
  let raw: unknown;
  try {
    raw = JSON.parse(String(form.spec ?? ''));
  } catch {
    throw new ApiError(400, 'invalid_json', 'spec 不是有效的 JSON / spec is not valid JSON');
  }
  assertNoNul(raw);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiError(400, 'invalid_body', '简报参数有误 / Invalid briefing', parsed.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message })));
  const spec = parsed.data as z.infer<S>;
  const images: Record<string, Uint8Array> = {};
  for (const [key, field] of Object.entries(names(spec))) {
    const file = form[field];
    if (!(file instanceof File)) throw new ApiError(400, 'invalid_upload', `缺少图像 ${field} / No image ${field}`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (!isJpeg(bytes) && !isPng(bytes)) throw new ApiError(415, 'unsupported_image', `${field} 须为 JPEG 或 PNG / ${field} must be JPEG or PNG`);
    images[key] = bytes;
  }
  return { spec, images };
}

/** The photos a snapshot names, as the reader may see them, each keyed for the layout with its caption in the reader's language. */
async function snapshotPhotos(c: Context<AppEnv>, ids: number[], images: Record<string, Uint8Array>): Promise<PhotoCard[]> {
  const ctx = attachmentContext(c);
  const locale = negotiateLocale(c.req.header('accept-language'));
  const cards: PhotoCard[] = [];
  for (const id of ids) {
    const { attachment, jpeg } = await attachmentsService.printable(ctx, id);
    const key = `photo-${id}`;
    images[key] = jpeg;
    cards.push({ key, caption: photoCaption(attachment, locale) });
  }
  return cards;
}

/**
 * Briefings as PDF. A snapshot: the map app renders the map image of the current view at the page's
 * resolution and sends it with the page's content (title, legend, checks summary, scale, …) and the
 * ids of the photos to print after it, which the server reads itself, as the reader may. A
 * dashboard: its figures and ranking, and its charts as images. The server lays the page out and
 * writes it with an embedded CJK font.
 */
export const briefingsRoutes = contractRouter()
  .openapi({ ...briefingsApi.routes.snapshot, middleware: uploadLimit }, async (c) => {
    const { spec, images } = await readUpload(c, snapshotSpecSchema, () => ({ map: 'map' }));
    const photos = spec.photos ? await snapshotPhotos(c, [...new Set(spec.photos.ids)], images) : [];
    return pdfAnswer(c, layoutSnapshot(spec, photos), images, { title: spec.title, subject: spec.subtitle }, `${spec.title}-${spec.date}.pdf`);
  })
  .openapi({ ...briefingsApi.routes.dashboard, middleware: uploadLimit }, async (c) => {
    const { spec, images } = await readUpload(c, dashboardSpecSchema, (s) => Object.fromEntries(s.charts.map((chart) => [chart.key, `chart-${chart.key}`])));
    return pdfAnswer(c, layoutDashboard(spec), images, { title: spec.title, subject: spec.subtitle }, `${spec.title}-${spec.date}.pdf`);
  });
