export * from './lib/enums';
export {
  LAYERS, LAYER_IDS, EDITOR_TEAMS, APPROXIMATE_LOCATION, RULE_SUBJECTS, LAYER_PROPERTY_SCHEMAS, PERSONAL_DATA_FIELDS, IMMUTABLE_FIELDS,
  defineLayer, isLayerId, isJudgedLayer, layersOfTeam, verdictSubjectOf, propertyOptions, codedProperties, REGION_REFERENCES, isRegionReference,
} from './lib/layers';
export type { LayerId, JudgedLayerId, EditorTeam, LayerDefinition, RuleSubject, RegionReference } from './lib/layers';
export type { EditableFeature, HealthReport, LayerCount, FeatureCollection, StoredVerdict, StandardsProfileRecord, ThresholdField, ImportJobView, ImportInspection, ImportOptions } from './lib/api-types';
export {
  healthReportSchema, layerCountSchema, geometrySchema, featureCollectionOf, featureCollectionSchema, storedVerdictSchema, standardsProfileRecordSchema,
  thresholdFieldSchema, importJobViewSchema, importInspectionSchema, editableFeatureSchema,
} from './lib/api-types';
export { MICRO_APPS, teamOfApp, SHELL_DEV_PORT, API_DEFAULT_PORT, microAppBase, openingMicroApp } from './lib/micro-apps';
export type { MicroAppName } from './lib/micro-apps';
export { canWriteLayer, canSeePersonalData, isAdmin } from './lib/permissions';
export type { Principal } from './lib/permissions';
export { valueLabel } from './lib/value-labels';
export { headerAliases, valueAlias, looseText } from './lib/layers/aliases';
export { villageNameKey, groupNameKey, townKindOf } from './lib/layers/place-names';
export { issueText, problemsByField } from './lib/validation-messages';
export { basemapChoiceSchema, basemapSource, basemapSourceSchema } from './lib/basemap';
export type { BasemapChoice, BasemapSource } from './lib/basemap';
export { fieldLabel, hasFieldLabel, allLayerProperties } from './lib/field-labels';
export { WATER_TEST_SCHEMA, SERVED_GROUPS_SCHEMA, WATER_RECORD_KINDS, isWaterRecordKind, waterTestSchema, servedGroupSchema, serviceAreaSchema } from './lib/water-records';
export type { WaterTestInput, WaterTest, ServedGroup, WaterRecordKind, ServiceArea } from './lib/water-records';
export { footprintSchema, RELOCATION_FOOTPRINT_RECORD, FOOTPRINT_LIMITS } from './lib/relocation-footprint';
export type { Footprint } from './lib/relocation-footprint';
export { nextRenovationStatus, renovationStepProblems, renovationEvidenceProblems, RENOVATION_EVIDENCE } from './lib/renovation-workflow';
export { consistencyProblems } from './lib/layer-consistency';
export type { ConsistencyProblem } from './lib/layer-consistency';
export type { RenovationStatus } from './lib/renovation-workflow';
export { VILLAGE_SERVICES_SCHEMA, VILLAGE_SERVICES_RECORD, villageServicesSchema } from './lib/village-services';
export type { VillageServices, VillageServicesInput } from './lib/village-services';
export {
  STATISTICS_FIGURES, STATISTICS_BOUNDS, STATISTICS_FIGURES_SCHEMA, VILLAGE_STATISTICS_SCHEMA, VILLAGE_STATISTICS_RECORD, STATISTICS_FIRST_YEAR,
  villageStatisticsSchema, incidencePct,
} from './lib/village-statistics';
export type { StatisticsFigure, VillageStatistics, VillageStatisticsInput } from './lib/village-statistics';
export { AUDIT_SUBJECTS } from './lib/audit-subjects';
export { ADMIN_RECORD_KINDS, isAdminRecordKind } from './lib/admin-records';
export type { AdminRecordKind } from './lib/admin-records';
export { SERVED_CRS, CRS84, CRS84_URI, servedCrs } from './lib/served-crs';
export type { ServedCrs } from './lib/served-crs';
export { REGION_LEVELS, ACCOUNT_REGION_LEVELS, isRegionCode, regionLevelOf, regionPrefixOf, regionAt, regionCovers, regionsOverlap, regionCodeOf } from './lib/regions';
export type { RegionLevel } from './lib/regions';
export { FULL_DETAIL_ZOOM } from './lib/tile-zooms';
export {
  TASK_STATES, TASK_ACTIONS, TASK_ACTION_RULES, TASK_NOTICE_KINDS, LEDGER_COLUMNS, RECTIFICATION_RECORD, TASK_INPUT_SCHEMA, TASKS_FROM_VERDICTS_SCHEMA, TASK_CHANGE_SCHEMA,
  TASK_STEP_SCHEMA, taskSchema, nextTaskState, canWorkTasks, canReviewTasks, canSeeTasksOf, teamsSeenBy,
} from './lib/rectification';
export type { TaskState, TaskAction, TaskNoticeKind, TaskInput, TasksFromVerdicts, TaskChange, TaskStep, Task } from './lib/rectification';
export {
  ATTACHMENT_RECORD, ATTACHMENT_TYPES, ATTACHMENT_LIMITS, ATTACHMENT_PURPOSES, PHOTO_FAR_FROM_FEATURE_M, isAttachmentType, isImageType, fileEnding, canSeeAttachments, canChangeAttachments,
  attachmentSchema, photoTakenWords,
} from './lib/attachments';
export type { AttachmentType, AttachmentPurpose, Attachment } from './lib/attachments';
