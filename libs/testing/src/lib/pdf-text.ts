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

/** The text of a PDF's pages (one string per text run) and its first page's size in points, read by pdf.js. */
export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number; widthPt: number; heightPt: number }> {
  const { getDocument } = await loadPdfJs();
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise; // pdf.js detaches what it is given
  const texts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    texts.push(...content.items.map((i) => ('str' in i ? i.str : '')));
  }
  const [, , widthPt, heightPt] = (await doc.getPage(1)).view;
  return { text: texts.join('\n'), pages: doc.numPages, widthPt, heightPt };
}
