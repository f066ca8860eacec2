import type { Context } from 'hono';
import { findCjkFonts, renderPagePdf } from '@cuntu/briefing/pdf';
import type { PageLayout } from '@cuntu/briefing';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

/** The CJK font the PDFs embed: 503 when the server has none. */
function fonts() {
  const found = findCjkFonts();
  if (!found) throw new ApiError(503, 'pdf_font_missing', { key: 'error.pdfFontMissing' });
  return found;
}

/** A laid-out page (with its images) written as PDF with the embedded font and sent as a download named `name`. */
export async function pdfAnswer(c: Context<AppEnv>, layout: PageLayout, images: Record<string, Uint8Array>, info: { title: string; subject?: string }, name: string) {
  const pdf = await renderPagePdf(layout, images, fonts(), info);
  return c.body(pdf as unknown as ArrayBuffer, 200, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}` });
}
