export { PAPERS, pageSizeMm, mmToPx, MM_PER_INCH, CSS_DPI } from './lib/paper';
export type { PaperName, Orientation } from './lib/paper';
export { metresPerCssPixel, scaleBar } from './lib/scale';
export type { ScaleBar } from './lib/scale';
export { snapshotSpecSchema } from './lib/spec';
export type { SnapshotSpec, SnapshotSpecInput } from './lib/spec';
export { layoutSnapshot, mapFrame, textWidthMm } from './lib/layout';
export type { SnapshotLayout, Primitive, Rect } from './lib/layout';
export { drawSnapshot, PAGE_FONT } from './lib/render-canvas';
