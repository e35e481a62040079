CREATE TYPE "public"."recon_reason" AS ENUM('refund_missing', 'amount_differs', 'offline_refund_unreported', 'refund_reported_twice', 'debit_without_ticket', 'traveller_not_credited', 'credited_twice');--> statement-breakpoint
CREATE TYPE "public"."recon_state" AS ENUM('open', 'explained', 'resolved');--> statement-breakpoint
CREATE TABLE "provider_balance_movements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provider_balance_movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider_ref" text NOT NULL,
	"kind" text NOT NULL,
	"provider_order_no" text,
	"order_id" uuid,
	"ticket_no" text,
	"change_no" text,
	"amount_fen" bigint NOT NULL,
	"balance_after_fen" bigint,
	"transaction_no" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recon_discrepancies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reason" "recon_reason" NOT NULL,
	"order_id" uuid NOT NULL,
	"ticket_id" uuid,
	"change_order_id" uuid,
	"subject_key" text DEFAULT '' NOT NULL,
	"expected_fen" bigint,
	"reported_fen" bigint,
	"provider_moved_fen" bigint,
	"paid_back_fen" bigint,
	"detail" text NOT NULL,
	"state" "recon_state" DEFAULT 'open' NOT NULL,
	"state_by" text,
	"state_at" timestamp with time zone,
	"state_note" text,
	"first_seen_run" uuid NOT NULL,
	"last_seen_run" uuid NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recon_discrepancy_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recon_discrepancy_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"discrepancy_id" uuid NOT NULL,
	"from_state" "recon_state",
	"to_state" "recon_state" NOT NULL,
	"actor" text NOT NULL,
	"note" text,
	"run_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recon_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"actor" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"as_of" timestamp with time zone NOT NULL,
	"missing_after_hours" integer NOT NULL,
	"orders_checked" integer DEFAULT 0 NOT NULL,
	"tickets_checked" integer DEFAULT 0 NOT NULL,
	"found" integer DEFAULT 0 NOT NULL,
	"opened" integer DEFAULT 0 NOT NULL,
	"auto_resolved" integer DEFAULT 0 NOT NULL,
	"movements_imported" integer DEFAULT 0 NOT NULL,
	"provider_balance_fen" bigint,
	"error" text,
	CONSTRAINT "recon_runs_status" CHECK ("recon_runs"."status" in ('running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "provider_balance_movements" ADD CONSTRAINT "provider_balance_movements_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_discrepancies" ADD CONSTRAINT "recon_discrepancies_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_discrepancies" ADD CONSTRAINT "recon_discrepancies_ticket_id_order_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."order_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_discrepancies" ADD CONSTRAINT "recon_discrepancies_first_seen_run_recon_runs_id_fk" FOREIGN KEY ("first_seen_run") REFERENCES "public"."recon_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_discrepancies" ADD CONSTRAINT "recon_discrepancies_last_seen_run_recon_runs_id_fk" FOREIGN KEY ("last_seen_run") REFERENCES "public"."recon_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recon_discrepancy_events" ADD CONSTRAINT "recon_discrepancy_events_discrepancy_id_recon_discrepancies_id_fk" FOREIGN KEY ("discrepancy_id") REFERENCES "public"."recon_discrepancies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "provider_balance_movements_ref_key" ON "provider_balance_movements" USING btree ("provider_ref");--> statement-breakpoint
CREATE INDEX "provider_balance_movements_order_idx" ON "provider_balance_movements" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "provider_balance_movements_at_idx" ON "provider_balance_movements" USING btree ("occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "recon_discrepancies_subject_key" ON "recon_discrepancies" USING btree ("reason","order_id","subject_key");--> statement-breakpoint
CREATE INDEX "recon_discrepancies_state_idx" ON "recon_discrepancies" USING btree ("state","first_seen_at");--> statement-breakpoint
CREATE INDEX "recon_discrepancies_reason_idx" ON "recon_discrepancies" USING btree ("reason","state","first_seen_at");--> statement-breakpoint
CREATE INDEX "recon_discrepancies_order_idx" ON "recon_discrepancies" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "recon_discrepancy_events_idx" ON "recon_discrepancy_events" USING btree ("discrepancy_id","at");--> statement-breakpoint
CREATE INDEX "recon_runs_started_idx" ON "recon_runs" USING btree ("started_at");