CREATE TABLE "poverty_assets" (
	"id" serial PRIMARY KEY NOT NULL,
	"external_id" text,
	"county_code" varchar(12) NOT NULL,
	"village_code" varchar(12),
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"location" geometry(Point,4326) NOT NULL,
	"capacity_kw" real,
	"investment_wan_yuan" real,
	"build_year" integer,
	"beneficiary_households" integer,
	"annual_income_wan_yuan" real,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "poverty_assets_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
ALTER TABLE "poverty_assets" ADD CONSTRAINT "poverty_assets_county_code_counties_code_fk" FOREIGN KEY ("county_code") REFERENCES "public"."counties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "poverty_assets" ADD CONSTRAINT "poverty_assets_village_code_villages_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."villages"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "poverty_assets_location_gix" ON "poverty_assets" USING gist ("location");--> statement-breakpoint
CREATE INDEX "poverty_assets_village_idx" ON "poverty_assets" USING btree ("village_code");--> statement-breakpoint
CREATE TRIGGER poverty_assets_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON poverty_assets FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision('assets');
