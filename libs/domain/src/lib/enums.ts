/** Administrative levels of the region hierarchy, with the length of their division code. */
export const REGION_LEVELS = ['county', 'town', 'village', 'group'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** 乡镇 kinds: 镇, 乡 and the Inner-Mongolian 苏木. */
export const TOWN_KINDS = ['town', 'township', 'sumu'] as const;
/** 行政村 kinds: 村 and the Inner-Mongolian 嘎查. */
export const VILLAGE_KINDS = ['village', 'gacha'] as const;

export const ROAD_CLASSES = ['trunk', 'county', 'township', 'village', 'group'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];
/** Surfaces; the first three count as hardened (硬化). */
export const ROAD_SURFACES = ['asphalt', 'cement_concrete', 'other_hardened', 'gravel', 'earth'] as const;
export type RoadSurface = (typeof ROAD_SURFACES)[number];
export const HARDENED_SURFACES: readonly RoadSurface[] = ['asphalt', 'cement_concrete', 'other_hardened'];
export const ROAD_EXEMPTIONS = ['difficult_terrain', 'small_village'] as const;

export const FACILITY_KINDS = ['clinic', 'cultural_centre', 'bus_stop', 'school'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];
export const CLINIC_ROOMS = ['consulting', 'treatment', 'public_health', 'pharmacy'] as const;
export const CULTURE_ITEMS = ['room', 'square', 'stage', 'notice_board', 'culture_kit', 'broadcast_kit', 'sports_kit'] as const;

export const WATER_SOURCE_KINDS = ['centralised_works', 'small_works', 'well', 'spring', 'purifier'] as const;
export const WATER_REGION_TYPES = ['water_rich', 'water_scarce'] as const;

export const SAFETY_RATINGS = ['A', 'B', 'C', 'D'] as const;
export type SafetyRating = (typeof SAFETY_RATINGS)[number];
export const PRIORITY_GROUPS = ['registered_poor', 'dibao', 'tekun', 'disabled_poor'] as const;
export const RENOVATION_PATHS = ['repair', 'rebuild', 'relocate'] as const;
export const RENOVATION_STATUSES = ['identified', 'planned', 'in_progress', 'completed', 'accepted'] as const;

export const RELOCATION_KINDS = ['centralised', 'dispersed'] as const;

/** 扶贫项目资产 kinds: 村级光伏电站, 产业项目, 扶贫车间, and others a county keeps. */
export const ASSET_KINDS = ['pv_station', 'industry_project', 'workshop', 'other_asset'] as const;

export const ROLES = ['viewer', 'leader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const VERDICTS = ['pass', 'fail', 'unknown'] as const;
export type Verdict = (typeof VERDICTS)[number];
/** Tiered verdicts where the standard is tiered (drinking water). */
export const WATER_TIERS = ['safe', 'basically_safe', 'unsafe', 'unknown'] as const;

/** The coordinate frames a county's file can be in: WGS-84 and CGCS2000 agree to within centimetres here; GCJ-02 is the offset frame of Chinese phone and web-map apps. */
export const COORDINATE_FRAMES = ['wgs84', 'cgcs2000', 'gcj02'] as const;

/** What the audit log records of a change. */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'revert', 'import', 'activate', 'reset_password'] as const;

/** A record as the audit log keeps it before or after a change: a feature's geometry and properties, or a record's fields as properties. */
export interface AuditedState {
  geometry?: unknown;
  properties: Record<string, unknown>;
}
