CREATE SCHEMA IF NOT EXISTS "sandbox";
--> statement-breakpoint
CREATE TABLE "sandbox"."callbacks" (
	"id" serial PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"body" jsonb NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "sandbox"."clock" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"offset_ms" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."distributors" (
	"app_key" text PRIMARY KEY NOT NULL,
	"balance_fen" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."fault_config" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"config" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"done" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."orders" (
	"order_no" text PRIMARY KEY NOT NULL,
	"app_key" text NOT NULL,
	"customer_order_no" text,
	"status" smallint NOT NULL,
	"train_code" text NOT NULL,
	"train_no" text NOT NULL,
	"run_key" text NOT NULL,
	"from_idx" smallint NOT NULL,
	"to_idx" smallint NOT NULL,
	"from_station" text NOT NULL,
	"to_station" text NOT NULL,
	"depart_at" timestamp with time zone NOT NULL,
	"arrive_at" timestamp with time zone NOT NULL,
	"seat_type" smallint NOT NULL,
	"choose_seats" text,
	"choose_sleeper" text,
	"accept_standing" boolean DEFAULT false NOT NULL,
	"callback_url" text,
	"refund_callback_url" text,
	"contact_name" text NOT NULL,
	"contact_mobile" text NOT NULL,
	"train_account" text NOT NULL,
	"amount_fen" bigint,
	"pay_limit_at" timestamp with time zone,
	"unfinished_reason" text,
	"ticket_entrance" text,
	"order_no_12306" text,
	"pay_time" timestamp with time zone,
	"ticket_time" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."seat_sales" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_key" text NOT NULL,
	"seat_type" smallint NOT NULL,
	"seat_id" integer,
	"from_idx" smallint NOT NULL,
	"to_idx" smallint NOT NULL,
	"ticket_id" integer
);
--> statement-breakpoint
CREATE TABLE "sandbox"."tickets" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_no" text NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"card_type" smallint NOT NULL,
	"card_no" text NOT NULL,
	"mobile" text,
	"ticket_type" smallint NOT NULL,
	"seat_type" smallint NOT NULL,
	"status" smallint NOT NULL,
	"seat_no" text,
	"ticket_no" text,
	"price_fen" bigint,
	"refund_fee_fen" bigint,
	"refund_amount_fen" bigint,
	"refund_at" timestamp with time zone,
	"issued_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox"."train_runs" (
	"run_key" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "callbacks_due_idx" ON "sandbox"."callbacks" USING btree ("status","next_at");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "sandbox"."jobs" USING btree ("done","run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_customer_key" ON "sandbox"."orders" USING btree ("app_key","customer_order_no");--> statement-breakpoint
CREATE INDEX "orders_run_idx" ON "sandbox"."orders" USING btree ("run_key");--> statement-breakpoint
CREATE INDEX "seat_sales_run_idx" ON "sandbox"."seat_sales" USING btree ("run_key");--> statement-breakpoint
CREATE INDEX "seat_sales_ticket_idx" ON "sandbox"."seat_sales" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "tickets_order_idx" ON "sandbox"."tickets" USING btree ("order_no");--> statement-breakpoint
CREATE INDEX "tickets_card_idx" ON "sandbox"."tickets" USING btree ("card_no");