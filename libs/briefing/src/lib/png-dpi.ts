// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the chunk libraries ship no types; the declaration must reach every project that compiles this file
/// <reference path="../png-chunks.d.ts" />
import extractChunks from 'png-chunks-extract';
import encodeChunks from 'png-chunks-encode';

const METRES_PER_INCH = 0.0254;

/**
 * A PNG that says its resolution (a `pHYs` chunk, pixels per metre): without it Word and WPS place a
 * 300-dpi A4 page at 96 dpi, 26 inches wide. Any resolution the image said before is replaced.
 */
export function withPngDpi(png: Uint8Array, dpi: number): Uint8Array {
  const chunks = extractChunks(png).filter((c) => c.name !== 'pHYs');
  const perMetre = Math.round(dpi / METRES_PER_INCH);
  const data = new Uint8Array(9);
  const view = new DataView(data.buffer);
  view.setUint32(0, perMetre);
  view.setUint32(4, perMetre);
  data[8] = 1; // the unit is the metre
  // Before the image data, right after the header (the PNG specification's place for it).
  chunks.splice(1, 0, { name: 'pHYs', data });
  return encodeChunks(chunks);
}

/** The resolution a PNG states, in dots per inch (null when it states none or no unit). */
export function pngDpi(png: Uint8Array): number | null {
  const phys = extractChunks(png).find((c) => c.name === 'pHYs');
  if (!phys || phys.data[8] !== 1) return null;
  return Math.round(new DataView(phys.data.buffer, phys.data.byteOffset).getUint32(0) * METRES_PER_INCH);
}
