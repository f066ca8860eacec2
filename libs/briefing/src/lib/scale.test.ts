import { describe, expect, it } from 'vitest';
import { metresPerCssPixel, scaleBar } from './scale';

describe('map scale', () => {
  it('follows Web Mercator with 512-pixel tiles', () => {
    expect(metresPerCssPixel(0, 0)).toBeCloseTo(78_271.52, 1);
    expect(metresPerCssPixel(10, 60) / metresPerCssPixel(10, 0)).toBeCloseTo(0.5, 6);
    expect(metresPerCssPixel(11, 42) * 2).toBeCloseTo(metresPerCssPixel(10, 42), 6);
  });

  it('picks the longest round length that fits, drawn at the printed scale', () => {
    const bar = scaleBar(250, 50); // 1 : 250,000; at most 50 mm = 12.5 km
    expect(bar).toMatchObject({ lengthM: 10_000, label: '10 公里 km', denominator: 250_000 });
    expect(bar.lengthMm).toBeCloseTo(40, 6);
    expect(scaleBar(3.2, 50)).toMatchObject({ lengthM: 100, label: '100 米 m' });
    for (const metresPerMm of [0.7, 13, 480, 9_999]) {
      const b = scaleBar(metresPerMm, 50);
      expect(b.lengthMm).toBeLessThanOrEqual(50);
      expect(b.lengthMm).toBeGreaterThan(10);
      expect(b.lengthM / b.lengthMm).toBeCloseTo(metresPerMm, 6);
    }
  });
});
