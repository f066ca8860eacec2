-- Every write to a layer table (or to the stored check results) bumps that layer's revision once per
-- statement; tile ETags are made from these counters.
CREATE OR REPLACE FUNCTION bump_layer_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO layer_revisions (layer, revision, changed_at) VALUES (TG_ARGV[0], 1, now())
  ON CONFLICT (layer) DO UPDATE SET revision = layer_revisions.revision + 1, changed_at = now();
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER villages_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON villages FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision('villages');
--> statement-breakpoint
CREATE TRIGGER village_groups_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON village_groups FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision('groups');
--> statement-breakpoint
CREATE TRIGGER roads_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roads FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision('roads');
--> statement-breakpoint
CREATE TRIGGER village_facilities_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON village_facilities FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision('facilities');
--> statement-breakpoint
CREATE TRIGGER water_sources_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON water_sources FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision('water_sources');
--> statement-breakpoint
CREATE TRIGGER houses_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON houses FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision('houses');
--> statement-breakpoint
CREATE TRIGGER relocation_sites_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON relocation_sites FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision('relocation_sites');
--> statement-breakpoint
CREATE TRIGGER check_results_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON check_results FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision('checks');
