ALTER TABLE "customer_passengers" ADD COLUMN "mobile" text;--> statement-breakpoint
ALTER TABLE "customer_passengers" ADD COLUMN "mobile_masked" text;--> statement-breakpoint
ALTER TABLE "customer_passengers" ADD COLUMN "birthday" text;--> statement-breakpoint
ALTER TABLE "customer_passengers" ADD COLUMN "sex" smallint;--> statement-breakpoint
ALTER TABLE "customer_passengers" ADD COLUMN "country_code" text;--> statement-breakpoint
ALTER TABLE "customer_passengers" ADD COLUMN "card_valid_until" text;--> statement-breakpoint
ALTER TABLE "customer_passengers" ADD COLUMN "student" jsonb;