ALTER TYPE "public"."callback_kind" ADD VALUE 'submit';--> statement-breakpoint
ALTER TYPE "public"."callback_kind" ADD VALUE 'pay';--> statement-breakpoint
CREATE TABLE "provider_calls" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provider_calls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider" text NOT NULL,
	"method" text NOT NULL,
	"outcome" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_circuits" (
	"provider" text NOT NULL,
	"process" text NOT NULL,
	"state" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_circuits_provider_process_pk" PRIMARY KEY("provider","process")
);
--> statement-breakpoint
CREATE TABLE "provider_settings" (
	"provider" text PRIMARY KEY NOT NULL,
	"in_rotation" boolean DEFAULT true NOT NULL,
	"note" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "orders_provider_order_no_key";--> statement-breakpoint
DROP INDEX "provider_balance_movements_ref_key";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "provider" text DEFAULT 'panhe' NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_balance_movements" ADD COLUMN "provider" text DEFAULT 'panhe' NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_callbacks" ADD COLUMN "provider" text DEFAULT 'panhe' NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_settings" ADD CONSTRAINT "provider_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_calls_at_idx" ON "provider_calls" USING btree ("provider","at");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_provider_order_no_key" ON "orders" USING btree ("provider","provider_order_no");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_balance_movements_ref_key" ON "provider_balance_movements" USING btree ("provider","provider_ref");