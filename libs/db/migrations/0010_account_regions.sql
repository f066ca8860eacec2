ALTER TABLE "counties" ADD COLUMN "prefecture_name" text;--> statement-breakpoint
ALTER TABLE "village_facilities" ADD COLUMN "county_code" varchar(12);--> statement-breakpoint
-- A facility's county: its village's, else the county its location lies in, else the nearest.
UPDATE "village_facilities" f SET "county_code" = coalesce(
  (SELECT t."county_code" FROM "villages" v JOIN "towns" t ON t."code" = v."town_code" WHERE v."code" = f."village_code"),
  (SELECT c."code" FROM "counties" c WHERE ST_Intersects(c."boundary", f."location") LIMIT 1),
  (SELECT c."code" FROM "counties" c ORDER BY c."boundary" <-> f."location" LIMIT 1));--> statement-breakpoint
ALTER TABLE "village_facilities" ALTER COLUMN "county_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "region_code" text GENERATED ALWAYS AS (CASE WHEN feature_id ~ '^[0-9]{12}$' THEN feature_id ELSE coalesce(
      "after"->'properties'->>'villageCode', "before"->'properties'->>'villageCode', "after"->'properties'->>'countyCode',
      "before"->'properties'->>'countyCode', "after"->'properties'->>'region', "before"->'properties'->>'region') END) STORED;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "region_code" varchar(12);--> statement-breakpoint
ALTER TABLE "village_facilities" ADD CONSTRAINT "village_facilities_county_code_counties_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_region_idx" ON "audit_log" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
-- Accounts made before regions existed keep working where they worked: in a deployment of one county,
-- everyone but the administrators gets that county (administrators stay over the whole deployment).
UPDATE "users" SET "region_code" = (SELECT min("code") FROM "counties")
WHERE NOT ('admin' = ANY("roles")) AND (SELECT count(*) FROM "counties") = 1;
--> statement-breakpoint
-- The sample's prefecture has a name (roll-ups show it).
UPDATE "counties" SET "prefecture_name" = '通辽市' WHERE "is_sample" AND "prefecture_code" = '150500000000' AND "prefecture_name" IS NULL;
--> statement-breakpoint
-- A re-check writes only the verdicts that changed; one that changed none leaves the verdicts' revision
-- (and so every tile's ETag and cache entry) as it was: the stamp moves only when a statement wrote rows.
CREATE OR REPLACE FUNCTION bump_layer_revision_if_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed_rows) THEN
    INSERT INTO layer_revisions (layer, revision, changed_at) VALUES (TG_ARGV[0], 1, now())
    ON CONFLICT (layer) DO UPDATE SET revision = layer_revisions.revision + 1, changed_at = now();
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS check_results_revision ON check_results;
--> statement-breakpoint
CREATE TRIGGER check_results_inserted_revision AFTER INSERT ON check_results REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision_if_rows('checks');
--> statement-breakpoint
CREATE TRIGGER check_results_updated_revision AFTER UPDATE ON check_results REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision_if_rows('checks');
--> statement-breakpoint
CREATE TRIGGER check_results_deleted_revision AFTER DELETE ON check_results REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision_if_rows('checks');
--> statement-breakpoint
CREATE TRIGGER check_results_truncated_revision AFTER TRUNCATE ON check_results FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision('checks');
