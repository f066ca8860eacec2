import QRCode from 'qrcode';
import { pageSizeMm } from './paper';
import { scaleBar, type ScaleBar } from './scale';
import { PHOTOS_PER_PAGE, type SnapshotSpec } from './spec';

export interface Rect { x: number; y: number; w: number; h: number }

/** What a page is drawn from, in millimetres from the top-left corner; text boxes hang from `y`. */
export type Primitive =
  | { kind: 'text'; x: number; y: number; size: number; text: string; bold?: boolean; align?: 'left' | 'center' | 'right'; colour?: string }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill?: string; stroke?: string; lineWidth?: number }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; colour: string; width: number }
  | { kind: 'circle'; x: number; y: number; r: number; fill: string; stroke?: string }
  | { kind: 'polygon'; points: Array<[number, number]>; fill: string; stroke?: string }
  /** An image supplied at render time under `key` (the map, a chart), scaled into the box; with `whole`, kept in proportion and centred (a photo). */
  | { kind: 'image'; key: string; x: number; y: number; w: number; h: number; whole?: boolean }
  /** What follows goes on a new page of the same size (a PDF; a canvas draws the first page only). */
  | { kind: 'pageBreak' };

/** A page ready to render: its size and what is drawn on it, in order. */
export interface PageLayout {
  widthMm: number;
  heightMm: number;
  items: Primitive[];
}

export interface SnapshotLayout extends PageLayout {
  /** Where the map image (key `map`) goes. */
  map: Rect;
  scaleBar: ScaleBar;
}

/** What every briefing page has: the title and subtitle on top, dates, profile and sample note at the foot. */
export interface PageHeader {
  title: string;
  subtitle: string;
  date: string;
  asOf: string | null;
  profile: string;
  sampleNote: string | null;
}

export const MARGIN = 10;
const INK = '#222222';
const MUTED = '#555555';
/** What the reader must look at twice (a photo taken far from its feature). */
const WARN = '#b00020';

/** A rough width of a line of text (CJK a full em, others about half): enough to fit and truncate. */
export function textWidthMm(text: string, size: number): number {
  let ems = 0;
  for (const ch of text) ems += /[\u2E80-\u9FFF\uFF00-\uFFEF\u3000-\u303F]/.test(ch) ? 1 : 0.56;
  return ems * size;
}

export function fit(text: string, size: number, widthMm: number): string {
  if (textWidthMm(text, size) <= widthMm) return text;
  let out = text;
  while (out.length > 1 && textWidthMm(`${out}…`, size) > widthMm) out = out.slice(0, -1);
  return `${out}…`;
}

/** Where the map, legend, summary and the QR code go: a side column in landscape, a bottom band in portrait. */
function panels(widthMm: number, heightMm: number, orientation: SnapshotSpec['orientation']) {
  const top = MARGIN + 18;
  const footer = 12;
  if (orientation === 'landscape') {
    const side = Math.min(90, widthMm * 0.26);
    const map = { x: MARGIN, y: top, w: widthMm - 2 * MARGIN - side - 5, h: heightMm - top - MARGIN - footer };
    const sx = map.x + map.w + 5;
    const qr = 28;
    return {
      map, legend: { x: sx, y: top, w: side, h: map.h * 0.42 }, summary: { x: sx, y: top + map.h * 0.42 + 3, w: side, h: map.h * 0.58 - qr - 6 },
      qr: { x: sx + side - qr, y: top + map.h - qr, w: qr, h: qr }, footerY: map.y + map.h + 3,
    };
  }
  const band = heightMm * 0.27;
  const map = { x: MARGIN, y: top, w: widthMm - 2 * MARGIN, h: heightMm - top - MARGIN - footer - band - 4 };
  const by = map.y + map.h + 4;
  const qr = Math.min(32, band - 4);
  const legendW = (map.w - qr - 8) * 0.45;
  return {
    map, legend: { x: MARGIN, y: by, w: legendW, h: band }, summary: { x: MARGIN + legendW + 4, y: by, w: map.w - legendW - qr - 8, h: band },
    qr: { x: MARGIN + map.w - qr, y: by, w: qr, h: qr }, footerY: by + band + 1,
  };
}

function legendItems(spec: SnapshotSpec, area: Rect): Primitive[] {
  const items: Primitive[] = [{ kind: 'text', x: area.x, y: area.y, size: 3.6, text: '图例 Legend', bold: true }];
  const size = 2.8;
  const row = 4.4;
  let y = area.y + 6;
  const x = area.x;
  const columnW = area.w;
  for (const layer of spec.legend) {
    const needed = row * (1 + layer.entries.length);
    if (y + needed > area.y + area.h) break; // what does not fit is left out rather than overflowing
    items.push({ kind: 'text', x, y, size, text: fit(layer.layer, size, columnW), bold: true });
    y += row;
    for (const e of layer.entries) {
      if (e.shape === 'line') items.push({ kind: 'line', x1: x + 1, y1: y + size / 2, x2: x + 7, y2: y + size / 2, colour: e.colour, width: 0.9 });
      else items.push({ kind: 'circle', x: x + 4, y: y + size / 2, r: 1.3, fill: e.colour, stroke: '#ffffff' });
      items.push({ kind: 'text', x: x + 9, y, size, text: fit(e.label, size, columnW - 9) });
      y += row;
    }
  }
  return items;
}

/**
 * A text broken into lines no wider than `widthMm`, after a list separator where one falls on the line
 * (`、`, `，`, `,`, a space), else between characters (Chinese needs no spaces).
 */
export function wrapText(text: string, size: number, widthMm: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (textWidthMm(rest, size) > widthMm) {
    const chars = [...rest];
    let n = 1;
    while (n < chars.length && textWidthMm(chars.slice(0, n + 1).join(''), size) <= widthMm) n++;
    const line = chars.slice(0, n).join('');
    const cut = Math.max(line.lastIndexOf('、'), line.lastIndexOf('，'), line.lastIndexOf(','), line.lastIndexOf(' '));
    const take = cut > 0 ? cut + 1 : line.length;
    lines.push(rest.slice(0, take).trimEnd());
    rest = rest.slice(take).trimStart();
  }
  if (rest) lines.push(rest);
  return lines;
}

/**
 * A heading over label / value rows, striped. A label keeps at most 45 % of the width; a value too long
 * for the rest wraps onto more lines of its row (a village's failing rules), never over its label. Rows
 * that do not fit are counted instead of drawn, inside the table.
 */
export function tableItems(table: { heading: string; rows: Array<{ label: string; value: string }> }, area: Rect, size = 2.6): Primitive[] {
  const row = size * 1.5;
  const items: Primitive[] = [{ kind: 'text', x: area.x, y: area.y, size: 3.6, text: fit(table.heading, 3.6, area.w), bold: true }];
  let y = area.y + 6;
  const bottom = area.y + area.h;
  for (const [i, r] of table.rows.entries()) {
    const labelW = Math.min(textWidthMm(r.label, size), area.w * 0.45);
    const lines = wrapText(r.value, size, area.w - 2 - labelW - 2 * size);
    // A row is drawn when it fits with, below it, room for the count of those left (unless it is the last).
    if (y + row * (lines.length + (i === table.rows.length - 1 ? 0 : 1)) > bottom) {
      if (y + row <= bottom) items.push({ kind: 'text', x: area.x, y, size, text: `… 另有 ${table.rows.length - i} 项 / ${table.rows.length - i} more`, colour: MUTED });
      break;
    }
    if (i % 2 === 0) items.push({ kind: 'rect', x: area.x, y: y - 0.6, w: area.w, h: row * lines.length, fill: '#f1f4f7' });
    items.push({ kind: 'text', x: area.x + 1, y, size, text: fit(r.label, size, labelW) });
    lines.forEach((line, k) => items.push({ kind: 'text', x: area.x + area.w - 1, y: y + k * row, size, text: line, align: 'right' }));
    y += row * lines.length;
  }
  return items;
}

/** The permalink as dark squares (runs of modules merged into one rectangle each). */
function qrItems(url: string, area: Rect): Primitive[] {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const cell = area.w / (n + 2);
  const items: Primitive[] = [{ kind: 'rect', x: area.x, y: area.y, w: area.w, h: area.h, fill: '#ffffff' }];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!modules.get(r, c)) continue;
      let end = c;
      while (end + 1 < n && modules.get(r, end + 1)) end++;
      items.push({ kind: 'rect', x: area.x + cell * (c + 1), y: area.y + cell * (r + 1), w: cell * (end - c + 1) + 0.01, h: cell + 0.01, fill: '#000000' });
      c = end;
    }
  }
  return items;
}

function northArrow(x: number, y: number): Primitive[] {
  return [
    { kind: 'circle', x, y: y + 5, r: 6, fill: '#ffffff', stroke: '#999999' },
    { kind: 'polygon', points: [[x, y], [x + 3, y + 8.5], [x, y + 7], [x - 3, y + 8.5]], fill: INK },
    { kind: 'text', x, y: y + 8.6, size: 2.6, text: 'N', bold: true, align: 'center' },
  ];
}

function scaleBarItems(bar: ScaleBar, x: number, y: number): Primitive[] {
  const half = bar.lengthMm / 2;
  return [
    { kind: 'rect', x: x - 2, y: y - 2, w: bar.lengthMm + 4 + textWidthMm(bar.label, 2.6) + 3, h: 9, fill: '#ffffff', stroke: '#cccccc', lineWidth: 0.2 },
    { kind: 'rect', x, y: y + 3, w: half, h: 1.4, fill: INK },
    { kind: 'rect', x: x + half, y: y + 3, w: half, h: 1.4, fill: '#ffffff', stroke: INK, lineWidth: 0.25 },
    { kind: 'text', x, y: y - 0.8, size: 2.4, text: '0' },
    { kind: 'text', x: x + bar.lengthMm + 2, y: y + 1.6, size: 2.6, text: bar.label },
    { kind: 'text', x, y: y + 5, size: 2.2, text: `1 : ${bar.denominator.toLocaleString('en-US')}`, colour: MUTED },
  ];
}

export function headerItems(h: PageHeader, widthMm: number): Primitive[] {
  return [
    { kind: 'text', x: MARGIN, y: MARGIN, size: 7, text: fit(h.title, 7, widthMm - 2 * MARGIN), bold: true },
    ...(h.subtitle ? [{ kind: 'text', x: MARGIN, y: MARGIN + 9.5, size: 4, text: fit(h.subtitle, 4, widthMm - 2 * MARGIN), colour: MUTED } as Primitive] : []),
  ];
}

export function footerItems(h: PageHeader, widthMm: number, y: number): Primitive[] {
  const footer = [`制图日期 ${h.date}`, h.asOf ? `数据截至 ${h.asOf}` : null, `标准方案 ${h.profile}`].filter(Boolean).join('　·　');
  return [
    { kind: 'text', x: MARGIN, y, size: 2.8, text: fit(footer, 2.8, widthMm - 2 * MARGIN) },
    ...(h.sampleNote ? [{ kind: 'text', x: MARGIN, y: y + 4.2, size: 2.6, text: fit(h.sampleNote, 2.6, widthMm - 2 * MARGIN), colour: '#9a6b00' } as Primitive] : []),
  ];
}

/** Where the map goes on a page: the map app renders its image at this size before the rest is laid out. */
export function mapFrame(paper: SnapshotSpec['paper'], orientation: SnapshotSpec['orientation']): Rect {
  const { widthMm, heightMm } = pageSizeMm(paper, orientation);
  return panels(widthMm, heightMm, orientation).map;
}

/** A photo to print after the map: its image's key and the lines under it (a warning in red: taken far from its feature). */
export interface PhotoCard {
  key: string;
  caption: Array<{ text: string; warn?: boolean }>;
}

/**
 * The photos on pages of their own, each with the page's header and footer and the photos' heading:
 * `PHOTOS_PER_PAGE` to a page, three across in landscape and two in portrait, each kept in proportion over its caption.
 */
function photoPages(spec: SnapshotSpec, photos: PhotoCard[], widthMm: number, heightMm: number): Primitive[] {
  const columns = spec.orientation === 'landscape' ? 3 : 2;
  const rows = PHOTOS_PER_PAGE / columns;
  const top = MARGIN + 18;
  const footerY = heightMm - MARGIN - 8;
  const gap = 6;
  const grid = { y: top + 7, w: (widthMm - 2 * MARGIN - gap * (columns - 1)) / columns, h: (footerY - 2 - top - 7 - gap * (rows - 1)) / rows };
  const size = 2.6;
  const line = size * 1.45;
  const pages = Math.ceil(photos.length / PHOTOS_PER_PAGE);
  const items: Primitive[] = [];
  for (let page = 0; page < pages; page++) {
    const heading = pages > 1 ? `${spec.photos?.heading ?? ''}（${page + 1}/${pages}）` : spec.photos?.heading ?? '';
    items.push({ kind: 'pageBreak' }, ...headerItems(spec, widthMm), { kind: 'text', x: MARGIN, y: top, size: 3.8, text: fit(heading, 3.8, widthMm - 2 * MARGIN), bold: true });
    photos.slice(page * PHOTOS_PER_PAGE, (page + 1) * PHOTOS_PER_PAGE).forEach((photo, i) => {
      const x = MARGIN + (i % columns) * (grid.w + gap);
      const y = grid.y + Math.floor(i / columns) * (grid.h + gap);
      // A line of its own each, shortened to fit; a warning wraps instead, so it is read whole.
      const lines = photo.caption.flatMap((c) => (c.warn ? wrapText(c.text, size, grid.w) : [fit(c.text, size, grid.w)]).map((text) => ({ text, warn: c.warn }))).slice(0, 4);
      const imageH = grid.h - 4 * line - 1;
      items.push({ kind: 'rect', x, y, w: grid.w, h: imageH, fill: '#f1f4f7' });
      items.push({ kind: 'image', key: photo.key, x, y, w: grid.w, h: imageH, whole: true });
      lines.forEach((l, k) => items.push({ kind: 'text', x, y: y + imageH + 1 + k * line, size, text: l.text, colour: l.warn ? WARN : undefined }));
    });
    items.push(...footerItems(spec, widthMm, footerY));
  }
  return items;
}

/**
 * Lays out a snapshot: the page with the map and everything drawn around and over it, then, given
 * photos (a PDF), their pages.
 */
export function layoutSnapshot(spec: SnapshotSpec, photos: PhotoCard[] = []): SnapshotLayout {
  const { widthMm, heightMm } = pageSizeMm(spec.paper, spec.orientation);
  const p = panels(widthMm, heightMm, spec.orientation);
  const bar = scaleBar(spec.metresPerMm, Math.min(50, p.map.w * 0.3));
  const items: Primitive[] = [
    { kind: 'image', key: 'map', ...p.map },
    { kind: 'rect', x: p.map.x, y: p.map.y, w: p.map.w, h: p.map.h, stroke: '#444444', lineWidth: 0.3 },
    ...headerItems(spec, widthMm),
    ...northArrow(p.map.x + p.map.w - 10, p.map.y + 4),
    ...scaleBarItems(bar, p.map.x + 5, p.map.y + p.map.h - 12),
    ...legendItems(spec, p.legend),
    ...tableItems(spec.summary, p.summary),
    ...qrItems(spec.permalink, p.qr),
    { kind: 'text', x: p.qr.x + p.qr.w / 2, y: p.qr.y + p.qr.h + 0.5, size: 2, text: '扫码打开地图', align: 'center', colour: MUTED },
    ...footerItems(spec, widthMm, p.footerY),
    ...(photos.length ? photoPages(spec, photos, widthMm, heightMm) : []),
  ];
  return { widthMm, heightMm, map: p.map, scaleBar: bar, items };
}
