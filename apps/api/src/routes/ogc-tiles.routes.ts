import { Hono, type Context } from 'hono';
import { canSeePersonalData, CRS84, LAYERS, type LayerId } from '@cuntu/domain';
import { isValidTile, MAX_ZOOM, tileAttributes } from '@cuntu/tiles';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { layerExtent, ogcHref } from './ogc-links';
import { regionOf } from '../auth/region';
import { layerParam } from '../features/request-parsing';
import { verdictRulesOf } from '../features/queryables';
import { serveTile } from './tiles.routes';

/**
 * OGC API – Tiles beside the web map's tile URLs: the one tiling scheme served (WebMercatorQuad, as
 * OGC 17-083r4 defines it), each collection's vector tileset with its metadata, and the tiles at
 * `{tileMatrix}/{tileRow}/{tileCol}` (row before column, unlike `/api/tiles/{z}/{x}/{y}`), the same
 * bytes from the same cache. So QGIS, ArcGIS and GDAL find the tiles from /ogc alone.
 */
export const OGC_TILES_CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/tms/2.0/conf/tilematrixset',
  'http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset',
];

const TMS_ID = 'WebMercatorQuad';
const TMS_URI = 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad';
const MERCATOR_URI = 'http://www.opengis.net/def/crs/EPSG/0/3857';
const MVT = 'application/vnd.mapbox-vector-tile';
const REL = (name: string) => `http://www.opengis.net/def/rel/ogc/1.0/${name}`;
/** Half the side of the Web Mercator square, in metres; the scale of zoom 0 at 0.28 mm pixels (OGC 17-083r4, Annex D). */
const ORIGIN = 20037508.3427892;
const SCALE_0 = 559082264.0287178;

/** A 404 unless the path names the one tiling scheme served, WebMercatorQuad. */
function requireTileMatrixSet(c: Context) {
  const id = c.req.param('tileMatrixSetId');
  if (id !== TMS_ID) throw new ApiError(404, 'not_found', `No tile matrix set ${id}: ${TMS_ID} only`);
}

/** WebMercatorQuad as a TileMatrixSet 2.0 document, zoom 0 to the deepest the tiles serve. */
function tileMatrixSet(c: Context) {
  return {
    id: TMS_ID,
    title: 'Google Maps Compatible for the World',
    uri: TMS_URI,
    crs: MERCATOR_URI,
    orderedAxes: ['E', 'N'],
    wellKnownScaleSet: 'http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible',
    tileMatrices: Array.from({ length: MAX_ZOOM + 1 }, (_, z) => ({
      id: String(z),
      scaleDenominator: SCALE_0 / 2 ** z,
      cellSize: (2 * ORIGIN) / 256 / 2 ** z,
      cornerOfOrigin: 'topLeft',
      pointOfOrigin: [-ORIGIN, ORIGIN],
      tileWidth: 256,
      tileHeight: 256,
      matrixWidth: 2 ** z,
      matrixHeight: 2 ** z,
    })),
    links: [{ href: ogcHref(c, `/tileMatrixSets/${TMS_ID}`), rel: 'self', type: 'application/json' }],
  };
}

const tilingScheme = (c: Context) => ({ href: ogcHref(c, `/tileMatrixSets/${TMS_ID}`), rel: REL('tiling-scheme'), type: 'application/json', title: TMS_ID });
const tilesetPath = (layer: LayerId) => `/collections/${layer}/tiles/${TMS_ID}`;

/** A collection's vector tileset: its tiling scheme, its one layer with the attributes the tiles carry, the tile template. */
async function tileset(c: Context<AppEnv>, layer: LayerId) {
  const extent = await layerExtent(c.get('database'), layer, regionOf(c.get('user')));
  const properties: Record<string, { type: string }> = {};
  for (const { name, column } of tileAttributes(layer, canSeePersonalData(c.get('user')))) {
    properties[name] = { type: column.dataType === 'number' ? 'number' : column.dataType === 'boolean' ? 'boolean' : 'string' };
  }
  for (const rule of verdictRulesOf(layer)) properties[rule] = { type: 'string' };
  const geometryDimension = { Point: 0, LineString: 1, MultiLineString: 1, Polygon: 2, MultiPolygon: 2 }[LAYERS[layer].geometry as string] ?? undefined;
  return {
    title: `${LAYERS[layer].labelZh} ${LAYERS[layer].labelEn}`,
    dataType: 'vector',
    crs: MERCATOR_URI,
    tileMatrixSetURI: TMS_URI,
    ...(extent && { boundingBox: { lowerLeft: extent.slice(0, 2), upperRight: extent.slice(2), crs: CRS84.uri } }),
    layers: [{ id: layer, title: LAYERS[layer].labelEn, dataType: 'vector', geometryDimension, minTileMatrix: '0', maxTileMatrix: String(MAX_ZOOM), propertiesSchema: { type: 'object', properties } }],
    links: [
      { href: ogcHref(c, tilesetPath(layer)), rel: 'self', type: 'application/json' },
      tilingScheme(c),
      { href: ogcHref(c, `/collections/${layer}`), rel: 'collection', type: 'application/json' },
      { href: ogcHref(c, `${tilesetPath(layer)}/{tileMatrix}/{tileRow}/{tileCol}`), rel: 'item', type: MVT, templated: true, title: 'Vector tiles' },
    ],
  };
}

export const ogcTilesRoutes = new Hono<AppEnv>()
  .get('/tileMatrixSets', (c) => {
    const { id, title, uri, links } = tileMatrixSet(c);
    return c.json({ tileMatrixSets: [{ id, title, uri, links }] });
  })
  .get('/tileMatrixSets/:tileMatrixSetId', (c) => {
    requireTileMatrixSet(c);
    return c.json(tileMatrixSet(c));
  })
  .get('/collections/:collectionId/tiles', async (c) => {
    const layer = layerParam(c);
    const { title, dataType, crs, tileMatrixSetURI, links } = await tileset(c, layer);
    return c.json({
      links: [{ href: ogcHref(c, `/collections/${layer}/tiles`), rel: 'self', type: 'application/json' }],
      tilesets: [{ title, dataType, crs, tileMatrixSetURI, links: [{ ...links[0], rel: 'self' }, links[1]] }],
    });
  })
  .get('/collections/:collectionId/tiles/:tileMatrixSetId', async (c) => {
    const layer = layerParam(c);
    requireTileMatrixSet(c);
    return c.json(await tileset(c, layer));
  })
  .get('/collections/:collectionId/tiles/:tileMatrixSetId/:tileMatrix/:tileRow/:tileCol', async (c) => {
    const layer = layerParam(c);
    requireTileMatrixSet(c);
    const { tileMatrix, tileRow, tileCol } = c.req.param();
    const address = { z: Number(tileMatrix), y: Number(tileRow), x: Number(tileCol) };
    const problem = `tileMatrix 0–${MAX_ZOOM}, tileRow and tileCol 0 to 2^tileMatrix − 1`;
    if (![tileMatrix, tileRow, tileCol].every((part) => /^\d+$/.test(part))) throw new ApiError(400, 'invalid_tile', `No tile ${tileMatrix}/${tileRow}/${tileCol}: ${problem}`);
    // Numbers outside the tile matrix name no tile: a 404, as OGC API – Tiles asks.
    if (!isValidTile(address)) throw new ApiError(404, 'not_found', `No tile ${tileMatrix}/${tileRow}/${tileCol}: ${problem}`);
    return serveTile(c, layer, address, undefined);
  });
