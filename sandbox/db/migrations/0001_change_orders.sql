CREATE TABLE "sandbox"."change_orders" (
	"cha_no" text PRIMARY KEY NOT NULL,
	"order_no" text NOT NULL,
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
	"remark" text,
	"callback_url" text,
	"price_change_type" smallint,
	"price_change_type_info" text,
	"total_price_diff_fen" bigint,
	"diff_refund_fee_fen" bigint,
	"diff_rate_percent" smallint,
	"change_fee_fen" bigint,
	"need_pay_fen" bigint,
	"refund_amount_fen" bigint,
	"pay_time" timestamp with time zone,
	"refund_time" timestamp with time zone,
	"confirm_limit_at" timestamp with time zone,
	"applied_at" timestamp with time zone NOT NULL,
	"unfinished_reason" text,
	"ticket_entrance" text
);
--> statement-breakpoint
CREATE TABLE "sandbox"."change_tickets" (
	"id" serial PRIMARY KEY NOT NULL,
	"cha_no" text NOT NULL,
	"ticket_id" integer NOT NULL,
	"status" smallint NOT NULL,
	"seat_type" smallint NOT NULL,
	"seat_no" text,
	"ticket_no" text,
	"price_fen" bigint
);
--> statement-breakpoint
CREATE INDEX "change_orders_order_idx" ON "sandbox"."change_orders" USING btree ("order_no");--> statement-breakpoint
CREATE INDEX "change_tickets_cha_idx" ON "sandbox"."change_tickets" USING btree ("cha_no");--> statement-breakpoint
CREATE INDEX "change_tickets_ticket_idx" ON "sandbox"."change_tickets" USING btree ("ticket_id");