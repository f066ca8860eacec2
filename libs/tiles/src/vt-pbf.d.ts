declare module 'vt-pbf' {
  /** Encodes geojson-vt style tiles (one per layer name) as a Mapbox Vector Tile protobuf. */
  export function fromGeojsonVt(layers: Record<string, { features: unknown[] }>, options?: { version?: number; extent?: number }): Uint8Array;
  const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt };
  export default vtpbf;
}
