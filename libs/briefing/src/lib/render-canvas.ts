import { MM_PER_INCH } from './paper';
import type { PageLayout } from './layout';

/** The font stack of page text in the browser (what Chinese deployments have, then Debian's Noto). */
export const PAGE_FONT = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/**
 * Draws a laid-out page onto a 2D canvas already sized to the page at `dpi`, with its images by key:
 * the first page only (a PNG is one page; what follows a page break is the PDF's).
 */
export function drawPage(ctx: CanvasRenderingContext2D, layout: PageLayout, images: Record<string, CanvasImageSource>, dpi: number): void {
  const k = dpi / MM_PER_INCH;
  ctx.save();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.widthMm * k, layout.heightMm * k);
  ctx.textBaseline = 'top';
  const firstPage = layout.items.findIndex((p) => p.kind === 'pageBreak');
  for (const p of firstPage < 0 ? layout.items : layout.items.slice(0, firstPage)) {
    switch (p.kind) {
      case 'image': {
        const image = images[p.key];
        if (image) ctx.drawImage(image, p.x * k, p.y * k, p.w * k, p.h * k);
        break;
      }
      case 'text':
        ctx.font = `${p.bold ? 'bold ' : ''}${p.size * k}px ${PAGE_FONT}`;
        ctx.fillStyle = p.colour ?? '#222222';
        ctx.textAlign = p.align ?? 'left';
        ctx.fillText(p.text, p.x * k, p.y * k);
        break;
      case 'rect':
        if (p.fill) {
          ctx.fillStyle = p.fill;
          ctx.fillRect(p.x * k, p.y * k, p.w * k, p.h * k);
        }
        if (p.stroke) {
          ctx.strokeStyle = p.stroke;
          ctx.lineWidth = (p.lineWidth ?? 0.3) * k;
          ctx.strokeRect(p.x * k, p.y * k, p.w * k, p.h * k);
        }
        break;
      case 'line':
        ctx.strokeStyle = p.colour;
        ctx.lineWidth = p.width * k;
        ctx.beginPath();
        ctx.moveTo(p.x1 * k, p.y1 * k);
        ctx.lineTo(p.x2 * k, p.y2 * k);
        ctx.stroke();
        break;
      case 'circle':
        ctx.beginPath();
        ctx.arc(p.x * k, p.y * k, p.r * k, 0, 2 * Math.PI);
        ctx.fillStyle = p.fill;
        ctx.fill();
        if (p.stroke) {
          ctx.strokeStyle = p.stroke;
          ctx.lineWidth = 0.25 * k;
          ctx.stroke();
        }
        break;
      case 'polygon':
        ctx.beginPath();
        p.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x * k, y * k) : ctx.lineTo(x * k, y * k)));
        ctx.closePath();
        ctx.fillStyle = p.fill;
        ctx.fill();
        break;
      case 'pageBreak':
        break;
    }
  }
  ctx.restore();
}
