-- order_events partitioned by month on "at" (custom SQL: drizzle-kit cannot express partitioning; the
-- snapshot carries the schema's new key (id, at), which a partitioned table needs: its primary key must
-- hold the partition key). Why: the capacity plan (README "Capacity plan") counts ≈ 10 order_events rows
-- per booking, 2.6 billion rows a month at 100 bookings/s: a month is then a partition to detach, archive
-- and drop, not a DELETE of billions of rows; the monthly partitions also keep each index small.
-- Months are Asia/Shanghai months. lib/partitions creates the coming months ahead every day (pg-boss
-- schedule); a row outside every monthly partition lands in order_events_default, and the function moves
-- such rows into their month's partition when it creates it.
ALTER TABLE "order_events" RENAME TO "order_events_unpartitioned";--> statement-breakpoint
ALTER INDEX "order_events_pkey" RENAME TO "order_events_unpartitioned_pkey";--> statement-breakpoint
ALTER INDEX "order_events_order_idx" RENAME TO "order_events_unpartitioned_order_idx";--> statement-breakpoint
ALTER SEQUENCE "order_events_id_seq" RENAME TO "order_events_unpartitioned_id_seq";--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "order_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"order_id" uuid NOT NULL,
	"ticket_id" uuid,
	"kind" text DEFAULT 'order' NOT NULL,
	"ref_id" text,
	"from_status" smallint,
	"to_status" smallint NOT NULL,
	"source" text NOT NULL,
	"actor" text,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_events_id_at_pk" PRIMARY KEY("id","at")
) PARTITION BY RANGE ("at");--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_ticket_id_order_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."order_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_events_order_idx" ON "order_events" USING btree ("order_id","at");--> statement-breakpoint
CREATE TABLE "order_events_default" PARTITION OF "order_events" DEFAULT;--> statement-breakpoint
CREATE OR REPLACE FUNCTION ensure_order_events_partitions(months_ahead integer, from_month date DEFAULT NULL)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  this_month date := date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date;
  m date := date_trunc('month', coalesce(from_month, this_month))::date;
  last_month date := (this_month + make_interval(months => months_ahead))::date;
  lo timestamptz;
  hi timestamptz;
  part text;
  created integer := 0;
BEGIN
  -- Two workers running the job at once: one creates, the other then finds the partitions there.
  PERFORM pg_advisory_xact_lock(hashtextextended('ensure_order_events_partitions', 0));
  WHILE m <= last_month LOOP
    part := format('order_events_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM'));
    IF to_regclass(format('public.%I', part)) IS NULL THEN
      lo := m::timestamp AT TIME ZONE 'Asia/Shanghai';
      hi := (m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai';
      EXECUTE format('CREATE TABLE public.%I (LIKE public.order_events INCLUDING DEFAULTS)', part);
      -- Rows of that month in the default partition move in first (ATTACH refuses while they are there).
      EXECUTE format(
        'WITH moved AS (DELETE FROM public.order_events_default WHERE "at" >= %L AND "at" < %L RETURNING *) '
        'INSERT INTO public.%I SELECT * FROM moved', lo, hi, part);
      EXECUTE format('ALTER TABLE public.order_events ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)',
        part, lo, hi);
      created := created + 1;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  RETURN created;
END $$;--> statement-breakpoint
-- The months of the rows there are (at most 24 back; older ones stay in the default partition), and three ahead.
SELECT ensure_order_events_partitions(3, greatest(
  coalesce((SELECT min("at") FROM "order_events_unpartitioned"), now()) AT TIME ZONE 'Asia/Shanghai',
  (now() AT TIME ZONE 'Asia/Shanghai') - interval '24 months')::date);--> statement-breakpoint
INSERT INTO "order_events" OVERRIDING SYSTEM VALUE
  SELECT "id", "order_id", "ticket_id", "kind", "ref_id", "from_status", "to_status", "source", "actor", "note", "at"
  FROM "order_events_unpartitioned";--> statement-breakpoint
SELECT setval('"order_events_id_seq"', coalesce((SELECT max("id") FROM "order_events"), 0) + 1, false);--> statement-breakpoint
DROP TABLE "order_events_unpartitioned";
