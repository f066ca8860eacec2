import { createHash } from 'node:crypto';
import exifr from 'exifr';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { ATTACHMENT_LIMITS, ATTACHMENT_TYPES, fileEnding, isAttachmentType, isImageType, type AttachmentType } from '@cuntu/domain';
import { ApiError } from '../errors';

/** What the server learns of an uploaded file before keeping it. */
export interface FileFacts {
  fileName: string;
  mediaType: AttachmentType;
  bytes: Uint8Array;
  sha256: string;
  /** An image's size as it is shown (turned as its camera said). */
  width: number | null;
  height: number | null;
  /** EXIF: when (the camera's own clock, 'YYYY-MM-DD HH:MM:SS') and where (longitude, latitude). */
  takenAt: string | null;
  takenWhere: [number, number] | null;
  /** A JPEG at most `thumbnailPx` on its longer side; null for documents. */
  thumbnail: Uint8Array | null;
}

const MB = 1024 * 1024;
const megabytes = (n: number) => Math.round((n / MB) * 10) / 10;

/** The type a name's ending promises, when it is one of ours. */
const typeOfEnding = (ending: string): AttachmentType | null =>
  (Object.entries(ATTACHMENT_TYPES) as Array<[AttachmentType, readonly string[]]>).find(([, endings]) => endings.includes(ending))?.[0] ?? null;

/**
 * Checks an uploaded file and reads what it holds: its real type from its content (never its name or
 * the browser's word), an image's size, when and where its camera says it was taken, and a thumbnail.
 * Refused with a 4xx naming the file: empty, over the size limit (413), of a type we do not take (415),
 * content other than its name says (an executable named `.jpg`), an image of more pixels than the limit
 * (an image bomb is refused from its header, before it is decoded), or an image that cannot be read.
 */
export async function readFileFacts(fileName: string, bytes: Uint8Array): Promise<FileFacts> {
  const file = fileName; // the name the messages give it
  if (bytes.byteLength === 0) throw new ApiError(422, 'empty_file', { key: 'error.attachmentEmpty', params: { file } });
  if (bytes.byteLength > ATTACHMENT_LIMITS.maxBytes) {
    throw new ApiError(413, 'file_too_large', { key: 'error.attachmentTooLarge', params: { file, size: megabytes(bytes.byteLength), limit: ATTACHMENT_LIMITS.maxBytes / MB } });
  }
  const found = (await fileTypeFromBuffer(bytes))?.mime ?? null;
  const ending = fileEnding(fileName);
  const promised = typeOfEnding(ending);
  const shown = found ?? (ending ? `.${ending}` : '?');
  if (promised && found !== promised) throw new ApiError(422, 'content_mismatch', { key: 'error.attachmentMismatch', params: { file, type: shown } });
  if (!found || !isAttachmentType(found)) throw new ApiError(415, 'unsupported_type', { key: 'error.attachmentUnsupported', params: { file, type: shown } });
  if (ending && !promised) throw new ApiError(422, 'content_mismatch', { key: 'error.attachmentMismatch', params: { file, type: shown } });
  const mediaType = found;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (!isImageType(mediaType)) return { fileName, mediaType, bytes, sha256, width: null, height: null, takenAt: null, takenWhere: null, thumbnail: null };
  return { fileName, mediaType, bytes, sha256, ...(await readImage(file, bytes)) };
}

async function readImage(file: string, bytes: Uint8Array) {
  const unreadable = () => new ApiError(422, 'unreadable_image', { key: 'error.attachmentUnreadable', params: { file } });
  // The header alone says how many pixels decoding would make: an image bomb stops here.
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata().catch(() => {
    throw unreadable();
  });
  if (!meta.width || !meta.height) throw unreadable();
  const pixels = meta.width * meta.height;
  if (pixels > ATTACHMENT_LIMITS.maxPixels) {
    throw new ApiError(422, 'too_many_pixels', { key: 'error.attachmentTooManyPixels', params: { file, megapixels: Math.round(pixels / 1e6), limit: ATTACHMENT_LIMITS.maxPixels / 1e6 } });
  }
  const turned = (meta.orientation ?? 1) >= 5;
  const thumbnail = await downsized(bytes, ATTACHMENT_LIMITS.thumbnailPx, 78).catch(() => {
    throw unreadable();
  });
  return { width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height, ...(await readExif(bytes)), thumbnail };
}

/** A kept image turned upright and made at most `longerSidePx` on its longer side (never larger), as JPEG. */
export async function downsized(bytes: Uint8Array, longerSidePx: number, quality: number): Promise<Uint8Array> {
  const jpeg = await sharp(bytes, { limitInputPixels: ATTACHMENT_LIMITS.maxPixels, failOn: 'error' })
    .rotate()
    .resize({ width: longerSidePx, height: longerSidePx, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality })
    .toBuffer();
  return new Uint8Array(jpeg);
}

/** The camera's time and position, when it wrote them; a file without EXIF, or with broken EXIF, has neither. */
async function readExif(bytes: Uint8Array): Promise<{ takenAt: string | null; takenWhere: [number, number] | null }> {
  const exif = (await exifr.parse(Buffer.from(bytes), { tiff: true, exif: true, gps: true, reviveValues: false, pick: ['DateTimeOriginal', 'CreateDate', 'DateTime', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'] }).catch(() => null)) as
    | { DateTimeOriginal?: string; CreateDate?: string; DateTime?: string; latitude?: number; longitude?: number }
    | null
    | undefined;
  if (!exif) return { takenAt: null, takenWhere: null };
  const written = exif.DateTimeOriginal ?? exif.CreateDate ?? exif.DateTime;
  const at = typeof written === 'string' ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(written) : null;
  const { latitude: lat, longitude: lon } = exif;
  const placed = typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0);
  return {
    takenAt: at ? `${at[1]}-${at[2]}-${at[3]} ${at[4]}:${at[5]}:${at[6]}` : null,
    takenWhere: placed ? [lon, lat] : null,
  };
}
