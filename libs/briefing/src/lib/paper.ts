/** Paper sizes of the snapshots, in millimetres (portrait). */
export const PAPERS = { A4: { widthMm: 210, heightMm: 297 }, A3: { widthMm: 297, heightMm: 420 } } as const;
export type PaperName = keyof typeof PAPERS;
export type Orientation = 'portrait' | 'landscape';

export const MM_PER_INCH = 25.4;
/** CSS pixels per inch: what a browser lays out in. */
export const CSS_DPI = 96;

export function pageSizeMm(paper: PaperName, orientation: Orientation): { widthMm: number; heightMm: number } {
  const { widthMm, heightMm } = PAPERS[paper];
  return orientation === 'portrait' ? { widthMm, heightMm } : { widthMm: heightMm, heightMm: widthMm };
}

/** Device pixels for a length on paper at a resolution. */
export const mmToPx = (mm: number, dpi: number) => Math.round((mm / MM_PER_INCH) * dpi);
