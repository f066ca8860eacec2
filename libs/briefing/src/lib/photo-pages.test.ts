import { describe, expect, it } from 'vitest';
import { layoutSnapshot, textWidthMm, type PhotoCard, type Primitive } from './layout';
import { drawPage } from './render-canvas';
import { sampleSpec } from './fixtures';

const pagesOf = (items: Primitive[]) => {
  const pages: Primitive[][] = [[]];
  for (const p of items) if (p.kind === 'pageBreak') pages.push([]); else pages.at(-1)!.push(p);
  return pages;
};

const cards = (n: number): PhotoCard[] => Array.from({ length: n }, (_, i) => ({
  key: `photo-${i + 1}`,
  caption: [{ text: `改造后 · IMG_${1000 + i}.jpg` }, { text: '拍摄时间 2026-11-02 10:15:00' }, i === 0 ? { text: '拍摄点距该要素 3200 米，超过 500 米：请核实是否为该处照片', warn: true } : { text: '拍摄点距该要素 12 米' }],
}));

describe('a snapshot with photos', () => {
  it('is one page without photos', () => {
    expect(layoutSnapshot(sampleSpec()).items.some((p) => p.kind === 'pageBreak')).toBe(false);
  });

  it('prints them after the map, six to a page, each whole inside the page over its caption, with the header, heading and footer on every page', () => {
    for (const orientation of ['landscape', 'portrait'] as const) {
      const spec = sampleSpec({ orientation, photos: { heading: '张庄村的照片', ids: Array.from({ length: 8 }, (_, i) => i + 1) } });
      const layout = layoutSnapshot(spec, cards(8));
      const pages = pagesOf(layout.items);
      expect(pages.length, orientation).toBe(3);
      const images = pages.slice(1).map((page) => page.filter((p): p is Extract<Primitive, { kind: 'image' }> => p.kind === 'image'));
      expect(images.map((page) => page.length)).toEqual([6, 2]);
      expect(images.flat().map((p) => p.key)).toEqual(cards(8).map((c) => c.key));
      for (const p of images.flat()) {
        expect(p.whole).toBe(true);
        expect(p.x).toBeGreaterThanOrEqual(10);
        expect(p.x + p.w).toBeLessThanOrEqual(layout.widthMm - 10 + 1e-9);
        expect(p.h).toBeGreaterThan(40);
      }
      for (const [i, page] of pages.slice(1).entries()) {
        const texts = page.flatMap((p) => (p.kind === 'text' ? [p] : []));
        expect(texts.map((t) => t.text)).toContain('奈曼旗农村基础设施核查图');
        expect(texts.map((t) => t.text)).toContain(`张庄村的照片（${i + 1}/2）`);
        expect(texts.some((t) => t.text.startsWith('制图日期 2026-11-27'))).toBe(true);
        for (const t of texts) {
          expect(t.x + textWidthMm(t.text, t.size), t.text).toBeLessThanOrEqual(layout.widthMm - 10 + 0.5);
          expect(t.y, t.text).toBeLessThan(layout.heightMm - 3);
        }
        // Captions hang under their photo, not over the next row.
        for (const img of images[i]) {
          const under = texts.filter((t) => t.x === img.x && t.y > img.y + img.h && t.y < img.y + img.h + 20);
          expect(under.length, orientation).toBeGreaterThanOrEqual(3);
          for (const other of images[i].filter((o) => o !== img && o.x === img.x && o.y > img.y)) for (const t of under) expect(t.y + t.size).toBeLessThan(other.y);
        }
      }
      const warned = pages[1].filter((p) => p.kind === 'text' && p.colour === '#b00020');
      expect(warned.map((p) => (p as { text: string }).text).join('')).toContain('超过 500 米');
    }
  });

  it('shortens a long file name to its line but wraps a warning, so it is read whole', () => {
    const spec = sampleSpec({ orientation: 'portrait', photos: { heading: '照片', ids: [1] } });
    const warning = '拍摄点距该要素 3200 米，超过 500 米：请核实是否为该处照片。'.repeat(2);
    const layout = layoutSnapshot(spec, [{ key: 'photo-1', caption: [{ text: `改造后 · ${'很长的文件名'.repeat(12)}.jpg` }, { text: warning, warn: true }] }]);
    const lines = pagesOf(layout.items)[1].flatMap((p) => (p.kind === 'text' && p.size < 3 ? [p] : []));
    expect(lines[0].text.endsWith('…')).toBe(true);
    expect(lines.filter((l) => l.colour === '#b00020').map((l) => l.text).join('').replace(/\s/g, '')).toBe(warning.replace(/\s/g, ''));
  });

  it('draws only the map page on a canvas (a PNG has no photos)', () => {
    const drawn: string[] = [];
    const images: string[] = [];
    const ctx = new Proxy({}, {
      get: (_, name) => (name === 'fillText' ? (text: string) => drawn.push(text) : name === 'drawImage' ? (img: { key: string }) => images.push(img.key) : () => undefined),
      set: () => true,
    }) as unknown as CanvasRenderingContext2D;
    const layout = layoutSnapshot(sampleSpec({ photos: { heading: '张庄村的照片', ids: [1, 2] } }), cards(2));
    drawPage(ctx, layout, { map: { key: 'map' } as never, 'photo-1': { key: 'photo-1' } as never, 'photo-2': { key: 'photo-2' } as never }, 150);
    expect(images).toEqual(['map']);
    expect(drawn).toContain('奈曼旗农村基础设施核查图');
    expect(drawn.join('')).not.toContain('张庄村的照片');
  });
});
