CREATE TABLE "provider_station_syncs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"ok" boolean NOT NULL,
	"stations" integer DEFAULT 0 NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"removed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_stations" (
	"provider" text NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"pinyin" text,
	"short_char" text,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_stations_provider_name_pk" PRIMARY KEY("provider","name")
);
--> statement-breakpoint
ALTER TABLE "grab_orders" ADD COLUMN "contact_mobile_masked" text;--> statement-breakpoint
ALTER TABLE "order_tickets" ADD COLUMN "id_no_hash" text;--> statement-breakpoint
ALTER TABLE "order_tickets" ADD COLUMN "birthday" text;--> statement-breakpoint
ALTER TABLE "order_tickets" ADD COLUMN "sex" smallint;--> statement-breakpoint
ALTER TABLE "order_tickets" ADD COLUMN "country_code" text;--> statement-breakpoint
ALTER TABLE "order_tickets" ADD COLUMN "card_valid_until" text;--> statement-breakpoint
ALTER TABLE "order_tickets" ADD COLUMN "mobile" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "contact_mobile_masked" text;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "verification_code" text;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "verification_code_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "provider_station_syncs_idx" ON "provider_station_syncs" USING btree ("provider","at");--> statement-breakpoint
CREATE INDEX "order_tickets_id_no_hash_idx" ON "order_tickets" USING btree ("id_no_hash");