import { footerItems, headerItems, MARGIN, tableItems, type PageLayout, type Primitive } from './layout';
import { pageSizeMm } from './paper';
import type { DashboardSpec } from './spec';

/** The least height a row of charts gets: below it a ranking of 13 towns is unreadable. */
const MIN_CHART_ROW_MM = 75;

/**
 * A dashboard on as many pages as it takes, each with the snapshot's header and footer: the area's
 * figures and the town ranking side by side, then the charts two to a row (each image keyed as in
 * `spec.charts`), every row at least 75 mm high — a row that does not fit goes to the next page.
 */
export function layoutDashboard(spec: DashboardSpec): PageLayout {
  const { widthMm, heightMm } = pageSizeMm(spec.paper, spec.orientation);
  const inner = widthMm - 2 * MARGIN;
  const top = MARGIN + 18;
  const tablesH = Math.min(95, heightMm * 0.33);
  const items: Primitive[] = [...headerItems(spec, widthMm)];
  const half = (inner - 6) / 2;
  items.push(...tableItems(spec.figures, { x: MARGIN, y: top, w: spec.ranking ? half : inner, h: tablesH }, 2.8));
  if (spec.ranking) items.push(...tableItems(spec.ranking, { x: MARGIN + half + 6, y: top, w: half, h: tablesH }, 2.6));
  const chartsTop = top + tablesH + 4;
  const footerY = heightMm - MARGIN - 8;
  const rows = Math.max(1, Math.ceil(spec.charts.length / 2));
  const rowH = Math.max(MIN_CHART_ROW_MM, (footerY - chartsTop - 2) / rows);
  let y = chartsTop;
  spec.charts.forEach((chart, i) => {
    const x = MARGIN + (i % 2) * (half + 6);
    if (i % 2 === 0 && i > 0) y += rowH;
    if (i % 2 === 0 && y + rowH > footerY + 1e-9) {
      items.push(...footerItems(spec, widthMm, footerY), { kind: 'pageBreak' }, ...headerItems(spec, widthMm));
      y = top;
    }
    items.push({ kind: 'text', x, y, size: 3.2, text: chart.title, bold: true });
    items.push({ kind: 'image', key: chart.key, x, y: y + 5, w: half, h: rowH - 8 });
  });
  items.push(...footerItems(spec, widthMm, footerY));
  return { widthMm, heightMm, items };
}
