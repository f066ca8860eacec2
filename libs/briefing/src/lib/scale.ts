/** Earth's equatorial circumference in metres (the Web Mercator sphere). */
const EARTH_CIRCUMFERENCE_M = 40_075_016.686;

/**
 * Ground metres per CSS pixel of a MapLibre map (512-pixel tiles) at a zoom and latitude: what one
 * pixel covers at the centre of the view.
 */
export function metresPerCssPixel(zoom: number, latitude: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

export interface ScaleBar {
  /** The length the bar stands for, in metres: a round number (1, 2 or 5 × 10ⁿ). */
  lengthM: number;
  /** How long it is drawn, on paper. */
  lengthMm: number;
  /** Its label: `2 公里` or `500 米`. */
  label: string;
  /** The printed scale as a ratio, 1 : denominator (rounded). */
  denominator: number;
}

/**
 * A scale bar for a map printed at `metresPerMm` (ground metres per millimetre of paper): the
 * longest round length that fits in `maxMm`.
 */
export function scaleBar(metresPerMm: number, maxMm: number): ScaleBar {
  const maxM = metresPerMm * maxMm;
  const power = 10 ** Math.floor(Math.log10(maxM));
  const lengthM = [5, 2, 1].map((f) => f * power).find((m) => m <= maxM) ?? power;
  const label = lengthM >= 1000 ? `${lengthM / 1000} 公里 km` : `${lengthM} 米 m`;
  return { lengthM, lengthMm: lengthM / metresPerMm, label, denominator: Math.round(metresPerMm * 1000) };
}
