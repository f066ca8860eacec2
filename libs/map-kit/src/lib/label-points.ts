/** A region feature that names the point its label belongs at (a town's seat). */
interface Seated {
  properties: { name: string; seat?: [number, number] | null };
}

/**
 * One label point per region, at its seat: a region whose outline has several parts would otherwise be
 * labelled once per part.
 */
export function seatLabelPoints(collection: { features: Seated[] }) {
  return {
    type: 'FeatureCollection' as const,
    features: collection.features
      .filter((f) => f.properties.seat)
      .map((f) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: f.properties.seat! }, properties: { name: f.properties.name } })),
  };
}
