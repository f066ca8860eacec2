-- Every API process remembers, for a few seconds, who a session or personal access token belongs to,
-- so that a request costs no login lookup. A write that could change that answer (an account's
-- password, roles, teams, region or state; a session or token revoked, expired early or rescoped)
-- announces itself on 'cuntu_changes' with the payload 'accounts', and each process forgets what it
-- remembered at once. New sessions and tokens (logins) and the bookkeeping columns (last write, last
-- use) change no one's answer and announce nothing.
CREATE TRIGGER users_announce AFTER UPDATE OF username, display_name, password_hash, roles, editor_teams, disabled, must_change_password, region_code OR DELETE OR TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION cuntu_announce_change('accounts');
--> statement-breakpoint
CREATE TRIGGER sessions_announce AFTER UPDATE OR DELETE OR TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION cuntu_announce_change('accounts');
--> statement-breakpoint
CREATE TRIGGER access_tokens_announce AFTER UPDATE OF token_hash, user_id, scope, expires_at OR DELETE OR TRUNCATE ON access_tokens FOR EACH STATEMENT EXECUTE FUNCTION cuntu_announce_change('accounts');
