/** The [west, south, east, north] box around every coordinate of a GeoJSON object. */
export function boundsOf(geojson: unknown): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      box[0] = Math.min(box[0], value[0]);
      box[1] = Math.min(box[1], value[1]);
      box[2] = Math.max(box[2], value[0]);
      box[3] = Math.max(box[3], value[1]);
      return;
    }
    value.forEach(visit);
  };
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; features?: unknown[]; geometry?: unknown; coordinates?: unknown };
    if (n.features) n.features.forEach(walk);
    else if (n.geometry) walk(n.geometry);
    else visit(n.coordinates);
  };
  walk(geojson);
  return box;
}
