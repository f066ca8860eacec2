export * from './lib/enums';
export { LAYERS, LAYER_IDS, EDITOR_TEAMS } from './lib/layers';
export type { LayerId, EditorTeam } from './lib/layers';
export type { HealthReport, LayerCount, FeatureCollection, StoredVerdict } from './lib/api-types';
export { MICRO_APPS, SHELL_DEV_PORT, API_DEFAULT_PORT, microAppBase } from './lib/micro-apps';
export type { MicroAppName } from './lib/micro-apps';
export { LAYER_PROPERTY_SCHEMAS, PERSONAL_DATA_FIELDS, IMMUTABLE_FIELDS } from './lib/layer-schemas';
export { canWriteLayer, canSeePersonalData, isAdmin } from './lib/permissions';
export type { Principal } from './lib/permissions';
