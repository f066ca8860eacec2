CREATE TABLE "imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"layer" text NOT NULL,
	"user_id" integer,
	"username" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"options" jsonb NOT NULL,
	"created" integer NOT NULL,
	"updated" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "layer_revisions" (
	"layer" text PRIMARY KEY NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "import_id" integer;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imports_layer_at_idx" ON "imports" USING btree ("layer","at");