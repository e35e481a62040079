-- Custom migration: a database-level guarantee that no seat is sold twice for overlapping segments of
-- one train run (the engine already serialises allocation per run with a row lock on train_runs).
-- btree_gist ships with PostgreSQL (contrib; trusted extension since PG 13) and with embedded-postgres.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
-- Earlier versions kept a pending 改签 seat as a negative ticket_id.
UPDATE "sandbox"."seat_sales" SET "change_ticket_id" = -"ticket_id", "ticket_id" = NULL WHERE "ticket_id" < 0;
--> statement-breakpoint
ALTER TABLE "sandbox"."seat_sales" ADD CONSTRAINT "seat_sales_no_overlap" EXCLUDE USING gist (
  "run_key" WITH =,
  "seat_type" WITH =,
  "seat_id" WITH =,
  int4range("from_idx", "to_idx") WITH &&
) WHERE ("seat_id" IS NOT NULL);
