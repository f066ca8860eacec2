-- Every API process caches a few things it reads on most requests: the deployment's settings (app_meta)
-- and the regions' bounding boxes (counties, towns). A write to them, by any process or script,
-- announces itself on the channel 'cuntu_changes' (payload: what changed), so each process drops its
-- copy at once instead of serving it until it expires.
CREATE FUNCTION cuntu_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cuntu_changes', TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER app_meta_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON app_meta FOR EACH STATEMENT EXECUTE FUNCTION cuntu_announce_change('settings');
--> statement-breakpoint
CREATE TRIGGER counties_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON counties FOR EACH STATEMENT EXECUTE FUNCTION cuntu_announce_change('regions');
--> statement-breakpoint
CREATE TRIGGER towns_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON towns FOR EACH STATEMENT EXECUTE FUNCTION cuntu_announce_change('regions');
