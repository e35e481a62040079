CREATE TYPE "public"."window_claim_state" AS ENUM('claimed', 'verified', 'rejected');--> statement-breakpoint
CREATE TABLE "window_refund_claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"state" "window_claim_state" DEFAULT 'claimed' NOT NULL,
	"claimed_by" uuid NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision" text
);
--> statement-breakpoint
ALTER TABLE "change_orders" ADD COLUMN "seat_type" smallint;--> statement-breakpoint
ALTER TABLE "change_orders" ADD COLUMN "confirm_deadline_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "change_orders" ADD COLUMN "paid_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "change_orders" ADD COLUMN "requested_by" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "change_order_id" uuid;--> statement-breakpoint
ALTER TABLE "ticket_refunds" ADD COLUMN "expected_fee_fen" bigint;--> statement-breakpoint
ALTER TABLE "ticket_refunds" ADD COLUMN "requested_by" uuid;--> statement-breakpoint
ALTER TABLE "window_refund_claims" ADD CONSTRAINT "window_refund_claims_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "window_refund_claims" ADD CONSTRAINT "window_refund_claims_ticket_id_order_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."order_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "window_refund_claims_open_key" ON "window_refund_claims" USING btree ("ticket_id") WHERE "window_refund_claims"."state" = 'claimed';--> statement-breakpoint
CREATE INDEX "window_refund_claims_state_idx" ON "window_refund_claims" USING btree ("state","claimed_at");