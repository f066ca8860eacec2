import { existsSync } from 'node:fs';
import type { PdfFont } from './render-pdf';

/** Where Debian's `fonts-noto-cjk` puts its collections, and the Simplified Chinese faces in them. */
const NOTO = [
  { regular: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc' },
];

/**
 * The CJK fonts to embed in PDFs: `CUNTU_PDF_FONT` (and `CUNTU_PDF_FONT_BOLD`; a .ttf/.otf, or a .ttc
 * with `CUNTU_PDF_FONT_FAMILY`), else Debian's Noto Sans CJK SC. Null when none is installed.
 */
export function findCjkFonts(env: NodeJS.ProcessEnv = process.env): { regular: PdfFont; bold?: PdfFont } | null {
  if (env.CUNTU_PDF_FONT) {
    if (!existsSync(env.CUNTU_PDF_FONT)) return null;
    const family = env.CUNTU_PDF_FONT_FAMILY;
    return { regular: { path: env.CUNTU_PDF_FONT, family }, bold: env.CUNTU_PDF_FONT_BOLD ? { path: env.CUNTU_PDF_FONT_BOLD, family: env.CUNTU_PDF_FONT_BOLD_FAMILY } : undefined };
  }
  for (const n of NOTO) {
    if (existsSync(n.regular)) {
      return { regular: { path: n.regular, family: 'NotoSansCJKsc-Regular' }, bold: existsSync(n.bold) ? { path: n.bold, family: 'NotoSansCJKsc-Bold' } : undefined };
    }
  }
  return null;
}
