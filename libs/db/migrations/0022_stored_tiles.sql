CREATE TABLE "layer_changes" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"layer" text NOT NULL,
	"box" geometry(Geometry,4326) NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stored_tiles" (
	"layer" text NOT NULL,
	"profile_id" integer NOT NULL,
	"profile_version" integer NOT NULL,
	"audience" text NOT NULL,
	"z" integer NOT NULL,
	"x" integer NOT NULL,
	"y" integer NOT NULL,
	"token" text NOT NULL,
	"tile" "bytea" NOT NULL,
	"made_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_tiles_layer_profile_id_audience_z_x_y_pk" PRIMARY KEY("layer","profile_id","audience","z","x","y")
);
--> statement-breakpoint
CREATE INDEX "layer_changes_box_gix" ON "layer_changes" USING gist ("box");--> statement-breakpoint
-- Where each statement changed a layer, for the stored low-zoom tiles: the box around the geometry its
-- tiles draw (TG_ARGV[1]) of every row it wrote, where it was and where it is; a TRUNCATE, the world.
CREATE FUNCTION record_layer_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed geometry;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    changed := ST_MakeEnvelope(-180, -90, 180, 90);
  ELSIF TG_OP = 'INSERT' THEN
    EXECUTE format('SELECT ST_Extent(%I)::geometry FROM new_rows', TG_ARGV[1]) INTO changed;
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('SELECT ST_Extent(%I)::geometry FROM old_rows', TG_ARGV[1]) INTO changed;
  ELSE
    EXECUTE format('SELECT ST_Extent(g)::geometry FROM (SELECT %1$I AS g FROM old_rows UNION ALL SELECT %1$I FROM new_rows) x', TG_ARGV[1]) INTO changed;
  END IF;
  IF changed IS NOT NULL THEN
    INSERT INTO layer_changes (layer, box) VALUES (TG_ARGV[0], ST_SetSRID(changed, 4326));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Verdicts written: per subject type, the box around the counties they are placed in (0.1 degree wider,
-- for features reaching past the county line); a verdict placed in no county, or a TRUNCATE, the world.
CREATE FUNCTION record_verdict_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO layer_changes (layer, box) VALUES ('verdicts:*', ST_MakeEnvelope(-180, -90, 180, 90, 4326));
    RETURN NULL;
  END IF;
  EXECUTE format($sql$
    INSERT INTO layer_changes (layer, box)
    SELECT 'verdicts:' || r.subject_type,
      CASE WHEN bool_or(c.code IS NULL) THEN ST_MakeEnvelope(-180, -90, 180, 90, 4326)
        ELSE ST_SetSRID(ST_Expand(ST_Extent(c.boundary)::geometry, 0.1), 4326) END
    FROM (SELECT DISTINCT subject_type, county_code FROM %s) r LEFT JOIN counties c ON c.code = r.county_code
    GROUP BY r.subject_type$sql$,
    CASE TG_OP WHEN 'INSERT' THEN 'new_rows' WHEN 'DELETE' THEN 'old_rows'
      ELSE '(SELECT subject_type, county_code FROM old_rows UNION SELECT subject_type, county_code FROM new_rows) u' END);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE
  t text[];
BEGIN
  -- table, layer, the geometry its tiles draw
  FOREACH t SLICE 1 IN ARRAY ARRAY[
    ['towns', 'towns', 'seat'], ['villages', 'villages', 'committee'], ['village_groups', 'groups', 'settlement'],
    ['roads', 'roads', 'geom'], ['village_facilities', 'facilities', 'location'], ['water_sources', 'water_sources', 'location'],
    ['houses', 'houses', 'location'], ['relocation_sites', 'relocation_sites', 'location'], ['poverty_assets', 'assets', 'location']
  ] LOOP
    EXECUTE format('CREATE TRIGGER %1$s_inserted_changes AFTER INSERT ON %1$I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_layer_change(%2$L, %3$L)', t[1], t[2], t[3]);
    EXECUTE format('CREATE TRIGGER %1$s_updated_changes AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_layer_change(%2$L, %3$L)', t[1], t[2], t[3]);
    EXECUTE format('CREATE TRIGGER %1$s_deleted_changes AFTER DELETE ON %1$I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_layer_change(%2$L, %3$L)', t[1], t[2], t[3]);
    EXECUTE format('CREATE TRIGGER %1$s_truncated_changes AFTER TRUNCATE ON %1$I FOR EACH STATEMENT EXECUTE FUNCTION record_layer_change(%2$L, %3$L)', t[1], t[2], t[3]);
  END LOOP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER check_results_inserted_changes AFTER INSERT ON check_results REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_verdict_change();
--> statement-breakpoint
CREATE TRIGGER check_results_updated_changes AFTER UPDATE ON check_results REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_verdict_change();
--> statement-breakpoint
CREATE TRIGGER check_results_deleted_changes AFTER DELETE ON check_results REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_verdict_change();
--> statement-breakpoint
CREATE TRIGGER check_results_truncated_changes AFTER TRUNCATE ON check_results FOR EACH STATEMENT EXECUTE FUNCTION record_verdict_change();
