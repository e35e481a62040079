CREATE TABLE "grab_alternates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grab_order_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"train_code" text NOT NULL,
	"from_station" text NOT NULL,
	"to_station" text NOT NULL,
	"travel_date" text NOT NULL,
	"departure_at" timestamp with time zone NOT NULL,
	"arrival_at" timestamp with time zone,
	"seat_type" smallint NOT NULL,
	"price_fen" bigint NOT NULL,
	"skip_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "grab_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grab_order_id" uuid NOT NULL,
	"alternate_id" uuid NOT NULL,
	"order_id" uuid,
	"outcome" text NOT NULL,
	"note" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "grab_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "grab_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"grab_order_id" uuid NOT NULL,
	"kind" text DEFAULT 'grab' NOT NULL,
	"from_status" text,
	"to_status" text,
	"source" text NOT NULL,
	"actor" text,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grab_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"request_no" text NOT NULL,
	"status" text NOT NULL,
	"passengers" jsonb NOT NULL,
	"contact_mobile" text NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"sale_opens_at" timestamp with time zone,
	"prepaid_fen" bigint NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"handed_over_fen" bigint DEFAULT 0 NOT NULL,
	"current_order_id" uuid,
	"result_order_id" uuid,
	"error_streak" integer DEFAULT 0 NOT NULL,
	"last_tried_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grab_orders_status" CHECK ("grab_orders"."status" in ('N', 'B', 'D', 'F', 'U', 'O', 'C', 'T', 'E')),
	CONSTRAINT "grab_orders_money" CHECK ("grab_orders"."refunded_fen" + "grab_orders"."handed_over_fen" <= "grab_orders"."paid_fen" and "grab_orders"."prepaid_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "grab_search_slots" (
	"route_key" text PRIMARY KEY NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"answer" jsonb,
	"searches" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "payment_refunds" ALTER COLUMN "order_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ALTER COLUMN "order_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "grab_order_id" uuid;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD COLUMN "grab_order_id" uuid;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "grab_order_id" uuid;--> statement-breakpoint
ALTER TABLE "grab_alternates" ADD CONSTRAINT "grab_alternates_grab_order_id_grab_orders_id_fk" FOREIGN KEY ("grab_order_id") REFERENCES "public"."grab_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grab_attempts" ADD CONSTRAINT "grab_attempts_grab_order_id_grab_orders_id_fk" FOREIGN KEY ("grab_order_id") REFERENCES "public"."grab_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grab_attempts" ADD CONSTRAINT "grab_attempts_alternate_id_grab_alternates_id_fk" FOREIGN KEY ("alternate_id") REFERENCES "public"."grab_alternates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grab_attempts" ADD CONSTRAINT "grab_attempts_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grab_events" ADD CONSTRAINT "grab_events_grab_order_id_grab_orders_id_fk" FOREIGN KEY ("grab_order_id") REFERENCES "public"."grab_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grab_orders" ADD CONSTRAINT "grab_orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "grab_alternates_position_key" ON "grab_alternates" USING btree ("grab_order_id","position");--> statement-breakpoint
CREATE INDEX "grab_attempts_grab_idx" ON "grab_attempts" USING btree ("grab_order_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "grab_attempts_order_key" ON "grab_attempts" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "grab_events_grab_idx" ON "grab_events" USING btree ("grab_order_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "grab_orders_request_no_key" ON "grab_orders" USING btree ("request_no");--> statement-breakpoint
CREATE INDEX "grab_orders_user_idx" ON "grab_orders" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "grab_orders_live_idx" ON "grab_orders" USING btree ("status","updated_at") WHERE "grab_orders"."status" in ('N', 'B', 'D');--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_grab_order_id_grab_orders_id_fk" FOREIGN KEY ("grab_order_id") REFERENCES "public"."grab_orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_grab_order_id_grab_orders_id_fk" FOREIGN KEY ("grab_order_id") REFERENCES "public"."grab_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_grab_order_id_grab_orders_id_fk" FOREIGN KEY ("grab_order_id") REFERENCES "public"."grab_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_refunds_grab_idx" ON "payment_refunds" USING btree ("grab_order_id");--> statement-breakpoint
CREATE INDEX "payments_grab_idx" ON "payments" USING btree ("grab_order_id");--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_owner" CHECK ("payment_refunds"."order_id" is not null or "payment_refunds"."grab_order_id" is not null);--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_owner" CHECK ("payments"."order_id" is not null or "payments"."grab_order_id" is not null);