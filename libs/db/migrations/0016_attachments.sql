CREATE TABLE "attachment_blobs" (
	"key" text PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"layer" text NOT NULL,
	"feature_id" text NOT NULL,
	"county_code" varchar(12),
	"village_code" varchar(12),
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"width" integer,
	"height" integer,
	"taken_at" text,
	"taken_where" geometry(Point,4326),
	"storage_key" text NOT NULL,
	"thumbnail_key" text,
	"user_id" integer,
	"uploaded_by" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by" text,
	"purpose" text
);
--> statement-breakpoint
CREATE INDEX "attachments_feature_idx" ON "attachments" USING btree ("layer","feature_id") WHERE removed_at IS NULL;--> statement-breakpoint
CREATE INDEX "attachments_village_idx" ON "attachments" USING btree ("village_code") WHERE removed_at IS NULL;--> statement-breakpoint
CREATE INDEX "attachments_taken_where_gix" ON "attachments" USING gist ("taken_where");