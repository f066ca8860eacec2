export * from './lib/schema/index';
export { geometry, asGeoJson } from './lib/geometry';
export type { GeoJsonGeometry, GeometryKind } from './lib/geometry';
export { openDatabase, migrateDatabase, MIGRATIONS_FOLDER, PLAN_CACHE_MODE } from './lib/open-database';
export type { Database, Db, RowsOptions, DriverName, OpenDatabaseOptions, Schema } from './lib/open-database';
export { getPostgisVersion, getSchemaVersion, latestMigrationTag } from './lib/database-info';
export { LAYER_TABLES, isLayerId, propertyColumns } from './lib/layer-tables';
export type { LayerTable } from './lib/layer-tables';
export { pgArray } from './lib/sql-values';
