CREATE TABLE "check_figures" (
	"profile_id" integer NOT NULL,
	"place_code" text NOT NULL,
	"villages" integer NOT NULL,
	"villages_ready" integer NOT NULL,
	"paved_all" integer NOT NULL,
	"paved_pass" integer NOT NULL,
	"groups_all" integer NOT NULL,
	"groups_pass" integer NOT NULL,
	"dangerous_houses_remaining" integer NOT NULL,
	"relocation_breaches" integer NOT NULL,
	CONSTRAINT "check_figures_profile_id_place_code_pk" PRIMARY KEY("profile_id","place_code")
);
--> statement-breakpoint
-- The figures of the verdicts already stored, as a check run writes them (`refreshFigures` in @cuntu/checks;
-- the exit rules as its catalogue lists them at this migration).
INSERT INTO "check_figures" ("profile_id", "place_code", "villages", "villages_ready", "paved_all", "paved_pass", "groups_all", "groups_pass", "dangerous_houses_remaining", "relocation_breaches")
SELECT r.profile_id, coalesce(r.village_code, r.town_code, r.county_code),
  (count(*) FILTER (WHERE r.subject_type = 'village') > 0)::int,
  (count(*) FILTER (WHERE r.subject_type = 'village' AND r.verdict = 'pass' AND r.rule_id IN ('village.incidence', 'village.paved_road', 'village.bus', 'village.water', 'village.power', 'village.tv', 'village.culture', 'village.clinic', 'village.doctor', 'village.broadband')) = 10)::int,
  count(*) FILTER (WHERE r.rule_id = 'village.paved_road'),
  count(*) FILTER (WHERE r.rule_id = 'village.paved_road' AND r.verdict = 'pass'),
  count(*) FILTER (WHERE r.rule_id = 'road.group_coverage'),
  count(*) FILTER (WHERE r.rule_id = 'road.group_coverage' AND r.verdict = 'pass'),
  count(*) FILTER (WHERE r.rule_id = 'house.safety' AND r.verdict = 'fail'),
  count(DISTINCT r.subject_id) FILTER (WHERE r.subject_type = 'relocation_site' AND r.verdict = 'fail' AND r.rule_id IN ('relocation.area', 'relocation.self_funding'))
FROM check_results r
WHERE coalesce(r.village_code, r.town_code, r.county_code) IS NOT NULL
GROUP BY 1, 2;
