import PDFDocument from 'pdfkit';
import { MM_PER_INCH } from './paper';
import type { PageLayout } from './layout';

/** A CJK font to embed: a TrueType/OpenType file, or a collection with the face's PostScript name. */
export interface PdfFont {
  path: string;
  family?: string;
}

const PT_PER_MM = 72 / MM_PER_INCH;

/**
 * A laid-out page as a PDF: its images (JPEG or PNG, by key: the map, charts) in their boxes and every
 * other item as vector text and shapes, with the CJK font embedded (subset to the characters used), so
 * the text stays readable and searchable.
 */
export function renderPagePdf(layout: PageLayout, images: Record<string, Uint8Array>, fonts: { regular: PdfFont; bold?: PdfFont }, info: { title: string; subject?: string }): Promise<Uint8Array> {
  const k = PT_PER_MM;
  const doc = new PDFDocument({ size: [layout.widthMm * k, layout.heightMm * k], margin: 0, info: { Title: info.title, Subject: info.subject ?? '', Creator: '村图 Cuntu' }, autoFirstPage: true });
  doc.registerFont('cjk', fonts.regular.path, fonts.regular.family);
  doc.registerFont('cjk-bold', (fonts.bold ?? fonts.regular).path, (fonts.bold ?? fonts.regular).family);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  for (const p of layout.items) {
    switch (p.kind) {
      case 'image':
        if (images[p.key]) {
          const box = p.whole ? { fit: [p.w * k, p.h * k] as [number, number], align: 'center' as const, valign: 'center' as const } : { width: p.w * k, height: p.h * k };
          doc.image(Buffer.from(images[p.key]), p.x * k, p.y * k, box);
        }
        break;
      case 'text': {
        doc.font(p.bold ? 'cjk-bold' : 'cjk').fontSize(p.size * k).fillColor(p.colour ?? '#222222');
        const width = doc.widthOfString(p.text);
        const x = p.align === 'right' ? p.x * k - width : p.align === 'center' ? p.x * k - width / 2 : p.x * k;
        doc.text(p.text, x, p.y * k, { lineBreak: false });
        break;
      }
      case 'rect':
        doc.rect(p.x * k, p.y * k, p.w * k, p.h * k);
        if (p.fill && p.stroke) doc.lineWidth((p.lineWidth ?? 0.3) * k).fillAndStroke(p.fill, p.stroke);
        else if (p.fill) doc.fill(p.fill);
        else if (p.stroke) doc.lineWidth((p.lineWidth ?? 0.3) * k).stroke(p.stroke);
        break;
      case 'line':
        doc.moveTo(p.x1 * k, p.y1 * k).lineTo(p.x2 * k, p.y2 * k).lineWidth(p.width * k).stroke(p.colour);
        break;
      case 'circle':
        doc.circle(p.x * k, p.y * k, p.r * k);
        if (p.stroke) doc.lineWidth(0.25 * k).fillAndStroke(p.fill, p.stroke);
        else doc.fill(p.fill);
        break;
      case 'polygon':
        doc.polygon(...p.points.map(([x, y]) => [x * k, y * k] as [number, number])).fill(p.fill);
        break;
      case 'pageBreak':
        doc.addPage({ size: [layout.widthMm * k, layout.heightMm * k], margin: 0 });
        break;
    }
  }
  doc.end();
  return done;
}
