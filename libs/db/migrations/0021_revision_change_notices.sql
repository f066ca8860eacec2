-- Every API process remembers, for a few seconds, each layer's tile stamp (its revision, the verdicts'
-- revision, the active profile), so that a tile already cached costs no query. A write that moves a stamp
-- (any write to a layer or to the verdicts bumps layer_revisions; a profile activated or changed)
-- announces itself on 'cuntu_changes' with the payload 'revisions', and each process forgets its stamps.
CREATE TRIGGER layer_revisions_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON layer_revisions FOR EACH STATEMENT EXECUTE FUNCTION cuntu_announce_change('revisions');
--> statement-breakpoint
CREATE TRIGGER standards_profiles_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON standards_profiles FOR EACH STATEMENT EXECUTE FUNCTION cuntu_announce_change('revisions');
