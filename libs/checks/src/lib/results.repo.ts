import { getTableName, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { codeInRegionSql, inRegionSql, LAYER_TABLES, propertyColumns, type Database } from '@cuntu/db';
import { EXIT_RULE_IDS, RULES, exitReadiness, rulesCarriedBy } from '@cuntu/standards';
import { incidencePct, LAYERS, regionLevelOf, RENOVATION_STATUSES, type FeatureCollection, type RegionLevel, type LayerDefinition, type LayerId, type StoredVerdict } from '@cuntu/domain';
import { pgArray } from './scope';
import { statisticsYearOf } from './run-checks';
import { verdictPlace } from './figures';

export interface SummaryArea {
  profileId: number;
  countyCode?: string;
  townCode?: string;
  /** Only these villages (and what lies in them), e.g. those in the map view. */
  villageCodes?: string[];
  /** Only verdicts placed in this region (a division code), e.g. the reader's; null or absent: all. */
  region?: string | null;
}

/** A verdict placed in a region: by its village, else its town, else its county (a road outside any village). */
const resultInRegion = (region: string | null | undefined, alias: SQL): SQL =>
  region ? sql`AND ${codeInRegionSql(verdictPlace(alias), region)}` : sql``;

/** A stored verdict as read back (the shape the API returns). */
export type ResultRow = StoredVerdict;

const RESULT_COLUMNS = sql`rule_id AS "ruleId", subject_type AS "subjectType", subject_id AS "subjectId", village_code AS "villageCode",
  verdict, tier, measured, threshold, reason_zh AS "reasonZh", reason_en AS "reasonEn", profile_id AS "profileId",
  profile_version AS "profileVersion", to_char(computed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "computedAt"`;

const areaFilter = (a: SummaryArea, alias = sql`r`): SQL => sql`${alias}.profile_id = ${a.profileId}
  ${a.countyCode ? sql`AND ${alias}.county_code = ${a.countyCode}` : sql``}
  ${a.townCode ? sql`AND ${alias}.town_code = ${a.townCode}` : sql``}
  ${a.villageCodes ? sql`AND ${alias}.village_code = ANY(${pgArray(a.villageCodes)}::text[])` : sql``}
  ${resultInRegion(a.region, alias)}`;

/** Which of a layer's features: the map's filter (region, a rule's verdict, a box, one property's value). */
export interface LayerSelection {
  /** Only features in this region (the reader's, or a county or town inside it); null or absent: all. */
  region?: string | null;
  /** With `verdict`: only features with that verdict of the rule. */
  ruleId?: string;
  verdict?: string;
  /** Only features whose geometry's box meets this one (minLon, minLat, maxLon, maxLat). */
  bbox?: [number, number, number, number];
  /** Only features whose property (a column of the layer) has this value, compared as text. */
  property?: { column: AnyColumn; value: string };
}

/** A column of the layer's table as `f` (the selection's alias). */
const featureColumn = (column: AnyColumn) => sql`f.${sql.identifier(column.name)}`;

/** `FROM` the layer's table as `f` and `WHERE` the selection: the rows a map filter keeps. */
function selectedFeatures(profileId: number, layer: LayerId, s: LayerSelection): SQL {
  const { table, geometry, verdicts } = LAYER_TABLES[layer];
  const conditions = [
    inRegionSql(layer, s.region ?? null, featureColumn),
    s.ruleId && s.verdict
      ? verdicts
        ? sql`EXISTS (SELECT 1 FROM check_results k WHERE k.profile_id = ${profileId} AND k.subject_type = ${verdicts.subject}
            AND k.subject_id = ${featureColumn(verdicts.column)}::text AND k.rule_id = ${s.ruleId} AND k.verdict = ${s.verdict})`
        : sql`false`
      : undefined,
    s.bbox ? sql`${featureColumn(geometry)} && ST_MakeEnvelope(${s.bbox[0]}, ${s.bbox[1]}, ${s.bbox[2]}, ${s.bbox[3]}, 4326)` : undefined,
    s.property ? sql`${featureColumn(s.property.column)}::text = ${s.property.value}` : undefined,
  ].filter((c): c is SQL => c !== undefined);
  return sql`FROM ${sql.identifier(getTableName(table))} f WHERE ${conditions.length ? sql.join(conditions, sql` AND `) : sql`true`}`;
}

/** One child of a region in a roll-up, with its headline figures. */
export interface RollupRow {
  code: string;
  name: string | null;
  villages: number;
  villagesReadyToExit: number;
  readyPct: number | null;
  pavedRoutePct: number | null;
  groupsReachedPct: number | null;
  dangerousHousesRemaining: number;
  relocationRedLineBreaches: number;
}

/** The level below each, with its significant digits and the SQL listing its regions (code, name) that meet `inRegion` (a condition on `code`). */
const CHILD_LEVELS: Record<'nation' | 'province' | 'prefecture' | 'county' | 'town', { level: RegionLevel; digits: number; list: (inRegion: SQL) => SQL }> = {
  nation: { level: 'province', digits: 2, list: () => sql`SELECT DISTINCT rpad(left(code, 2), 12, '0') AS code, NULL::text AS name FROM counties` },
  province: { level: 'prefecture', digits: 4, list: (inRegion) => sql`SELECT rpad(left(code, 4), 12, '0') AS code, min(prefecture_name) AS name FROM counties WHERE ${inRegion} GROUP BY 1` },
  prefecture: { level: 'county', digits: 6, list: (inRegion) => sql`SELECT code, name FROM counties WHERE ${inRegion}` },
  county: { level: 'town', digits: 9, list: (inRegion) => sql`SELECT code, name FROM towns WHERE ${inRegion}` },
  town: { level: 'village', digits: 12, list: (inRegion) => sql`SELECT code, name FROM villages WHERE ${inRegion}` },
};

/** The level a roll-up of `region` (null: every province of the deployment) ranks, or null for a village (nothing below it). */
export const childLevelOf = (region: string | null): RegionLevel | null => {
  const level = region === null ? 'nation' : regionLevelOf(region);
  return level === 'village' ? null : CHILD_LEVELS[level].level;
};

/** Reads of stored check results: summaries, verdict sheets, verdicts as feature properties. */
export function createResultsRepo(database: Database) {
  const rows = <T>(q: SQL) => database.rows<T>(q);

  return {
    /** Counts per rule and verdict, and the coverage figures, for a county, a town or everything. */
    async summary(area: SummaryArea) {
      const counts = await rows<{ ruleId: string; verdict: string; n: number }>(sql`
        SELECT rule_id AS "ruleId", verdict, count(*)::int AS n FROM check_results r WHERE ${areaFilter(area)} GROUP BY 1, 2`);
      const byRule = Object.fromEntries(RULES.map((rule) => [rule.id, { pass: 0, fail: 0, unknown: 0 }]));
      for (const c of counts) if (byRule[c.ruleId]) byRule[c.ruleId][c.verdict as 'pass'] = c.n;

      const [ready] = await rows<{ villages: number; ready: number }>(sql`
        SELECT count(*)::int AS villages, count(*) FILTER (WHERE passed = ${EXIT_RULE_IDS.length})::int AS ready FROM (
          SELECT subject_id, count(*) FILTER (WHERE verdict = 'pass' AND rule_id = ANY(${pgArray(EXIT_RULE_IDS)}::text[])) AS passed
          FROM check_results r WHERE ${areaFilter(area)} AND subject_type = 'village' GROUP BY subject_id) v`);
      const water = await rows<{ tier: string; people: number; groups: number }>(sql`
        SELECT m.value AS tier, coalesce(sum(g.population), 0)::int AS people, count(*)::int AS groups
        FROM check_results r
        CROSS JOIN LATERAL jsonb_each_text(CASE WHEN jsonb_typeof(r.measured) = 'object' THEN r.measured ELSE '{}'::jsonb END) m
        JOIN village_groups g ON g.code = m.key
        WHERE ${areaFilter(area)} AND r.rule_id = 'village.water' GROUP BY 1`);
      const [houses] = await rows<{ dangerous: number; remaining: number }>(sql`
        SELECT count(*) FILTER (WHERE measured #>> '{}' IN ('C', 'D'))::int AS dangerous, count(*) FILTER (WHERE verdict = 'fail')::int AS remaining
        FROM check_results r WHERE ${areaFilter(area)} AND rule_id = 'house.safety'`);
      const byStatus = await rows<{ status: string; n: number }>(sql`
        SELECT coalesce(h.renovation_status, 'unknown') AS status, count(*)::int AS n
        FROM check_results r JOIN houses h ON h.id::text = r.subject_id
        WHERE ${areaFilter(area)} AND r.rule_id = 'house.safety' AND r.measured #>> '{}' IN ('C', 'D') GROUP BY 1`);
      const [breaches] = await rows<{ sites: number; breaching: number }>(sql`
        SELECT count(DISTINCT subject_id)::int AS sites,
               count(DISTINCT subject_id) FILTER (WHERE verdict = 'fail' AND rule_id IN ('relocation.area', 'relocation.self_funding'))::int AS breaching
        FROM check_results r WHERE ${areaFilter(area)} AND subject_type = 'relocation_site'`);

      const [run] = await rows<{ asOf: string | null; judgedAt: string | null }>(sql`
        SELECT (array_agg(as_of::text ORDER BY id DESC))[1] AS "asOf", max(finished_at)::text AS "judgedAt"
        FROM check_runs WHERE profile_id = ${area.profileId} AND status = 'done'`);
      const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 100);
      const paved = byRule['village.paved_road'];
      const groupsCov = byRule['road.group_coverage'];
      const people = Object.fromEntries(['safe', 'basically_safe', 'unsafe', 'unknown'].map((t) => [t, water.find((w) => w.tier === t)?.people ?? 0]));
      const totalPeople = Object.values(people).reduce((a, b) => a + b, 0);
      return {
        /** The date the data was judged as of (time-dependent rules), and when the latest run ended. */
        asOf: run?.asOf ?? null,
        judgedAt: run?.judgedAt ?? null,
        byRule,
        coverage: {
          villages: ready.villages,
          villagesReadyToExit: ready.ready,
          villagesWithPavedRoute: paved.pass,
          pavedRoutePct: share(paved.pass, paved.pass + paved.fail + paved.unknown),
          qualifyingGroups: groupsCov.pass + groupsCov.fail + groupsCov.unknown,
          groupsReached: groupsCov.pass,
          groupsReachedPct: share(groupsCov.pass, groupsCov.pass + groupsCov.fail + groupsCov.unknown),
          peopleByWaterTier: people,
          groupsByWaterTier: Object.fromEntries(['safe', 'basically_safe', 'unsafe', 'unknown'].map((t) => [t, water.find((w) => w.tier === t)?.groups ?? 0])),
          peopleWithSafeWaterPct: share(people.safe + people.basically_safe, totalPeople),
          dangerousHouses: houses.dangerous,
          dangerousHousesRemaining: houses.remaining,
          /** C/D-rated houses by renovation status (identified … accepted, or unknown). */
          dangerousHousesByStatus: Object.fromEntries([...RENOVATION_STATUSES, 'unknown'].map((st) => [st, byStatus.find((b) => b.status === st)?.n ?? 0])),
          relocationSites: breaches.sites,
          relocationRedLineBreaches: breaches.breaching,
        },
      };
    },

    /**
     * A region's children (prefectures, counties, towns or villages) with their headline figures, ranked
     * by their share of villages ready to exit: the region's places' figures (`check_figures`), summed
     * by the leading digits that name the child. Children without verdicts are listed with zeros.
     */
    async rollup(profileId: number, region: string | null): Promise<RollupRow[]> {
      const level = region === null ? 'nation' : regionLevelOf(region);
      if (level === 'village') return [];
      const child = CHILD_LEVELS[level];
      // Summed from the places' figures (a check run keeps them with its verdicts): a province's roll-up
      // reads its 30,000 places, not its 1.4 million verdicts.
      const found = await rows<RollupRow & { pavedAll: number; pavedPass: number; groupsAll: number; groupsPass: number }>(sql`
        WITH figures AS (
          SELECT rpad(left(place_code, ${child.digits}), 12, '0') AS child,
            sum(villages)::int AS villages, sum(villages_ready)::int AS ready,
            sum(paved_all)::int AS "pavedAll", sum(paved_pass)::int AS "pavedPass", sum(groups_all)::int AS "groupsAll", sum(groups_pass)::int AS "groupsPass",
            sum(dangerous_houses_remaining)::int AS "dangerousHousesRemaining", sum(relocation_breaches)::int AS "relocationRedLineBreaches"
          FROM check_figures WHERE profile_id = ${profileId} ${region === null ? sql`` : sql`AND ${codeInRegionSql(sql`place_code`, region)}`}
          GROUP BY 1
        )
        SELECT c.code, c.name, coalesce(f.villages, 0) AS villages, coalesce(f.ready, 0) AS "villagesReadyToExit",
          coalesce(f."pavedAll", 0) AS "pavedAll", coalesce(f."pavedPass", 0) AS "pavedPass", coalesce(f."groupsAll", 0) AS "groupsAll",
          coalesce(f."groupsPass", 0) AS "groupsPass", coalesce(f."dangerousHousesRemaining", 0) AS "dangerousHousesRemaining",
          coalesce(f."relocationRedLineBreaches", 0) AS "relocationRedLineBreaches"
        FROM (${child.list(region === null ? sql`true` : codeInRegionSql(sql`code`, region))}) c LEFT JOIN figures f ON f.child = c.code`);
      const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 100);
      return found
        .map(({ pavedAll, pavedPass, groupsAll, groupsPass, ...r }) => ({
          ...r, readyPct: share(r.villagesReadyToExit, r.villages), pavedRoutePct: share(pavedPass, pavedAll), groupsReachedPct: share(groupsPass, groupsAll),
        }))
        .sort((a, b) => (b.readyPct ?? -1) - (a.readyPct ?? -1) || a.code.localeCompare(b.code));
    },

    /** Where a judged subject lies: the code of its village, else its town, else its county. */
    async placeOf(profileId: number, subjectType: string, subjectId: string): Promise<string | null> {
      const [row] = await rows<{ code: string | null }>(sql`
        SELECT ${verdictPlace()} AS code FROM check_results r
        WHERE profile_id = ${profileId} AND subject_type = ${subjectType} AND subject_id = ${subjectId} LIMIT 1`);
      return row?.code ?? null;
    },

    /** Every stored verdict of one subject under a profile. */
    async subjectVerdicts(profileId: number, subjectType: string, subjectId: string): Promise<ResultRow[]> {
      return rows(sql`SELECT ${RESULT_COLUMNS} FROM check_results WHERE profile_id = ${profileId} AND subject_type = ${subjectType} AND subject_id = ${subjectId} ORDER BY rule_id`);
    },

    /**
     * Stored verdicts as a table, with their village's and town's names: of a county or town, a subject
     * type, a rule, a verdict; in village, subject and rule order. `total` counts all that match.
     */
    async resultsTable(filter: Omit<SummaryArea, 'villageCodes'> & { subjectType?: string; ruleId?: string; verdict?: string }, page: { limit: number; offset: number }) {
      const where = sql`${areaFilter(filter)}
        ${filter.subjectType ? sql`AND r.subject_type = ${filter.subjectType}` : sql``}
        ${filter.ruleId ? sql`AND r.rule_id = ${filter.ruleId}` : sql``}
        ${filter.verdict ? sql`AND r.verdict = ${filter.verdict}` : sql``}`;
      const [{ total }] = await rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM check_results r WHERE ${where}`);
      const list = await rows<ResultRow & { villageName: string | null; townCode: string | null; townName: string | null }>(sql`
        SELECT ${RESULT_COLUMNS}, v.name AS "villageName", r.town_code AS "townCode", t.name AS "townName"
        FROM check_results r LEFT JOIN villages v ON v.code = r.village_code LEFT JOIN towns t ON t.code = r.town_code
        WHERE ${where}
        ORDER BY r.village_code NULLS LAST, r.subject_type, r.subject_id, r.rule_id
        LIMIT ${page.limit} OFFSET ${page.offset}`);
      return { total, rows: list };
    },

    /** A village's verdict sheet: its rules, exit readiness, and the features in it that fail or are unknown. */
    async villageSheet(profileId: number, villageCode: string) {
      // Four independent reads, asked at once: under load each round trip waits its turn for a connection.
      const [verdicts, features, years, [run]] = await Promise.all([
        this.subjectVerdicts(profileId, 'village', villageCode),
        rows<ResultRow>(sql`
          SELECT ${RESULT_COLUMNS} FROM check_results
          WHERE profile_id = ${profileId} AND village_code = ${villageCode} AND subject_type <> 'village' AND verdict <> 'pass'
          ORDER BY subject_type, subject_id, rule_id`),
        // Every year's figures, oldest first; the sheet's own are those of the year its verdicts judged (the run's as-of year).
        rows<Record<string, unknown> & { year: number; population: number | null; notLiftedPeople: number | null }>(sql`
          SELECT s.year, s.households, s.population, s.registered_poor_households AS "registeredPoorHouseholds",
            s.registered_poor_people AS "registeredPoorPeople", s.not_lifted_households AS "notLiftedHouseholds", s.not_lifted_people AS "notLiftedPeople",
            (SELECT count(*)::int FROM village_groups g WHERE g.village_code = ${villageCode}) AS groups
          FROM village_stats s WHERE s.village_code = ${villageCode} ORDER BY s.year`),
        rows<{ asOf: string | null }>(sql`SELECT as_of::text AS "asOf" FROM check_runs WHERE profile_id = ${profileId} ORDER BY id DESC LIMIT 1`),
      ]);
      const order = new Map(RULES.map((r, i) => [r.id, i]));
      verdicts.sort((a, b) => (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0));
      const judgedYear = run?.asOf ? statisticsYearOf(run.asOf) : null;
      const statistics = years.find((y) => y.year === judgedYear) ?? null;
      const history = years.map((y) => ({ year: y.year, population: y.population, notLiftedPeople: y.notLiftedPeople, incidencePct: incidencePct(y) }));
      return { statistics, history, verdicts, readiness: exitReadiness(verdicts), failingFeatures: features };
    },

    /**
     * A layer's features as GeoJSON with one property per rule holding the verdict (for colouring the
     * map); features no rule judged carry none, and so do all features of a layer no rule judges.
     * The selection's first `limit` features by id, or all.
     */
    async layerWithVerdicts(profileId: number, layer: LayerId, selection: LayerSelection = {}, limit?: number) {
      const { id, geometry, label, verdicts } = LAYER_TABLES[layer];
      const columns = propertyColumns(layer);
      const extra = (LAYERS[layer] as LayerDefinition).map.properties?.map((property) => sql`, ${property}::text, ${featureColumn(columns[property])}`) ?? [];
      const [{ collection }] = await rows<{ collection: FeatureCollection }>(sql`
        WITH f AS (
          SELECT f.* ${selectedFeatures(profileId, layer, selection)}
          ORDER BY ${featureColumn(id)} ${limit === undefined ? sql`` : sql`LIMIT ${limit}`}
        ), v AS (
          SELECT subject_id, jsonb_object_agg(rule_id, verdict) AS verdicts FROM check_results
          WHERE ${verdicts ? sql`profile_id = ${profileId} AND subject_type = ${verdicts.subject} AND subject_id IN (SELECT ${featureColumn(verdicts.column)}::text FROM f)` : sql`false`}
          GROUP BY subject_id
        )
        SELECT jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object(
          'type', 'Feature', 'id', ${featureColumn(id)},
          'geometry', ST_AsGeoJSON(${featureColumn(geometry)}, 7)::jsonb,
          'properties', jsonb_build_object('id', ${featureColumn(id)}, 'name', ${featureColumn(label)}${sql.join(extra, sql``)}) || coalesce(v.verdicts, '{}'::jsonb)
        ) ORDER BY ${featureColumn(id)}), '[]'::jsonb)) AS collection
        FROM f LEFT JOIN v ON v.subject_id = ${featureColumn(verdicts?.column ?? id)}::text`);
      return collection;
    },

    /**
     * How many of a layer's features a selection holds, how many of them have each verdict of each rule
     * their features carry, and the box around them: the map's legend and its zoom to a filter, without
     * sending the features.
     */
    async layerCounts(profileId: number, layer: LayerId, selection: LayerSelection = {}) {
      const { geometry, verdicts } = LAYER_TABLES[layer];
      const [row] = await rows<{ total: number; box: number[] | null; counts: Array<[string, string, number]> }>(sql`
        WITH f AS (
          SELECT ${verdicts ? sql`${featureColumn(verdicts.column)}::text` : sql`NULL::text`} AS subject, ${featureColumn(geometry)} AS geom
          ${selectedFeatures(profileId, layer, selection)}
        )
        SELECT (SELECT count(*)::int FROM f) AS total,
          (SELECT CASE WHEN e IS NULL THEN NULL ELSE ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] END FROM (SELECT ST_Extent(geom) AS e FROM f) x) AS box,
          (SELECT coalesce(jsonb_agg(jsonb_build_array(rule_id, verdict, n)), '[]'::jsonb) FROM (
            SELECT r.rule_id, r.verdict, count(*)::int AS n FROM f JOIN check_results r
              ON ${verdicts ? sql`r.profile_id = ${profileId} AND r.subject_type = ${verdicts.subject} AND r.subject_id = f.subject` : sql`false`}
            GROUP BY r.rule_id, r.verdict) c) AS counts`);
      const byRule: Record<string, { pass: number; fail: number; unknown: number }> = {};
      for (const rule of rulesCarriedBy(layer)) byRule[rule.id] = { pass: 0, fail: 0, unknown: 0 };
      for (const [rule, verdict, n] of row.counts) if (byRule[rule] && (verdict === 'pass' || verdict === 'fail' || verdict === 'unknown')) byRule[rule][verdict] = n;
      return { layer, total: row.total, byRule, bbox: row.box };
    },
  };
}

export type ResultsRepo = ReturnType<typeof createResultsRepo>;
