import { describe, expect, it } from 'vitest';
import { layoutLedger, type LedgerSpec } from './ledger-layout';

const spec = (rows: number): LedgerSpec => ({
  title: '整改台账', subtitle: '新镇 · 12 项', date: '2026-12-06', asOf: '2020-10-31', profile: '国家标准 v1', sampleNote: null,
  paper: 'A4', orientation: 'landscape',
  columns: [{ title: '序号', weight: 1 }, { title: '村', weight: 3 }, { title: '问题', weight: 8 }, { title: '是否完成', weight: 2 }],
  rows: Array.from({ length: rows }, (_, i) => [String(i + 1), `第${i + 1}村`, i % 3 === 0 ? '村委会附近的硬化路未与外部路网连通（断头路），需硬化砂石路段并连通外部路网，'.repeat(2) : '无班车', i % 2 ? '是' : '否']),
});
const texts = (layout: ReturnType<typeof layoutLedger>) => layout.items.flatMap((p) => (p.kind === 'text' ? [p.text] : []));

describe('the ledger\'s pages', () => {
  it('puts every row once, on as many pages as it takes, the column titles and the footer on each', () => {
    const layout = layoutLedger(spec(120));
    const pages = layout.items.filter((p) => p.kind === 'pageBreak').length + 1;
    expect(pages).toBeGreaterThan(2);
    const all = texts(layout);
    for (let i = 1; i <= 120; i++) expect(all.filter((t) => t === `第${i}村`)).toHaveLength(1);
    expect(all.filter((t) => t === '是否完成')).toHaveLength(pages);
    expect(all.filter((t) => t.startsWith('制图日期 2026-12-06'))).toHaveLength(pages);
    expect(all.filter((t) => t === '整改台账')).toHaveLength(pages);
  });

  it('wraps a long problem inside its column and keeps every line on the page', () => {
    const layout = layoutLedger(spec(3));
    const wrapped = texts(layout).filter((t) => t.includes('断头路') || t.includes('连通外部路网'));
    expect(wrapped.length).toBeGreaterThan(1);
    for (const p of layout.items) if (p.kind === 'text') expect(p.y).toBeLessThan(layout.heightMm);
  });
});
