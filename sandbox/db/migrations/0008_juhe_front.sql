CREATE TABLE "sandbox"."juhe_orders" (
	"order_no" text PRIMARY KEY NOT NULL,
	"app_key" text NOT NULL,
	"user_orderid" text NOT NULL,
	"passengers" jsonb NOT NULL,
	"checi" text NOT NULL,
	"train_date" text NOT NULL,
	"from_code" text NOT NULL,
	"from_name" text NOT NULL,
	"to_code" text NOT NULL,
	"to_name" text NOT NULL,
	"reject_reason" text,
	"rejected_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."juhe_push" (
	"app_key" text PRIMARY KEY NOT NULL,
	"submit_callback" text NOT NULL,
	"pay_callback" text NOT NULL,
	"refund_callback" text NOT NULL,
	"name" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sandbox"."callbacks" ADD COLUMN "format" text DEFAULT 'json' NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox"."orders" ADD COLUMN "front" text DEFAULT 'panhe' NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox"."orders" ADD COLUMN "deal_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sandbox"."orders" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sandbox"."orders" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sandbox"."tickets" ADD COLUMN "refund_requested_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "juhe_orders_user_key" ON "sandbox"."juhe_orders" USING btree ("app_key","user_orderid");--> statement-breakpoint
CREATE INDEX "juhe_orders_list_idx" ON "sandbox"."juhe_orders" USING btree ("app_key","created_at");