export { generateSampleData, JIGESITAI } from './lib/generate';
export { loadCountyBoundaries } from './lib/boundaries';
export { loadSampleData, getSampleMeta, databaseChecksum } from './lib/load';
export type { SampleMeta, LoadProgress } from './lib/load';
export { datasetChecksum } from './lib/checksum';
export { GENERATE_DEFAULTS, SAMPLE_AS_OF, TABLE_ORDER } from './lib/dataset';
export type { SampleDataset, GenerateOptions, TableName } from './lib/dataset';
export { Random } from './lib/random';
