import { fit, footerItems, headerItems, MARGIN, wrapText, type PageHeader, type PageLayout, type Primitive } from './layout';
import { pageSizeMm, type Orientation, type PaperName } from './paper';

/** A ledger as offices file it: the snapshot's header and footer over a table of many rows, on as many pages as it takes. */
export interface LedgerSpec extends PageHeader {
  paper: PaperName;
  orientation: Orientation;
  /** The columns, each with its share of the width. */
  columns: ReadonlyArray<{ title: string; weight: number }>;
  rows: ReadonlyArray<ReadonlyArray<string>>;
}

const SIZE = 2.6;
const LINE = SIZE * 1.45;

/**
 * The ledger's pages: the header (title, subtitle), the column titles on every page, each row with its
 * cells wrapped to their column (a row never splits across pages), striped, and the footer (dates,
 * profile, sample note) on every page.
 */
export function layoutLedger(spec: LedgerSpec): PageLayout {
  const { widthMm, heightMm } = pageSizeMm(spec.paper, spec.orientation);
  const inner = widthMm - 2 * MARGIN;
  const total = spec.columns.reduce((sum, c) => sum + c.weight, 0);
  const widths = spec.columns.map((c) => (inner * c.weight) / total);
  const lefts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const top = MARGIN + 18;
  const footerY = heightMm - MARGIN - 8;
  const items: Primitive[] = [...headerItems(spec, widthMm)];

  const columnTitles = (y: number): number => {
    const lines = spec.columns.map((c, i) => wrapText(c.title, SIZE, widths[i] - 2));
    const h = LINE * Math.max(...lines.map((l) => l.length)) + 1.2;
    items.push({ kind: 'rect', x: MARGIN, y: y - 0.6, w: inner, h, fill: '#dfe7ee' });
    lines.forEach((cell, i) => cell.forEach((line, k) => items.push({ kind: 'text', x: lefts[i] + 1, y: y + k * LINE, size: SIZE, text: line, bold: true })));
    return y + h;
  };

  let y = columnTitles(top);
  spec.rows.forEach((row, r) => {
    const cells = row.map((text, i) => wrapText(text, SIZE, widths[i] - 2).map((line) => fit(line, SIZE, widths[i] - 2)));
    const h = LINE * Math.max(1, ...cells.map((c) => c.length)) + 1.2;
    if (y + h > footerY - 2) {
      items.push(...footerItems(spec, widthMm, footerY), { kind: 'pageBreak' }, ...headerItems(spec, widthMm));
      y = columnTitles(top);
    }
    if (r % 2 === 1) items.push({ kind: 'rect', x: MARGIN, y: y - 0.6, w: inner, h, fill: '#f1f4f7' });
    cells.forEach((cell, i) => cell.forEach((line, k) => items.push({ kind: 'text', x: lefts[i] + 1, y: y + k * LINE, size: SIZE, text: line })));
    items.push({ kind: 'line', x1: MARGIN, y1: y + h - 0.6, x2: MARGIN + inner, y2: y + h - 0.6, colour: '#d5dde4', width: 0.15 });
    y += h;
  });
  items.push(...footerItems(spec, widthMm, footerY));
  return { widthMm, heightMm, items };
}

