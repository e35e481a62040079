CREATE TYPE "public"."callback_kind" AS ENUM('order', 'refund', 'change');--> statement-breakpoint
CREATE TYPE "public"."callback_verdict" AS ENUM('applied', 'duplicate', 'stale', 'bad_sign', 'unknown_order', 'invalid');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('unpaid', 'paid', 'refunded');--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "order_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"order_id" uuid NOT NULL,
	"ticket_id" uuid,
	"from_status" smallint,
	"to_status" smallint NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"passenger_name" text NOT NULL,
	"id_type" text NOT NULL,
	"id_no" text NOT NULL,
	"ticket_type" smallint NOT NULL,
	"status" smallint NOT NULL,
	"ticket_no" text,
	"seat_no" text,
	"ticket_entrance" text,
	"price_fen" bigint DEFAULT 0 NOT NULL,
	"refund_fee_fen" bigint,
	"refund_amount_fen" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"agency_id" uuid,
	"customer_order_no" text NOT NULL,
	"provider_order_no" text,
	"status" smallint NOT NULL,
	"train_code" text NOT NULL,
	"train_no" text,
	"from_station" text NOT NULL,
	"to_station" text NOT NULL,
	"departure_at" timestamp with time zone NOT NULL,
	"arrival_at" timestamp with time zone,
	"seat_type" smallint NOT NULL,
	"total_fen" bigint DEFAULT 0 NOT NULL,
	"pay_limit_at" timestamp with time zone,
	"contact_mobile" text,
	"choose_seats" text,
	"choose_sleeper" text,
	"accept_standing" boolean DEFAULT false NOT NULL,
	"failure_reason" text,
	"payment_status" "payment_status" DEFAULT 'unpaid' NOT NULL,
	"paid_at" timestamp with time zone,
	"payment_ref" text,
	"provider_detail" jsonb,
	"last_synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_total_non_negative" CHECK ("orders"."total_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "provider_callbacks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provider_callbacks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" "callback_kind" NOT NULL,
	"event_type" text,
	"provider_order_no" text,
	"order_id" uuid,
	"verdict" "callback_verdict" NOT NULL,
	"detail" text,
	"raw" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_passengers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"id_type" text NOT NULL,
	"id_no" text NOT NULL,
	"ticket_type" smallint DEFAULT 1 NOT NULL,
	"mobile" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_ticket_id_order_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."order_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_tickets" ADD CONSTRAINT "order_tickets_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_callbacks" ADD CONSTRAINT "provider_callbacks_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD CONSTRAINT "saved_passengers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_events_order_idx" ON "order_events" USING btree ("order_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "order_tickets_order_position_key" ON "order_tickets" USING btree ("order_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_customer_order_no_key" ON "orders" USING btree ("customer_order_no");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_provider_order_no_key" ON "orders" USING btree ("provider_order_no");--> statement-breakpoint
CREATE INDEX "orders_user_idx" ON "orders" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "provider_callbacks_order_idx" ON "provider_callbacks" USING btree ("provider_order_no","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_passengers_user_id_no_key" ON "saved_passengers" USING btree ("user_id","id_type","id_no");