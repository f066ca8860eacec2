/** pdf.js 6 expects Node 22's Promise.withResolvers; Node 20 gets it here. */
async function loadPdfJs() {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve: unknown;
    let reject: unknown;
    const promise = new Promise((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
  return import('pdfjs-dist/legacy/build/pdf.mjs');
}

/**
 * Chromium's PDFs name some CJK glyphs by their Kangxi radical (⽔ for 水, ⼯ for 工): read as the
 * ideographs they show. Only that block is mapped; full-width punctuation stays as it is.
 */
const asShown = (s: string) => s.replace(/[\u2E80-\u2FDF]/g, (c) => c.normalize('NFKC'));

/** A run of text on a page and its box in points (x from the left, y up from the bottom, as PDF has it). */
export interface TextRun { page: number; text: string; x0: number; x1: number; y0: number; y1: number }

/**
 * The text of a PDF's pages (one string per text run, and each run with its box) and its first page's
 * size in points, read by pdf.js.
 */
export async function pdfText(bytes: Uint8Array): Promise<{ text: string; runs: TextRun[]; pages: number; widthPt: number; heightPt: number }> {
  const { getDocument } = await loadPdfJs();
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise; // pdf.js detaches what it is given
  const texts: string[] = [];
  const runs: TextRun[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const str = asShown(item.str);
      texts.push(str);
      // From the baseline: glyphs rise about 0.8 of the size above it and descend 0.2 below.
      const [x, y] = [item.transform[4] as number, item.transform[5] as number];
      if (str.trim()) runs.push({ page: n, text: str, x0: x, x1: x + item.width, y0: y - 0.2 * item.height, y1: y + 0.8 * item.height });
    }
  }
  const [, , widthPt, heightPt] = (await doc.getPage(1)).view;
  return { text: texts.join('\n'), runs, pages: doc.numPages, widthPt, heightPt };
}

/** The pairs of text runs printed over each other (more than half a point both ways), as "a ⟂ b". */
export function overlappingRuns(runs: TextRun[]): string[] {
  const found: string[] = [];
  for (const [i, a] of runs.entries()) {
    for (const b of runs.slice(i + 1)) {
      if (a.page !== b.page) continue;
      if (Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0.5 && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 0.5) found.push(`p${a.page}: 「${a.text}」 ⟂ 「${b.text}」`);
    }
  }
  return found;
}
