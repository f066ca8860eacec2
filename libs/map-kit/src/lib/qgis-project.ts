import { DOMImplementation, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { TEAM_LAYERS, VERDICT_COLOURS, type TeamLayerId } from './layer-catalogue';
import { FAIL_RING, NO_VERDICT_COLOUR } from './layer-style';

/**
 * The map as a QGIS project (`.qgs`, as QGIS 3.22 writes them): each layer shown on the web map as an
 * OGC API – Features layer of this portal (the OAPIF provider, the personal access token in the
 * connection's URL, so QGIS needs no login of its own), coloured as the web map colours it — by the
 * verdicts of the rule it is coloured by, in `VERDICT_COLOURS`, failing points ringed, or in the
 * layer's own colour — with the legend's words; the project in Web Mercator, opened on the same view.
 */
export interface QgisProjectLayer {
  id: TeamLayerId;
  /** The layer's name in the reader's language. */
  name: string;
  visible: boolean;
  /** The rule whose verdicts colour it, or null. */
  colourBy: string | null;
}

export interface QgisProjectInput {
  title: string;
  /** This portal's OGC API, e.g. `https://county.example/ogc`. */
  ogcUrl: string;
  /** A personal access token put in each layer's URL; null on a public deployment. */
  token: string | null;
  /** The view: west, south, east, north in longitude / latitude. */
  extent: [number, number, number, number];
  /** In drawing order, lowest first. */
  layers: QgisProjectLayer[];
  /** The legend's words for each verdict, and for a feature without one. */
  verdictLabels: Record<'pass' | 'fail' | 'unknown' | 'none', string>;
}

const rgba = (hex: string) => `${parseInt(hex.slice(1, 3), 16)},${parseInt(hex.slice(3, 5), 16)},${parseInt(hex.slice(5, 7), 16)},255`;
const HALF_WORLD = 20037508.342789244;
/** Longitude / latitude to Web Mercator metres (the project's CRS). */
const mercator = ([lon, lat]: [number, number]): [number, number] => [
  (lon * HALF_WORLD) / 180,
  (Math.log(Math.tan(((90 + lat) * Math.PI) / 360)) * HALF_WORLD) / Math.PI,
];

function element(doc: Document, name: string, attributes: Record<string, string> = {}, children: Array<Element | string> = []): Element {
  const el = doc.createElement(name);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, value);
  for (const child of children) el.appendChild(typeof child === 'string' ? doc.createTextNode(child) : child);
  return el;
}

/** A spatial reference system as QGIS finds it: by its authority id. */
const srs = (doc: Document, authid: string) => element(doc, 'spatialrefsys', {}, [element(doc, 'authid', {}, [authid])]);

/** A QGIS symbol: a line or a circle marker in a colour (a point with a ring when it fails). */
function symbol(doc: Document, name: string, kind: 'line' | 'circle', colour: string, options: { ring?: string; small?: boolean } = {}) {
  const props: Record<string, string> = kind === 'line'
    ? { line_color: rgba(colour), line_width: '0.6', line_width_unit: 'MM', capstyle: 'round', joinstyle: 'round', line_style: 'solid' }
    : {
      name: 'circle', color: rgba(colour), size: options.small ? '1.2' : '2.4', size_unit: 'MM',
      outline_color: rgba(options.ring ?? '#ffffff'), outline_width: options.ring ? '0.5' : '0.2', outline_width_unit: 'MM', outline_style: 'solid',
    };
  const optionMap = element(doc, 'Option', { type: 'Map' }, Object.entries(props).map(([key, value]) => element(doc, 'Option', { type: 'QString', name: key, value })));
  return element(doc, 'symbol', { type: kind === 'line' ? 'line' : 'marker', name, alpha: '1', clip_to_extent: '1', force_rhr: '0' }, [
    element(doc, 'layer', { class: kind === 'line' ? 'SimpleLine' : 'SimpleMarker', enabled: '1', locked: '0', pass: '0' }, [optionMap]),
  ]);
}

/** How QGIS draws one layer: categories of the colouring rule's verdicts, or one symbol in the layer's colour. */
function renderer(doc: Document, layer: QgisProjectLayer, labels: QgisProjectInput['verdictLabels']) {
  const look = TEAM_LAYERS.find((l) => l.id === layer.id)!;
  const small = layer.id === 'houses';
  if (!layer.colourBy) {
    return element(doc, 'renderer-v2', { type: 'singleSymbol', symbollevels: '0', enableorderby: '0', forceraster: '0' }, [
      element(doc, 'symbols', {}, [symbol(doc, '0', look.kind, look.colour, { small })]),
    ]);
  }
  const categories = (['pass', 'fail', 'unknown'] as const).map((verdict, i) => ({ value: verdict, label: labels[verdict], symbol: String(i), colour: VERDICT_COLOURS[verdict] }));
  return element(doc, 'renderer-v2', { type: 'categorizedSymbol', attr: layer.colourBy, symbollevels: '0', enableorderby: '0', forceraster: '0' }, [
    element(doc, 'categories', {}, [
      ...categories.map((c) => element(doc, 'category', { value: c.value, label: c.label, symbol: c.symbol, render: 'true' })),
      element(doc, 'category', { value: '', label: labels.none, symbol: '3', render: 'true' }),
    ]),
    element(doc, 'symbols', {}, [
      ...categories.map((c) => symbol(doc, c.symbol, look.kind, c.colour, { small, ring: c.value === 'fail' ? FAIL_RING : undefined })),
      symbol(doc, '3', look.kind, NO_VERDICT_COLOUR, { small }),
    ]),
  ]);
}

/** The connection of one collection: QGIS's OAPIF provider on this portal, with the token in the URL. */
export function oapifSource(ogcUrl: string, token: string | null, collection: string): string {
  const url = token ? `${ogcUrl}?access_token=${encodeURIComponent(token)}` : ogcUrl;
  return `pagingEnabled='true' restrictToRequestBBOX='1' typename='${collection}' url='${url}'`;
}

/** The project file's text. */
export function qgisProject(input: QgisProjectInput): string {
  const doc = new DOMImplementation().createDocument(null, 'qgis', null);
  const root = doc.documentElement!;
  root.setAttribute('version', '3.22.16-Białowieża');
  root.setAttribute('projectname', input.title);
  const ids = input.layers.map((layer, i) => `cuntu_${layer.id}_${i}`);
  const [xmin, ymin] = mercator([input.extent[0], input.extent[1]]);
  const [xmax, ymax] = mercator([input.extent[2], input.extent[3]]);
  // The layer tree lists the top layer first; the layers are given lowest first.
  const topFirst = input.layers.map((layer, i) => ({ layer, id: ids[i] })).reverse();
  for (const child of [
    element(doc, 'homePath', { path: '' }),
    element(doc, 'title', {}, [input.title]),
    element(doc, 'projectCrs', {}, [srs(doc, 'EPSG:3857')]),
    element(doc, 'layer-tree-group', {}, topFirst.map(({ layer, id }) => element(doc, 'layer-tree-layer', {
      id, name: layer.name, providerKey: 'OAPIF', source: oapifSource(input.ogcUrl, input.token, layer.id), checked: layer.visible ? 'Qt::Checked' : 'Qt::Unchecked', expanded: '1',
    }))),
    element(doc, 'mapcanvas', { name: 'theMapCanvas', annotationsVisible: '1' }, [
      element(doc, 'units', {}, ['meters']),
      element(doc, 'extent', {}, [
        element(doc, 'xmin', {}, [String(xmin)]), element(doc, 'ymin', {}, [String(ymin)]),
        element(doc, 'xmax', {}, [String(xmax)]), element(doc, 'ymax', {}, [String(ymax)]),
      ]),
      element(doc, 'rotation', {}, ['0']),
      element(doc, 'destinationsrs', {}, [srs(doc, 'EPSG:3857')]),
    ]),
    element(doc, 'projectlayers', {}, input.layers.map((layer, i) => element(doc, 'maplayer', {
      type: 'vector', geometry: TEAM_LAYERS.find((l) => l.id === layer.id)!.kind === 'line' ? 'Line' : 'Point', labelsEnabled: '0', readOnly: '0',
    }, [
      element(doc, 'id', {}, [ids[i]]),
      element(doc, 'datasource', {}, [oapifSource(input.ogcUrl, input.token, layer.id)]),
      element(doc, 'layername', {}, [layer.name]),
      element(doc, 'srs', {}, [srs(doc, 'EPSG:4326')]),
      element(doc, 'provider', { encoding: '' }, ['OAPIF']),
      renderer(doc, layer, input.verdictLabels),
    ]))),
    element(doc, 'layerorder', {}, topFirst.map(({ id }) => element(doc, 'layer', { id }))),
  ]) root.appendChild(child);
  return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n${new XMLSerializer().serializeToString(doc)}\n`;
}
