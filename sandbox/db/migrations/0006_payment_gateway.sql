CREATE TABLE "sandbox"."gateway_notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sandbox"."gateway_notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"notify_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"kind" text NOT NULL,
	"payment_no" text NOT NULL,
	"refund_no" text,
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
CREATE TABLE "sandbox"."gateway_payments" (
	"trade_no" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"payment_no" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"subject" text NOT NULL,
	"notify_url" text NOT NULL,
	"return_url" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"cashier_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox"."gateway_refunds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sandbox"."gateway_refunds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"merchant_id" text NOT NULL,
	"refund_no" text NOT NULL,
	"trade_no" text NOT NULL,
	"payment_no" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"notify_url" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "gateway_notifications_due_idx" ON "sandbox"."gateway_notifications" USING btree ("status","next_at");--> statement-breakpoint
CREATE INDEX "gateway_notifications_payment_idx" ON "sandbox"."gateway_notifications" USING btree ("payment_no");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_payments_merchant_no" ON "sandbox"."gateway_payments" USING btree ("merchant_id","payment_no");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_payments_token" ON "sandbox"."gateway_payments" USING btree ("cashier_token");--> statement-breakpoint
CREATE INDEX "gateway_payments_due_idx" ON "sandbox"."gateway_payments" USING btree ("status","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_refunds_merchant_no" ON "sandbox"."gateway_refunds" USING btree ("merchant_id","refund_no");--> statement-breakpoint
CREATE INDEX "gateway_refunds_trade_idx" ON "sandbox"."gateway_refunds" USING btree ("trade_no");--> statement-breakpoint
CREATE INDEX "gateway_refunds_due_idx" ON "sandbox"."gateway_refunds" USING btree ("status","due_at");