/**
 * The facts the verdict functions read, one shape per subject. Spatial facts (distances, connectivity)
 * are computed by the database; these types are the contract between that SQL and the rules.
 */

export interface VillageFacts {
  code: string;
  name: string;
  population: number | null;
  notLiftedPeople: number | null;
  /** The year whose statistics were read (the as-of date's), when the village has none for it: its figures are all unknown. */
  statisticsMissingFor?: number;
  powerCoveragePct: number | null;
  tvCoveragePct: number | null;
  broadbandFibre: boolean | null;
  broadbandMbps: number | null;
  clinic: { areaM2: number | null; rooms: string[] | null; staff: number | null; licensedDoctors: number | null } | null;
  culturalCentre: { items: string[] | null } | null;
  /** Distance to the nearest stop with bus service, and to the nearest stop whose service is not recorded (km). */
  bus: { servicedKm: number | null; unrecordedKm: number | null };
  /**
   * 通村: distance (m) from the committee (or settlement outline) to the nearest segment of a network of
   * passing hardened segments connected to the outside; `possibleM` also lets segments of unknown surface or
   * width count; `nearestHardenedM` is the nearest passing segment, connected or not (a stub).
   */
  route: { connectedM: number | null; possibleM: number | null; nearestHardenedM: number | null };
  /** Per natural village, the tiers of the sources serving it (empty: none serves it). */
  groups: Array<{ code: string; name: string; sourceTiers: import('./verdict').WaterTier[] }>;
}

export interface RoadFacts {
  id: number;
  surface: string | null;
  widthM: number | null;
  exemption: string | null;
}

export interface GroupFacts {
  code: string;
  name: string;
  households: number | null;
  /** Distance (m) to the nearest passing hardened segment; `possibleM` with unknown segments allowed. */
  hardenedM: number | null;
  possibleM: number | null;
}

export interface WaterSourceFacts {
  id: number;
  name: string;
  regionType: 'water_rich' | 'water_scarce' | null;
  dailyCapacityM3: number | null;
  populationServed: number | null;
  pipedToYard: boolean | null;
  fetchMinutes: number | null;
  reliabilityPct: number | null;
  latestTest: { sampledOn: string; meetsGb5749: boolean | null; meetsRuralCriteria: boolean | null } | null;
}

export interface HouseFacts {
  id: number;
  safetyRating: 'A' | 'B' | 'C' | 'D' | null;
  priorityGroup: string | null;
  renovationPath: string | null;
  renovationStatus: string | null;
  householdSize: number | null;
  rebuiltAreaM2: number | null;
  oldDemolished: boolean | null;
}

export interface RelocationSiteFacts {
  id: number;
  name: string;
  areaPerPersonM2: number | null;
  selfFundingPerPersonYuan: number | null;
  selfFundingMaxHouseholdYuan: number | null;
  oldHomesTotal: number | null;
  oldHomesDemolished: number | null;
  labourHouseholds: number | null;
  employedHouseholds: number | null;
  nearestSchoolKm: number | null;
  nearestClinicKm: number | null;
}
