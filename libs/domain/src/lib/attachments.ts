import { z } from 'zod';
import { message, type Locale } from '@cuntu/messages';
import { LAYER_IDS, LAYERS, type LayerDefinition, type LayerId } from './layers';
import { canSeePersonalData, canWriteLayer, type Principal } from './permissions';

/**
 * 佐证材料: photos, lab reports and scans kept on a feature as evidence (照片资料, 有据可查). What may be
 * attached, how large, and who may see and change a feature's attachments.
 */

/** Where attachment changes are recorded in the audit log (`record.attachments` in the catalogue). */
export const ATTACHMENT_RECORD = { kind: 'attachments' } as const;

/** The kinds of file taken, by the type their content shows, with the file-name endings each may carry. */
export const ATTACHMENT_TYPES = {
  'image/jpeg': ['jpg', 'jpeg', 'jfif'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/tiff': ['tif', 'tiff'],
  'application/pdf': ['pdf'],
} as const satisfies Record<string, readonly string[]>;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;
export const isAttachmentType = (type: string): type is AttachmentType => Object.hasOwn(ATTACHMENT_TYPES, type);
/** A photo or scan as an image (what the workflow's evidence counts, as the API's query does). */
export const isImageType = (type: string) => type.startsWith('image/');

export const ATTACHMENT_LIMITS = {
  /** One file (a phone photo is 3–6 MB; a scanned report rarely over 10 MB). */
  maxBytes: 25 * 1024 * 1024,
  /** One upload, all its files together. */
  maxUploadBytes: 120 * 1024 * 1024,
  /** Files in one upload. */
  maxFiles: 30,
  /** An image's pixels (a 48-megapixel phone camera fits; an image bomb of 100 megapixels does not). */
  maxPixels: 60_000_000,
  /** The longer side of a thumbnail, in pixels. */
  thumbnailPx: 320,
} as const;

/** A photo taken farther than this from its feature is flagged (taken elsewhere, or of something else). */
export const PHOTO_FAR_FROM_FEATURE_M = 500;

/** The file-name ending, lower case, without the dot ('' when there is none). */
export const fileEnding = (fileName: string) => (/\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1] ?? '').toLowerCase();

/** Whether a reader may see a layer's attachments at all (its features' visibility is checked apart). */
export const canSeeAttachments = (p: Principal | null, layer: LayerId): boolean =>
  !!p && (!(LAYERS[layer] as LayerDefinition).personalAttachments || canSeePersonalData(p));

/** Whether a reader may add and remove a layer's attachments: its writers, who may also see them. */
export const canChangeAttachments = (p: Principal | null, layer: LayerId): boolean => canWriteLayer(p, layer) && canSeeAttachments(p, layer);

/** What an attachment is evidence of in a workflow (`attachment.purpose.<purpose>` in the catalogue); none for a plain photo. */
export const ATTACHMENT_PURPOSES = ['before', 'after', 'lab_report', 'acceptance'] as const;
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];

/** An attachment as the API sends it. */
export const attachmentSchema = z.object({
  id: z.number().int(),
  layer: z.enum(LAYER_IDS),
  featureId: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  byteSize: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  takenAt: z.string().nullable().meta({ description: 'When the camera says it was taken, in its own clock: YYYY-MM-DD HH:MM:SS' }),
  takenWhere: z.tuple([z.number(), z.number()]).nullable().meta({ description: 'Where the camera says it was taken: longitude, latitude' }),
  distanceM: z.number().nullable().meta({ description: 'How far from the feature it was taken, in metres' }),
  far: z.boolean().meta({ description: `Taken farther than ${PHOTO_FAR_FROM_FEATURE_M} m from the feature` }),
  purpose: z.enum(ATTACHMENT_PURPOSES).nullable(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  url: z.string(),
  thumbnailUrl: z.string().nullable(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/**
 * When and where a photo was taken, in the catalogue's words, as its panel and a printed snapshot say
 * them: its camera's time (or that it kept none), and how far from its feature — a warning when farther
 * than `PHOTO_FAR_FROM_FEATURE_M` (`far`), or that the camera kept no position.
 */
export function photoTakenWords(a: Pick<Attachment, 'takenAt' | 'distanceM' | 'far'>, locale: Locale): { when: string; where: string } {
  const when = a.takenAt ? message(locale, 'attachment.takenAt', { at: a.takenAt }) : message(locale, 'attachment.takenAtUnknown');
  if (a.distanceM === null) return { when, where: message(locale, 'attachment.noPosition') };
  return { when, where: a.far ? message(locale, 'attachment.far', { metres: a.distanceM, limit: PHOTO_FAR_FROM_FEATURE_M }) : message(locale, 'attachment.distance', { metres: a.distanceM }) };
}
