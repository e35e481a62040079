CREATE TABLE "train_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"account_enc" text NOT NULL,
	"password_enc" text NOT NULL,
	"account_masked" text NOT NULL,
	"status" text NOT NULL,
	"last_message" text,
	"logged_in_at" timestamp with time zone,
	"face_verified_at" timestamp with time zone,
	"last_synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "train_accounts_status" CHECK ("train_accounts"."status" in ('pending_sms', 'bound', 'relogin'))
);
--> statement-breakpoint
DROP INDEX "saved_passengers_user_id_no_key";--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "train_account_id" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "train_account_masked" text;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "id_no_hash" text;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "id_no_masked" text;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "id_complete" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "mobile_masked" text;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "birthday" text;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "sex" smallint;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "country_code" text;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "card_valid_until" text;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "student" jsonb;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "train_account_id" uuid;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "provider_id" text;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "verify_status" smallint;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "mobile_verified" boolean;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD COLUMN "is_self" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "train_accounts" ADD CONSTRAINT "train_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "train_accounts_user_key" ON "train_accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "train_accounts_renew_idx" ON "train_accounts" USING btree ("status","logged_in_at");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_train_account_id_train_accounts_id_fk" FOREIGN KEY ("train_account_id") REFERENCES "public"."train_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_passengers" ADD CONSTRAINT "saved_passengers_train_account_id_train_accounts_id_fk" FOREIGN KEY ("train_account_id") REFERENCES "public"."train_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_passengers_user_id_hash_key" ON "saved_passengers" USING btree ("user_id","id_type","id_no_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_passengers_provider_key" ON "saved_passengers" USING btree ("train_account_id","provider_id");--> statement-breakpoint
CREATE INDEX "saved_passengers_user_idx" ON "saved_passengers" USING btree ("user_id","created_at");