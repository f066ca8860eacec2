import { describe, expect, it } from 'vitest';
import { layoutSnapshot, mapFrame, tableItems, textWidthMm } from './layout';
import { pageSizeMm } from './paper';
import { sampleSpec } from './fixtures';

const texts = (spec = sampleSpec()) => layoutSnapshot(spec).items.flatMap((p) => (p.kind === 'text' ? [p.text] : []));

describe('snapshot layout', () => {
  it('places the map inside the page margins on every paper and orientation', () => {
    for (const paper of ['A4', 'A3'] as const) {
      for (const orientation of ['portrait', 'landscape'] as const) {
        const page = pageSizeMm(paper, orientation);
        const layout = layoutSnapshot(sampleSpec({ paper, orientation }));
        expect(layout.map).toEqual(mapFrame(paper, orientation));
        expect(layout.map.x).toBeGreaterThanOrEqual(10);
        expect(layout.map.x + layout.map.w).toBeLessThanOrEqual(page.widthMm - 10 + 1e-9);
        expect(layout.map.y + layout.map.h).toBeLessThan(page.heightMm - 10);
        expect(layout.map.w * layout.map.h).toBeGreaterThan(page.widthMm * page.heightMm * 0.4);
        for (const p of layout.items) if (p.kind === 'text') expect(p.y, p.text).toBeLessThan(page.heightMm - 3);
      }
    }
  });

  it('carries the title, every legend entry, the profile, the date, the as-of date, the sample note and a scale bar', () => {
    const all = texts().join('\n');
    for (const s of ['奈曼旗农村基础设施核查图', '道路（路面宽度）', '达标', '不达标', '数据缺失', '水源与供水工程', '贫困村退出标准', '2026-11-27', '2020-06-30', '样例数据', '10 公里 km', '1 : 312,500', 'N']) {
      expect(all).toContain(s);
    }
  });

  it('shortens what does not fit instead of overflowing', () => {
    const long = '很长的标题'.repeat(16);
    const title = texts(sampleSpec({ title: long }))[0];
    expect(title.endsWith('…')).toBe(true);
    expect(textWidthMm(title, 7)).toBeLessThanOrEqual(297 - 20);
    const many = sampleSpec({ summary: { heading: '核查', rows: Array.from({ length: 40 }, (_, i) => ({ label: `第 ${i} 项`, value: `${i}` })) } });
    expect(texts(many).some((t) => t.startsWith('… 另有'))).toBe(true);
  });

  it('draws the permalink as a QR code', () => {
    const squares = layoutSnapshot(sampleSpec()).items.filter((p) => p.kind === 'rect' && p.fill === '#000000');
    expect(squares.length).toBeGreaterThan(50);
  });
});

describe('dashboard layout', () => {
  it('has the snapshot header and footer, both tables and a box per chart inside the page', async () => {
    const { layoutDashboard } = await import('./dashboard-layout');
    const { dashboardSpecSchema } = await import('./spec');
    const spec = dashboardSpecSchema.parse({
      title: '奈曼旗脱贫攻坚概览', subtitle: '全旗', figures: { heading: '主要指标', rows: [{ label: '行政村', value: '301' }] },
      ranking: { heading: '乡镇排名', rows: [{ label: '大沁他拉镇', value: '80%' }] },
      charts: [{ key: 'ranking', title: '乡镇退出进度' }, { key: 'water', title: '饮水安全人口' }, { key: 'houses', title: '危房改造' }],
      profile: 'national-2015 v1', date: '2026-11-27', asOf: null, sampleNote: '样例数据',
    });
    const layout = layoutDashboard(spec);
    const text = layout.items.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join('\n');
    for (const s of ['奈曼旗脱贫攻坚概览', '主要指标', '乡镇排名', '大沁他拉镇', '乡镇退出进度', '制图日期 2026-11-27', '标准方案 national-2015 v1', '样例数据']) expect(text).toContain(s);
    const images = layout.items.filter((p) => p.kind === 'image');
    expect(images.map((p) => (p as { key: string }).key)).toEqual(['ranking', 'water', 'houses']);
    for (const p of images as Array<{ x: number; y: number; w: number; h: number }>) {
      expect(p.x + p.w).toBeLessThanOrEqual(layout.widthMm - 10 + 1e-9);
      expect(p.y + p.h).toBeLessThan(layout.heightMm - 10);
      expect(p.h).toBeGreaterThan(30);
    }
  });

  it('wraps a village\'s long list of failing rules inside its row: no text over another, on A4 and A3 either way', async () => {
    const { layoutDashboard } = await import('./dashboard-layout');
    const { dashboardSpecSchema } = await import('./spec');
    const failing = '通村硬化路、通客运班车、饮水安全、通动力电、广播电视户户通、综合性文化服务中心、标准化卫生室、合格乡村医生、通宽带';
    const rows = Array.from({ length: 24 }, (_, i) => ({ label: `${['吉格斯台', '西福兴', '额尔敦塔拉', '老富强'][i % 4]}${i}嘎查`, value: failing.slice(0, 12 + (i * 7) % failing.length) }));
    for (const paper of ['A4', 'A3'] as const) {
      for (const orientation of ['portrait', 'landscape'] as const) {
        const layout = layoutDashboard(dashboardSpecSchema.parse({
          paper, orientation, title: '奈曼旗脱贫攻坚概览', subtitle: '大沁他拉镇', figures: { heading: '主要指标', rows: [{ label: '行政村', value: '24' }] },
          ranking: { heading: '未达到退出标准的村', rows }, charts: [{ key: 'water', title: '饮水安全人口' }],
          profile: 'national-2015 v1', date: '2026-11-27', asOf: null, sampleNote: '样例数据',
        }));
        let page = 0;
        const boxes = layout.items.flatMap((p) => {
          if (p.kind === 'pageBreak') page++;
          if (p.kind !== 'text' || !p.text.trim()) return [];
          const w = textWidthMm(p.text, p.size);
          const x = p.align === 'right' ? p.x - w : p.align === 'center' ? p.x - w / 2 : p.x;
          return [{ page, text: p.text, x0: x, x1: x + w, y0: p.y, y1: p.y + p.size }];
        });
        for (const [i, a] of boxes.entries()) {
          for (const b of boxes.slice(i + 1).filter((o) => o.page === a.page)) {
            const overlap = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0.1 && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 0.1;
            expect(overlap, `${paper} ${orientation}: 「${a.text}」 over 「${b.text}」`).toBe(false);
          }
        }
        // Every failing rule of the first village is there, over as many lines as it takes.
        const texts = layout.items.flatMap((p) => (p.kind === 'text' ? [p.text] : [])).join('');
        expect(texts).toContain(rows[0].value);
      }
    }
  });

  it('gives every row of charts at least 75 mm, going on to another page with the header and footer when they do not fit', async () => {
    const { layoutDashboard } = await import('./dashboard-layout');
    const { dashboardSpecSchema } = await import('./spec');
    const towns = Array.from({ length: 13 }, (_, i) => ({ label: `${i + 1}. 乡镇${i}`, value: `${i} / 20 (${5 * i}%)` }));
    const layout = layoutDashboard(dashboardSpecSchema.parse({
      paper: 'A4', orientation: 'landscape', title: '奈曼旗脱贫攻坚概览', subtitle: '全旗', figures: { heading: '主要指标', rows: [{ label: '行政村', value: '301' }] },
      ranking: { heading: '乡镇排名', rows: towns },
      charts: [{ key: 'ranking', title: '乡镇退出进度' }, { key: 'roads', title: '硬化路覆盖' }, { key: 'water', title: '饮水安全人口' }, { key: 'houses', title: '危房改造' }],
      profile: 'national-2015 v1', date: '2026-11-27', asOf: null, sampleNote: null,
    }));
    const pages: Array<typeof layout.items> = [[]];
    for (const p of layout.items) if (p.kind === 'pageBreak') pages.push([]); else pages.at(-1)!.push(p);
    expect(pages.length).toBeGreaterThan(1);
    const images = layout.items.filter((p): p is Extract<typeof p, { kind: 'image' }> => p.kind === 'image');
    expect(images.map((p) => p.key)).toEqual(['ranking', 'roads', 'water', 'houses']);
    for (const p of images) {
      expect(p.h).toBeGreaterThanOrEqual(67);
      expect(p.y + p.h).toBeLessThan(layout.heightMm - 10);
    }
    for (const page of pages) {
      const texts = page.flatMap((p) => (p.kind === 'text' ? [p.text] : []));
      expect(texts).toContain('奈曼旗脱贫攻坚概览');
      expect(texts.some((t) => t.startsWith('制图日期 2026-11-27'))).toBe(true);
    }
  });

  it('counts the summary rows that do not fit inside the table, above what follows it (not over the footer)', () => {
    const area = { x: 10, y: 100, w: 80, h: 40 };
    const rows = Array.from({ length: 30 }, (_, i) => ({ label: `规则 ${i}`, value: `${i} / 0 / 0` }));
    const items = tableItems({ heading: '核查摘要', rows }, area);
    const text = items.flatMap((p) => (p.kind === 'text' ? [p] : []));
    for (const p of text) expect(p.y + p.size * 1.5, p.text).toBeLessThanOrEqual(area.y + area.h); // each line's row, spacing included
    const drawn = text.filter((p) => p.text.startsWith('规则')).length;
    expect(drawn).toBeGreaterThan(3);
    expect(text.at(-1)!.text).toBe(`… 另有 ${30 - drawn} 项 / ${30 - drawn} more`);
    // Rows that all fit need no count.
    expect(tableItems({ heading: '核查摘要', rows: rows.slice(0, drawn + 1) }, area).some((p) => p.kind === 'text' && p.text.startsWith('…'))).toBe(false);
  });
});
