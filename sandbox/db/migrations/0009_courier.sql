CREATE TABLE "sandbox"."courier_shipments" (
	"waybill_no" text PRIMARY KEY NOT NULL,
	"partner_id" text NOT NULL,
	"shipment_no" text NOT NULL,
	"speed" text NOT NULL,
	"from_province" text NOT NULL,
	"from_city" text NOT NULL,
	"to_province" text NOT NULL,
	"to_city" text NOT NULL,
	"notify_url" text NOT NULL,
	"status" text DEFAULT 'awaiting_pickup' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"late_by_courier" boolean DEFAULT false NOT NULL,
	"will_be_lost" boolean DEFAULT false NOT NULL,
	"pickup_at" timestamp with time zone NOT NULL,
	"eta_at" timestamp with time zone NOT NULL,
	"intercept_due_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"picked_up_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."courier_webhooks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sandbox"."courier_webhooks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"notify_id" text NOT NULL,
	"waybill_no" text NOT NULL,
	"url" text NOT NULL,
	"body" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_status" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "courier_shipments_partner_no" ON "sandbox"."courier_shipments" USING btree ("partner_id","shipment_no");--> statement-breakpoint
CREATE INDEX "courier_shipments_due_idx" ON "sandbox"."courier_shipments" USING btree ("status","pickup_at");--> statement-breakpoint
CREATE INDEX "courier_webhooks_due_idx" ON "sandbox"."courier_webhooks" USING btree ("status","next_at");--> statement-breakpoint
CREATE INDEX "courier_webhooks_waybill_idx" ON "sandbox"."courier_webhooks" USING btree ("waybill_no");