CREATE TABLE "sandbox"."account_passengers" (
	"id" serial PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"name" text NOT NULL,
	"card_type" smallint NOT NULL,
	"card_no" text NOT NULL,
	"mobile" text,
	"passenger_type" smallint DEFAULT 1 NOT NULL,
	"identity_verify_status" smallint NOT NULL,
	"is_self" boolean DEFAULT false NOT NULL,
	"added_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."accounts" (
	"account" text PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"mobile" text NOT NULL,
	"logged_in_at" timestamp with time zone,
	"always_logged_in" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."sms_codes" (
	"request_id" text PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"purpose" text NOT NULL,
	"code" text NOT NULL,
	"new_password_hash" text,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sandbox"."orders" ADD COLUMN "account_state" text DEFAULT 'ok' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "account_passengers_card_key" ON "sandbox"."account_passengers" USING btree ("account","card_type","card_no");