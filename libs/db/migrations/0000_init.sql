CREATE TABLE "counties" (
	"code" varchar(12) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefecture_code" varchar(12) NOT NULL,
	"boundary" geometry(MultiPolygon,4326) NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL,
	"source_note" text
);
--> statement-breakpoint
CREATE TABLE "towns" (
	"code" varchar(12) PRIMARY KEY NOT NULL,
	"county_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"seat" geometry(Point,4326),
	"boundary" geometry(MultiPolygon,4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "village_groups" (
	"code" varchar(15) PRIMARY KEY NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"households" integer,
	"population" integer,
	"settlement" geometry(Point,4326) NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "village_stats" (
	"id" serial PRIMARY KEY NOT NULL,
	"village_code" varchar(12) NOT NULL,
	"year" integer NOT NULL,
	"households" integer,
	"population" integer,
	"registered_poor_households" integer,
	"registered_poor_people" integer,
	"not_lifted_households" integer,
	"not_lifted_people" integer,
	"power_coverage_pct" real,
	"tv_coverage_pct" real,
	"broadband_fibre" boolean,
	"broadband_mbps" real,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "village_stats_village_year" UNIQUE("village_code","year")
);
--> statement-breakpoint
CREATE TABLE "villages" (
	"code" varchar(12) PRIMARY KEY NOT NULL,
	"town_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"committee" geometry(Point,4326) NOT NULL,
	"boundary" geometry(MultiPolygon,4326),
	"settlement" geometry(Polygon,4326),
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "roads" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text,
	"county_code" varchar(12) NOT NULL,
	"village_code" varchar(12),
	"name" text,
	"road_class" text NOT NULL,
	"surface" text,
	"width_m" real,
	"exemption" text,
	"build_year" integer,
	"project" text,
	"geom" geometry(LineString,4326) NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "roads_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "village_facilities" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text,
	"village_code" varchar(12),
	"kind" text NOT NULL,
	"name" text,
	"location" geometry(Point,4326) NOT NULL,
	"clinic_area_m2" real,
	"clinic_rooms" text[],
	"clinic_staff" integer,
	"licensed_doctors" integer,
	"culture_items" text[],
	"bus_line" text,
	"has_bus_service" boolean,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "village_facilities_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "water_source_groups" (
	"source_id" integer NOT NULL,
	"group_code" varchar(15) NOT NULL,
	CONSTRAINT "water_source_groups_source_id_group_code_pk" PRIMARY KEY("source_id","group_code")
);
--> statement-breakpoint
CREATE TABLE "water_sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text,
	"county_code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_type" text,
	"daily_capacity_m3" real,
	"population_served" integer,
	"piped_to_yard" boolean,
	"fetch_minutes" real,
	"reliability_pct" real,
	"location" geometry(Point,4326) NOT NULL,
	"service_area" geometry(MultiPolygon,4326),
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "water_sources_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "water_tests" (
	"id" serial PRIMARY KEY NOT NULL,
	"source_id" integer NOT NULL,
	"sampled_on" date NOT NULL,
	"meets_gb5749" boolean,
	"meets_rural_criteria" boolean,
	"lab" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "houses" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text,
	"village_code" varchar(12) NOT NULL,
	"group_code" varchar(15),
	"location" geometry(Point,4326) NOT NULL,
	"safety_rating" text,
	"priority_group" text,
	"renovation_path" text,
	"renovation_status" text,
	"household_size" integer,
	"rebuilt_area_m2" real,
	"old_demolished" boolean,
	"head_name" text,
	"head_id_number" text,
	"head_phone" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "houses_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "relocation_sites" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text,
	"county_code" varchar(12) NOT NULL,
	"village_code" varchar(12),
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"location" geometry(Point,4326) NOT NULL,
	"footprint" geometry(Polygon,4326),
	"households" integer,
	"people" integer,
	"area_per_person_m2" real,
	"self_funding_per_person_yuan" real,
	"self_funding_max_household_yuan" real,
	"old_homes_total" integer,
	"old_homes_demolished" integer,
	"labour_households" integer,
	"employed_households" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "relocation_sites_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer,
	"username" text,
	"layer" text NOT NULL,
	"feature_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "check_results" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"profile_id" integer NOT NULL,
	"profile_version" integer NOT NULL,
	"rule_id" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"village_code" text,
	"verdict" text NOT NULL,
	"tier" text,
	"measured" jsonb,
	"threshold" jsonb,
	"reason_zh" text,
	"reason_en" text,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"profile_id" integer NOT NULL,
	"scope" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text DEFAULT 'running' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standards_profiles" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"source_note" text,
	"based_on_id" integer,
	"thresholds" jsonb NOT NULL,
	"is_active" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "standards_profiles_key_version" UNIQUE("key","version")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text,
	"password_hash" text NOT NULL,
	"roles" text[] NOT NULL,
	"editor_teams" text[] DEFAULT '{}' NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "towns" ADD CONSTRAINT "towns_county_code_counties_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_groups" ADD CONSTRAINT "village_groups_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_stats" ADD CONSTRAINT "village_stats_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "villages" ADD CONSTRAINT "villages_town_code_towns_code_fk" FOREIGN KEY ("town_code") REFERENCES "public"."towns"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roads" ADD CONSTRAINT "roads_county_code_counties_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roads" ADD CONSTRAINT "roads_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_facilities" ADD CONSTRAINT "village_facilities_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_source_groups" ADD CONSTRAINT "water_source_groups_source_id_water_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."water_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_source_groups" ADD CONSTRAINT "water_source_groups_group_code_village_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."village_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_sources" ADD CONSTRAINT "water_sources_county_code_counties_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_tests" ADD CONSTRAINT "water_tests_source_id_water_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."water_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "houses" ADD CONSTRAINT "houses_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "houses" ADD CONSTRAINT "houses_group_code_village_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."village_groups"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relocation_sites" ADD CONSTRAINT "relocation_sites_county_code_counties_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relocation_sites" ADD CONSTRAINT "relocation_sites_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_run_id_check_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."check_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_results" ADD CONSTRAINT "check_results_profile_id_standards_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."standards_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_profile_id_standards_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."standards_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "counties_boundary_gix" ON "counties" USING gist ("boundary");--> statement-breakpoint
CREATE INDEX "towns_boundary_gix" ON "towns" USING gist ("boundary");--> statement-breakpoint
CREATE INDEX "towns_seat_gix" ON "towns" USING gist ("seat");--> statement-breakpoint
CREATE INDEX "towns_county_idx" ON "towns" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "village_groups_settlement_gix" ON "village_groups" USING gist ("settlement");--> statement-breakpoint
CREATE INDEX "village_groups_village_idx" ON "village_groups" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "villages_committee_gix" ON "villages" USING gist ("committee");--> statement-breakpoint
CREATE INDEX "villages_boundary_gix" ON "villages" USING gist ("boundary");--> statement-breakpoint
CREATE INDEX "villages_settlement_gix" ON "villages" USING gist ("settlement");--> statement-breakpoint
CREATE INDEX "villages_town_idx" ON "villages" USING btree ("town_code");--> statement-breakpoint
CREATE INDEX "roads_geom_gix" ON "roads" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "roads_village_idx" ON "roads" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "village_facilities_location_gix" ON "village_facilities" USING gist ("location");--> statement-breakpoint
CREATE INDEX "village_facilities_village_idx" ON "village_facilities" USING btree ("village_code","kind");--> statement-breakpoint
CREATE INDEX "water_source_groups_group_idx" ON "water_source_groups" USING btree ("group_code");--> statement-breakpoint
CREATE INDEX "water_sources_location_gix" ON "water_sources" USING gist ("location");--> statement-breakpoint
CREATE INDEX "water_sources_service_area_gix" ON "water_sources" USING gist ("service_area");--> statement-breakpoint
CREATE INDEX "water_tests_source_idx" ON "water_tests" USING btree ("source_id","sampled_on");--> statement-breakpoint
CREATE INDEX "houses_location_gix" ON "houses" USING gist ("location");--> statement-breakpoint
CREATE INDEX "houses_village_idx" ON "houses" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "relocation_sites_location_gix" ON "relocation_sites" USING gist ("location");--> statement-breakpoint
CREATE INDEX "relocation_sites_footprint_gix" ON "relocation_sites" USING gist ("footprint");--> statement-breakpoint
CREATE INDEX "audit_log_feature_idx" ON "audit_log" USING btree ("layer","feature_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "check_results_subject_idx" ON "check_results" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "check_results_village_idx" ON "check_results" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "check_results_rule_idx" ON "check_results" USING btree ("rule_id","verdict");