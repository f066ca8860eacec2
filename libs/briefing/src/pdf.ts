/** The server side of briefings: PDF rendering (Node only; pdfkit reads the font files). */
export { renderPagePdf } from './lib/render-pdf';
export type { PdfFont } from './lib/render-pdf';
export { findCjkFonts } from './lib/cjk-fonts';
