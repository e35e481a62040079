CREATE TABLE "sandbox"."balance_movements" (
	"id" serial PRIMARY KEY NOT NULL,
	"app_key" text NOT NULL,
	"kind" text NOT NULL,
	"order_no" text,
	"ticket_no" text,
	"cha_no" text,
	"amount_fen" bigint NOT NULL,
	"balance_after_fen" bigint NOT NULL,
	"transaction_no" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."money_fault_hits" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"order_no" text NOT NULL,
	"ticket_no" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox"."money_faults" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"order_no" text,
	"rate" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "balance_movements_app_idx" ON "sandbox"."balance_movements" USING btree ("app_key","id");--> statement-breakpoint
CREATE INDEX "balance_movements_order_idx" ON "sandbox"."balance_movements" USING btree ("order_no");--> statement-breakpoint
CREATE UNIQUE INDEX "money_fault_hits_key" ON "sandbox"."money_fault_hits" USING btree ("kind","order_no","ticket_no");