import { PHOTO_FAR_FROM_FEATURE_M, type Attachment } from '@cuntu/domain';
import { message, type Locale } from '@cuntu/messages';
import type { PhotoCard } from '@cuntu/briefing';

/**
 * What a printed photo says under it, in the catalogue's words as its panel says them: what it is
 * evidence of and its file, when its camera took it, and how far from its feature (in red when far).
 */
export function photoCaption(a: Attachment, locale: Locale): PhotoCard['caption'] {
  const what = a.purpose ? `${message(locale, `attachment.purpose.${a.purpose}`)} · ${a.fileName}` : a.fileName;
  const when = a.takenAt ? message(locale, 'attachment.takenAt', { at: a.takenAt }) : message(locale, 'attachment.takenAtUnknown');
  const where = a.far
    ? { text: message(locale, 'attachment.far', { metres: a.distanceM ?? 0, limit: PHOTO_FAR_FROM_FEATURE_M }), warn: true }
    : { text: a.distanceM !== null ? message(locale, 'attachment.distance', { metres: a.distanceM }) : message(locale, 'attachment.noPosition') };
  return [{ text: what }, { text: when }, where];
}
