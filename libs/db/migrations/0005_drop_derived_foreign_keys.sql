ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "check_results" DROP CONSTRAINT "check_results_run_id_check_runs_id_fk";
--> statement-breakpoint
ALTER TABLE "check_results" DROP CONSTRAINT "check_results_profile_id_standards_profiles_id_fk";
