ALTER TABLE "towns" ALTER COLUMN "boundary" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "towns" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "towns" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "towns" ADD COLUMN "updated_by" text;--> statement-breakpoint
-- Towns are a layer now: their edits bump the layer's revision like every other layer's.
CREATE TRIGGER towns_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON towns FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_revision('towns');
