import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { attachmentsApi } from '@cuntu/api-contract';
import { ATTACHMENT_LIMITS, isLayerId, type LayerId } from '@cuntu/domain';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { featureContext } from './features.routes';
import { attachmentsService, type AttachmentContext } from '../attachments/attachments.service';
import { attachment } from '../imports/read-file';
import { contractRouter } from './contract-routes';

const { routes } = attachmentsApi;

/** Who is asking, where, and the store the files are kept in. */
export const attachmentContext = (c: Context<AppEnv>): AttachmentContext => ({ ...featureContext(c), store: c.get('attachmentStore') });

const layerOf = (name: string | undefined): LayerId => {
  if (!name || !isLayerId(name)) throw new ApiError(404, 'unknown_layer', { key: 'error.unknownLayer', params: { layer: name ?? '' } });
  return name;
};

const idOf = (c: Context<AppEnv>) => {
  const id = c.req.param('id') ?? '';
  if (!/^\d{1,15}$/.test(id)) throw new ApiError(404, 'attachment_not_found', { key: 'error.attachmentNotFound', params: { id } });
  return Number(id);
};

/** Refuses an upload over the limit before it is read. */
const uploadLimit = bodyLimit({
  maxSize: ATTACHMENT_LIMITS.maxUploadBytes,
  onError: () => {
    throw new ApiError(413, 'upload_too_large', { key: 'error.attachmentUploadTooLarge', params: { limit: ATTACHMENT_LIMITS.maxUploadBytes / 1048576 } });
  },
});

/** The files of a multipart upload (every `file` field). */
async function uploadedFiles(c: Context<AppEnv>): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const form = await c.req.parseBody({ all: true }).catch(() => {
    throw new ApiError(400, 'no_files', { key: 'error.attachmentNoFiles' });
  });
  const given = form.file;
  const files = (Array.isArray(given) ? given : given === undefined ? [] : [given]).filter((f): f is File => f instanceof File);
  return Promise.all(files.map(async (f) => ({ name: f.name || 'file', bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/**
 * 佐证材料: photos and documents on any feature. Reading them follows the feature (and a household's
 * photos follow its personal data); adding and removing them follows the layer's editors; each
 * upload and removal is audited and may be undone.
 */
export const attachmentsRoutes = contractRouter()
  .openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    if (q.village) return c.json({ attachments: await attachmentsService.ofVillage(attachmentContext(c), q.village) }, 200);
    if (!q.layer || !q.feature) throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, [{ field: q.layer ? 'feature' : 'layer', problem: 'required' }]);
    return c.json({ attachments: await attachmentsService.ofFeature(attachmentContext(c), layerOf(q.layer), q.feature) }, 200);
  })
  .openapi({ ...routes.upload, middleware: uploadLimit }, async (c) => {
    const q = c.req.valid('query');
    const layer = layerOf(q.layer);
    const kept = await attachmentsService.upload(attachmentContext(c), layer, q.feature, await uploadedFiles(c), q.purpose ?? null);
    return c.json({ attachments: kept }, 201);
  })
  .openapi(routes.file, async (c) => {
    const { row, bytes } = await attachmentsService.content(attachmentContext(c), idOf(c), 'file');
    const kind = c.req.valid('query').download ? 'attachment' : 'inline';
    return c.body(bytes as unknown as ArrayBuffer, 200, {
      'content-type': row.mediaType, 'content-disposition': attachment(row.fileName, kind), 'cache-control': 'private, max-age=86400, immutable',
      // Its type is the one its content showed (never the name's); nothing may sniff another.
      'x-content-type-options': 'nosniff',
    }) as never;
  })
  .openapi(routes.thumbnail, async (c) => {
    const { bytes } = await attachmentsService.content(attachmentContext(c), idOf(c), 'thumbnail');
    return c.body(bytes as unknown as ArrayBuffer, 200, { 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=86400, immutable', 'x-content-type-options': 'nosniff' }) as never;
  })
  .openapi(routes.remove, async (c) => {
    await attachmentsService.remove(attachmentContext(c), idOf(c));
    return c.body(null, 204);
  })
  .openapi(routes.restore, async (c) => c.json(await attachmentsService.restore(attachmentContext(c), idOf(c)), 200));
