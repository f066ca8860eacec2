import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { fieldLabel, LAYERS, valueLabel, type LayerId } from '@cuntu/domain';
import { message, negotiateLocale, type Locale } from '@cuntu/messages';
import { ApiError } from '../errors';

/**
 * OGC API – Features as plain HTML pages (Part 1's HTML conformance class), for a person browsing the
 * service as pygeoapi and pg_featureserv serve it: the same resources as the JSON, in the reader's
 * language, every value escaped, each page linking to its JSON and the JSON back to it.
 */

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
interface Link { href: string; rel: string; type?: string; title?: string }

/** What the client asked for: `f=html` / `f=json`, else a browser's Accept (text/html before any JSON) means HTML. */
export function wantsHtml(c: Context): boolean {
  const f = c.req.query('f');
  if (f !== undefined) {
    if (f !== 'html' && f !== 'json') throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, [{ field: 'f', problem: 'json or html' }]);
    return f === 'html';
  }
  const accept = c.req.header('accept') ?? '';
  const htmlAt = accept.indexOf('text/html');
  const jsonAt = accept.search(/json/);
  return htmlAt >= 0 && (jsonAt < 0 || htmlAt < jsonAt);
}

/** The same address in another representation (`f=html` or `f=json`). */
export function representation(href: string, f: 'html' | 'json'): string {
  const url = new URL(href);
  url.searchParams.set('f', f);
  return url.href;
}

/** The link to the other representation of this resource, for the JSON's `links`. */
export const htmlAlternate = (c: Context): Link => ({ href: representation(c.req.url, 'html'), rel: 'alternate', type: 'text/html', title: 'HTML' });

const STYLE = `
body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; margin: 0; color: #222; font-size: 14px; }
header { background: #27445c; color: #fff; padding: 10px 24px; display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
header a { color: #dce6ee; }
main { padding: 16px 24px; max-width: 1400px; }
h1 { font-size: 22px; margin: 8px 0 12px; color: #27445c; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border-bottom: 1px solid #e3e7eb; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f4f6f8; position: sticky; top: 0; }
.scroll { overflow-x: auto; }
.muted { color: #666; }
nav.paging { display: flex; gap: 16px; margin: 8px 0; }
code { word-break: break-all; }
footer { padding: 8px 24px; color: #666; border-top: 1px solid #e3e7eb; }`;

/** A whole page: title, breadcrumbs, the content, and the link to the same resource as JSON. */
function page(c: Context, locale: Locale, title: string, crumbs: Array<[string, string]>, content: Html) {
  const json = representation(c.req.url, 'json');
  return c.html(html`<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · ${message(locale, 'ogcHtml.service')}</title><style>${raw(STYLE)}</style><link rel="alternate" type="application/json" href="${json}"></head>
<body>
<header><strong>${message(locale, 'ogcHtml.service')}</strong>${crumbs.map(([label, href]) => html`<span>› <a href="${href}">${label}</a></span>`)}</header>
<main><h1>${title}</h1>${content}</main>
<footer><a href="${json}" data-format="json">${message(locale, 'ogcHtml.asJson')}</a></footer>
</body></html>`);
}

/** Renders the pages of one request in the reader's language (Accept-Language; Chinese first). */
export function ogcHtml(c: Context, base: string) {
  const locale = negotiateLocale(c.req.header('accept-language'));
  const t = (key: string, params?: Record<string, string | number>) => message(locale, `ogcHtml.${key}`, params);
  const at = (path: string) => representation(`${base}${path}`, 'html');
  const home: [string, string] = [t('landing'), at('')];
  const collections: [string, string] = [t('collections'), at('/collections')];
  const layerName = (layer: LayerId) => message(locale, `layer.${layer}`);
  const shown = (property: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (Array.isArray(value)) return value.map((v) => shown(property, v)).join('、');
    if (value instanceof Date) return `${value.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return valueLabel(property, value, locale);
    return JSON.stringify(value);
  };

  return {
    landing: (links: Link[]) => page(c, locale, t('landing'), [], html`
      <p>${t('landingLead')}</p>
      <ul>${links.filter((l) => l.rel !== 'self' && l.rel !== 'alternate').map((l) => html`<li><a href="${l.rel === 'data' || l.rel === 'conformance' ? representation(l.href, 'html') : l.href}" data-rel="${l.rel}">${message(locale, `ogcHtml.rel.${l.rel.split('/').pop()}`)}</a></li>`)}</ul>`),

    conformance: (classes: string[]) => page(c, locale, t('conformance'), [home], html`
      <p>${t('conformanceLead')}</p><ul>${classes.map((uri) => html`<li><code>${uri}</code></li>`)}</ul>`),

    collections: (list: Array<{ id: LayerId; extent: { spatial: { bbox: number[][] } } }>) => page(c, locale, t('collections'), [home], html`
      <table><thead><tr><th>${t('collection')}</th><th>${t('id')}</th><th>${t('extent')}</th></tr></thead><tbody>
      ${list.map((col) => html`<tr data-collection="${col.id}"><td><a href="${at(`/collections/${col.id}`)}">${layerName(col.id)}</a></td><td><code>${col.id}</code></td><td class="muted">${col.extent.spatial.bbox[0].map((n) => n.toFixed(4)).join(', ')}</td></tr>`)}
      </tbody></table>`),

    collection: (layer: LayerId, crs: string[], bbox: number[]) => page(c, locale, layerName(layer), [home, collections], html`
      <p>${t('collectionLead', { geometry: LAYERS[layer].geometry })}</p>
      <ul>
        <li><a href="${at(`/collections/${layer}/items`)}" data-rel="items">${t('browseItems')}</a></li>
        <li><a href="${base}/collections/${layer}/queryables" data-rel="queryables">${t('queryables')}</a> <span class="muted">(JSON Schema)</span></li>
      </ul>
      <p>${t('extent')}: <code>${bbox.map((n) => n.toFixed(6)).join(', ')}</code></p>
      <details><summary>${t('crsCount', { n: crs.length })}</summary><ul>${crs.map((uri) => html`<li><code>${uri}</code></li>`)}</ul></details>`),

    items: (layer: LayerId, body: { numberMatched: number; numberReturned: number; features: Array<{ id: string | number; properties: Record<string, unknown> }>; links: Link[] }) => {
      // The key is the first column, a link to the feature's page.
      const names = [...new Set(body.features.flatMap((f) => Object.keys(f.properties)))].filter((name) => name !== LAYERS[layer].key);
      const next = body.links.find((l) => l.rel === 'next');
      const prev = body.links.find((l) => l.rel === 'prev');
      return page(c, locale, `${layerName(layer)} · ${t('items')}`, [home, collections, [layerName(layer), at(`/collections/${layer}`)]], html`
        <p data-testid="matched">${t('matched', { matched: body.numberMatched, returned: body.numberReturned })}</p>
        <nav class="paging">${prev ? html`<a href="${representation(prev.href, 'html')}" data-rel="prev">${t('prev')}</a>` : ''}${next ? html`<a href="${representation(next.href, 'html')}" data-rel="next">${t('next')}</a>` : ''}</nav>
        <div class="scroll"><table><thead><tr><th>${t('id')}</th>${names.map((n) => html`<th title="${n}">${fieldLabel(n, locale)}</th>`)}</tr></thead><tbody>
        ${body.features.map((f) => html`<tr data-feature="${String(f.id)}"><td><a href="${at(`/collections/${layer}/items/${f.id}`)}">${String(f.id)}</a></td>${names.map((n) => html`<td>${shown(n, f.properties[n])}</td>`)}</tr>`)}
        </tbody></table></div>`);
    },

    item: (layer: LayerId, feature: { id: string | number; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> }) => {
      const label = String(feature.properties[LAYERS[layer].labelProperty] ?? feature.id);
      return page(c, locale, label, [home, collections, [layerName(layer), at(`/collections/${layer}`)], [t('items'), at(`/collections/${layer}/items`)]], html`
        <table><tbody>
        ${Object.entries(feature.properties).map(([name, value]) => html`<tr data-property="${name}"><th title="${name}">${fieldLabel(name, locale)}</th><td>${shown(name, value)}</td></tr>`)}
        <tr><th>${t('geometry')}</th><td>${feature.geometry?.type ?? '—'} <code class="muted">${JSON.stringify(feature.geometry?.coordinates ?? null).slice(0, 400)}</code></td></tr>
        </tbody></table>`);
    },
  };
}
