import { exportsApi, XLSX_TYPE } from '@cuntu/api-contract';
import { propertyColumns } from '@cuntu/db';
import { canSeePersonalData, LAYER_PROPERTY_SCHEMAS, PERSONAL_DATA_FIELDS, type LayerId } from '@cuntu/domain';
import { fromWgs84, shapefileFieldNames, writeCsv, writeGeoPackage, writeShapefileZip, writeXlsx, type Geometry } from '@cuntu/geo-io';
import { ApiError } from '../errors';
import { attachment } from '../imports/read-file';
import { featuresService } from '../features/features.service';
import { layerParam, parseListQuery } from '../features/request-parsing';
import { featureContext } from './features.routes';
import { contractRouter } from './contract-routes';

/** The export's own parameters (the rest select features, as in the features API). */
const EXPORT_PARAMS = new Set(Object.keys(exportsApi.routes.layer.request.query.shape));
/** The most features one export writes. */
const MAX_EXPORT = 1_000_000;

/**
 * The properties an export writes, the layer's editable ones first (in schema order, so a Shapefile's
 * short field names are the ones an import expects), then id, version and who changed it when.
 */
function exportFields(layer: LayerId, personalData: boolean): string[] {
  const hidden = (name: string) => !personalData && (PERSONAL_DATA_FIELDS as readonly string[]).includes(name);
  const editable = Object.keys(LAYER_PROPERTY_SCHEMAS[layer].shape);
  const rest = Object.keys(propertyColumns(layer)).filter((name) => !editable.includes(name));
  return [...editable, ...rest].filter((name) => !hidden(name));
}


/**
 * Export of a layer, or the features a filter selects (the features API's `bbox`, `property=value` and
 * CQL2 `filter`), as GeoJSON, GeoPackage, CSV (WKT or longitude/latitude), a workbook or a zipped
 * Shapefile (GBK or UTF-8, with .cpg and .prj), in WGS-84 or (but GeoPackage) GCJ-02. Household
 * personal data only for those who may see it.
 */
export const exportsRoutes = contractRouter().openapi(exportsApi.routes.layer, async (c) => {
  const layer = layerParam(c);
  const query = c.req.query();
  const options = c.req.valid('query');
  const filters = parseListQuery(layer, Object.fromEntries(Object.entries(query).filter(([k]) => !EXPORT_PARAMS.has(k) && k !== 'limit' && k !== 'offset')));
  const { features } = await featuresService.list(featureContext(c), layer, { ...filters, limit: MAX_EXPORT, offset: 0 });
  const rows = features.map((f) => ({
    id: f.id,
    geometry: fromWgs84(f.geometry as Geometry, options.frame),
    properties: Object.fromEntries(Object.entries(f.properties).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
  }));
  const fields = exportFields(layer, canSeePersonalData(c.get('user')));
  const stamp = new Date().toISOString().slice(0, 10);
  const base = `${layer}-${stamp}`;
  c.header('X-Feature-Count', String(rows.length));

  if (options.format === 'geojson') {
    c.header('Content-Type', 'application/geo+json; charset=utf-8');
    c.header('Content-Disposition', attachment(`${base}.geojson`));
    return c.body(JSON.stringify({ type: 'FeatureCollection', name: layer, features: rows.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties })) }));
  }
  if (options.format === 'gpkg') {
    // A GeoPackage says its coordinate system: WGS-84 (EPSG:4326); GCJ-02 has no code to say it by.
    if (options.frame !== 'wgs84') throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, [{ field: 'frame', problem: 'a GeoPackage is written in WGS-84 (EPSG:4326)' }]);
    c.header('Content-Type', 'application/geopackage+sqlite3');
    c.header('Content-Disposition', attachment(`${base}.gpkg`));
    return c.body(await writeGeoPackage(layer, rows, fields) as Uint8Array<ArrayBuffer>);
  }
  if (options.format === 'csv' || options.format === 'xlsx') {
    if (options.geometry === 'lonlat' && rows.some((f) => f.geometry.type !== 'Point')) {
      throw new ApiError(400, 'invalid_query', '线要素请用 WKT 导出 / Lines need geometry=wkt', [{ field: 'geometry', problem: 'lonlat is for points' }]);
    }
    if (options.format === 'xlsx') {
      c.header('Content-Type', XLSX_TYPE);
      c.header('Content-Disposition', attachment(`${base}.xlsx`));
      return c.body(writeXlsx(rows, fields, options.geometry, layer) as Uint8Array<ArrayBuffer>);
    }
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachment(`${base}.csv`));
    return c.body(writeCsv(rows, fields, options.geometry));
  }
  const names = shapefileFieldNames(fields);
  const zip = writeShapefileZip(base, rows.map((f) => f.geometry), fields.map((field, i) => ({ name: names[i], values: rows.map((f) => f.properties[field] ?? null) })), options.encoding);
  c.header('Content-Type', 'application/zip');
  c.header('Content-Disposition', attachment(`${base}-shp.zip`));
  return c.body(zip as Uint8Array<ArrayBuffer>);
});
