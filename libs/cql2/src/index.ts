export { readCql2Text, cql2TextToJson } from './lib/cql2-text';
export { readCql2Json, geometryLiteral, CQL2_LIMITS } from './lib/cql2-json';
export { Cql2Error, propertiesOf, COMPARISON_OPS, SPATIAL_OPS } from './lib/cql2-tree';
export type { Cql2Node, Scalar, SpatialArgument, GeometryLiteral, ComparisonOp, SpatialOp } from './lib/cql2-tree';
