DROP TABLE "sandbox"."account_passengers" CASCADE;--> statement-breakpoint
DROP TABLE "sandbox"."accounts" CASCADE;--> statement-breakpoint
DROP TABLE "sandbox"."sms_codes" CASCADE;--> statement-breakpoint
ALTER TABLE "sandbox"."orders" DROP COLUMN "account_state";