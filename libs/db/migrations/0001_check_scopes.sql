DROP INDEX "check_results_rule_idx";--> statement-breakpoint
DROP INDEX "check_results_subject_idx";--> statement-breakpoint
DROP INDEX "check_results_village_idx";--> statement-breakpoint
ALTER TABLE "check_results" ADD COLUMN "county_code" text;--> statement-breakpoint
ALTER TABLE "check_results" ADD COLUMN "town_code" text;--> statement-breakpoint
ALTER TABLE "check_runs" ADD COLUMN "as_of" date;--> statement-breakpoint
ALTER TABLE "check_runs" ADD COLUMN "result_count" integer;--> statement-breakpoint
CREATE INDEX "check_results_county_rule_idx" ON "check_results" USING btree ("profile_id","county_code","rule_id","verdict");--> statement-breakpoint
CREATE INDEX "check_results_subject_idx" ON "check_results" USING btree ("profile_id","subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "check_results_village_idx" ON "check_results" USING btree ("profile_id","village_code");