import { photoTakenWords, type Attachment } from '@cuntu/domain';
import { message, type Locale } from '@cuntu/messages';
import type { PhotoCard } from '@cuntu/briefing';

/**
 * What a printed photo says under it, in the reader's language: what it is evidence of and its file,
 * then when and where it was taken as its panel says it (in red when far from its feature).
 */
export function photoCaption(a: Attachment, locale: Locale): PhotoCard['caption'] {
  const what = a.purpose ? `${message(locale, `attachment.purpose.${a.purpose}`)} · ${a.fileName}` : a.fileName;
  const { when, where } = photoTakenWords(a, locale);
  return [{ text: what }, { text: when }, { text: where, warn: a.far }];
}
