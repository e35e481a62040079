CREATE TYPE "public"."payment_refund_state" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."payment_state" AS ENUM('pending', 'paid', 'failed', 'closed');--> statement-breakpoint
ALTER TYPE "public"."callback_verdict" ADD VALUE 'no_change' BEFORE 'duplicate';--> statement-breakpoint
ALTER TYPE "public"."callback_verdict" ADD VALUE 'retry_later' BEFORE 'duplicate';--> statement-breakpoint
CREATE TABLE "change_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"provider_change_no" text NOT NULL,
	"status" smallint NOT NULL,
	"train_code" text NOT NULL,
	"from_station" text NOT NULL,
	"to_station" text NOT NULL,
	"departure_at" timestamp with time zone NOT NULL,
	"arrival_at" timestamp with time zone,
	"price_change_type" smallint,
	"need_pay_fen" bigint,
	"provider_refund_fen" bigint,
	"change_fee_fen" bigint,
	"ticket_ids" uuid[] NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"refund_no" text NOT NULL,
	"cause" text NOT NULL,
	"cause_ref" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" "payment_refund_state" DEFAULT 'pending' NOT NULL,
	"reason" text NOT NULL,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_refunds_amount_non_negative" CHECK ("payment_refunds"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"payment_no" text NOT NULL,
	"gateway" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" "payment_state" DEFAULT 'pending' NOT NULL,
	"cashier_url" text,
	"gateway_trade_no" text,
	"expires_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
--> statement-breakpoint
CREATE TABLE "ticket_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"status" smallint NOT NULL,
	"origin" text NOT NULL,
	"fee_fen" bigint,
	"provider_refund_fen" bigint,
	"provider_transaction_no" text,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "kind" text DEFAULT 'order' NOT NULL;--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "ref_id" text;--> statement-breakpoint
ALTER TABLE "order_events" ADD COLUMN "actor" text;--> statement-breakpoint
ALTER TABLE "order_tickets" ADD COLUMN "id_name" text;--> statement-breakpoint
ALTER TABLE "order_tickets" ADD COLUMN "change_order_id" uuid;--> statement-breakpoint
ALTER TABLE "order_tickets" ADD COLUMN "replaces_ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "paid_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "refunded_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "cancel_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "change_orders" ADD CONSTRAINT "change_orders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_refunds" ADD CONSTRAINT "ticket_refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_refunds" ADD CONSTRAINT "ticket_refunds_ticket_id_order_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."order_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "change_orders_provider_no_key" ON "change_orders" USING btree ("provider_change_no");--> statement-breakpoint
CREATE INDEX "change_orders_order_idx" ON "change_orders" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_refunds_refund_no_key" ON "payment_refunds" USING btree ("refund_no");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_refunds_cause_key" ON "payment_refunds" USING btree ("cause","cause_ref");--> statement-breakpoint
CREATE INDEX "payment_refunds_order_idx" ON "payment_refunds" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_payment_no_key" ON "payments" USING btree ("payment_no");--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "ticket_refunds_order_idx" ON "ticket_refunds" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_refunds_open_key" ON "ticket_refunds" USING btree ("ticket_id") WHERE "ticket_refunds"."status" in (20, 23);--> statement-breakpoint
CREATE UNIQUE INDEX "order_tickets_replaces_key" ON "order_tickets" USING btree ("replaces_ticket_id");--> statement-breakpoint
CREATE INDEX "orders_live_idx" ON "orders" USING btree ("status","updated_at") WHERE "orders"."status" in (1, 2, 7);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_refunded_within_paid" CHECK ("orders"."refunded_fen" >= 0 and "orders"."refunded_fen" <= "orders"."paid_fen");