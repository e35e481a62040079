CREATE TABLE "sandbox"."account_frequent_passengers" (
	"id" serial PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"name" text NOT NULL,
	"card_type" smallint NOT NULL,
	"card_no" text NOT NULL,
	"mobile" text,
	"passenger_type" smallint DEFAULT 1 NOT NULL,
	"birthday" text,
	"sex" smallint,
	"country_code" text,
	"card_valid_end_date" text,
	"identity_verified_at" timestamp with time zone,
	"mobile_verified_at" timestamp with time zone,
	"is_self" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."account_sms_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"purpose" text NOT NULL,
	"request_id" text,
	"code" text NOT NULL,
	"new_password_hash" text,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox"."account_users" (
	"account" text PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"mobile" text NOT NULL,
	"email" text,
	"sms_verified" boolean DEFAULT false NOT NULL,
	"session_never_expires" boolean DEFAULT false NOT NULL,
	"logged_in_at" timestamp with time zone,
	"password_changed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sandbox"."callbacks" ADD COLUMN "order_no" text;--> statement-breakpoint
ALTER TABLE "sandbox"."callbacks" ADD COLUMN "event_type" text;--> statement-breakpoint
ALTER TABLE "sandbox"."callbacks" ADD COLUMN "last_status" integer;--> statement-breakpoint
ALTER TABLE "sandbox"."callbacks" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox"."callbacks" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sandbox"."change_orders" ADD COLUMN "cha_refund_type" smallint;--> statement-breakpoint
ALTER TABLE "sandbox"."change_tickets" ADD COLUMN "issued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sandbox"."jobs" ADD COLUMN "attempts" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox"."jobs" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "sandbox"."orders" ADD COLUMN "issue_fail_refund_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sandbox"."seat_sales" ADD COLUMN "change_ticket_id" integer;--> statement-breakpoint
ALTER TABLE "sandbox"."account_frequent_passengers" ADD CONSTRAINT "account_frequent_passengers_account_account_users_account_fk" FOREIGN KEY ("account") REFERENCES "sandbox"."account_users"("account") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox"."account_sms_codes" ADD CONSTRAINT "account_sms_codes_account_account_users_account_fk" FOREIGN KEY ("account") REFERENCES "sandbox"."account_users"("account") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_frequent_passengers_card_key" ON "sandbox"."account_frequent_passengers" USING btree ("account","card_type","card_no");--> statement-breakpoint
CREATE UNIQUE INDEX "account_frequent_passengers_self_key" ON "sandbox"."account_frequent_passengers" USING btree ("account") WHERE "sandbox"."account_frequent_passengers"."is_self";--> statement-breakpoint
CREATE UNIQUE INDEX "account_frequent_passengers_holder_card_key" ON "sandbox"."account_frequent_passengers" USING btree ("card_type","card_no") WHERE "sandbox"."account_frequent_passengers"."is_self";--> statement-breakpoint
CREATE UNIQUE INDEX "account_sms_codes_request_key" ON "sandbox"."account_sms_codes" USING btree ("purpose","request_id");--> statement-breakpoint
CREATE INDEX "account_sms_codes_account_idx" ON "sandbox"."account_sms_codes" USING btree ("account","purpose");--> statement-breakpoint
CREATE UNIQUE INDEX "account_users_mobile_key" ON "sandbox"."account_users" USING btree ("mobile");--> statement-breakpoint
CREATE INDEX "callbacks_order_idx" ON "sandbox"."callbacks" USING btree ("order_no");--> statement-breakpoint
CREATE INDEX "seat_sales_change_ticket_idx" ON "sandbox"."seat_sales" USING btree ("change_ticket_id");--> statement-breakpoint
CREATE INDEX "tickets_ticket_no_idx" ON "sandbox"."tickets" USING btree ("ticket_no");