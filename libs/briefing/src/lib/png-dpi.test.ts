import { describe, expect, it } from 'vitest';
import { pngDpi, withPngDpi } from './png-dpi';

// A 1 × 1 PNG as a canvas writes it: no pHYs chunk, so office software assumes 96 dpi.
const ONE_PIXEL = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));

describe('a PNG that says its resolution', () => {
  it('carries the page\'s dpi after its header, replacing any it had, the image untouched', () => {
    expect(pngDpi(ONE_PIXEL)).toBeNull();
    const at300 = withPngDpi(ONE_PIXEL, 300);
    expect(pngDpi(at300)).toBe(300);
    // 300 dpi = 11,811 pixels per metre, in the chunk right after IHDR (8-byte signature + 25-byte IHDR).
    expect(Buffer.from(at300.subarray(37, 41)).toString('latin1')).toBe('pHYs');
    expect(new DataView(at300.buffer, at300.byteOffset).getUint32(41)).toBe(11_811);
    expect(pngDpi(withPngDpi(at300, 150))).toBe(150);
    expect(withPngDpi(at300, 150).length).toBe(at300.length);
    expect(Buffer.from(at300.subarray(0, 33)).equals(Buffer.from(ONE_PIXEL.subarray(0, 33)))).toBe(true);
    expect(Buffer.from(at300.subarray(33 + 21)).equals(Buffer.from(ONE_PIXEL.subarray(33)))).toBe(true);
  });
});
