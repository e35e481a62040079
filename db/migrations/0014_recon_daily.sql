CREATE TABLE "recon_daily" (
	"day" date PRIMARY KEY NOT NULL,
	"refunds" integer DEFAULT 0 NOT NULL,
	"refund_fen" bigint DEFAULT 0 NOT NULL,
	"fee_fen" bigint DEFAULT 0 NOT NULL,
	"change_refund_fen" bigint DEFAULT 0 NOT NULL,
	"paid_back_fen" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "recon_discrepancies_unresolved_idx" ON "recon_discrepancies" USING btree ("first_seen_at","id") WHERE "recon_discrepancies"."state" in ('open', 'explained');--> statement-breakpoint
CREATE INDEX "recon_discrepancies_unresolved_reason_idx" ON "recon_discrepancies" USING btree ("reason","first_seen_at","id") WHERE "recon_discrepancies"."state" in ('open', 'explained');--> statement-breakpoint
-- recon_daily is kept in the same transaction as the writes it sums (see db/schema.ts reconDaily).
CREATE FUNCTION recon_daily_add(d date, n integer, refund bigint, fee bigint, change bigint, paid bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO recon_daily AS r (day, refunds, refund_fen, fee_fen, change_refund_fen, paid_back_fen)
  VALUES (d, n, refund, fee, change, paid)
  ON CONFLICT (day) DO UPDATE SET refunds = r.refunds + excluded.refunds, refund_fen = r.refund_fen + excluded.refund_fen,
    fee_fen = r.fee_fen + excluded.fee_fen, change_refund_fen = r.change_refund_fen + excluded.change_refund_fen,
    paid_back_fen = r.paid_back_fen + excluded.paid_back_fen
$$;--> statement-breakpoint
CREATE FUNCTION recon_daily_ticket_refunds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 21 THEN
    PERFORM recon_daily_add((OLD.updated_at AT TIME ZONE 'Asia/Shanghai')::date, -1,
      -coalesce(OLD.provider_refund_fen, 0), -coalesce(OLD.fee_fen, 0), 0, 0);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 21 THEN
    PERFORM recon_daily_add((NEW.updated_at AT TIME ZONE 'Asia/Shanghai')::date, 1,
      coalesce(NEW.provider_refund_fen, 0), coalesce(NEW.fee_fen, 0), 0, 0);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION recon_daily_change_orders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 34 AND OLD.provider_refund_fen > 0 THEN
    PERFORM recon_daily_add((OLD.updated_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, -OLD.provider_refund_fen, 0);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 34 AND NEW.provider_refund_fen > 0 THEN
    PERFORM recon_daily_add((NEW.updated_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, NEW.provider_refund_fen, 0);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION recon_daily_payment_refunds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'succeeded' AND OLD.settled_at IS NOT NULL THEN
    PERFORM recon_daily_add((OLD.settled_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 0, -OLD.amount_fen);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'succeeded' AND NEW.settled_at IS NOT NULL THEN
    PERFORM recon_daily_add((NEW.settled_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 0, NEW.amount_fen);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER recon_daily_ticket_refunds AFTER INSERT OR UPDATE OR DELETE ON ticket_refunds
  FOR EACH ROW EXECUTE FUNCTION recon_daily_ticket_refunds();--> statement-breakpoint
CREATE TRIGGER recon_daily_change_orders AFTER INSERT OR UPDATE OR DELETE ON change_orders
  FOR EACH ROW EXECUTE FUNCTION recon_daily_change_orders();--> statement-breakpoint
CREATE TRIGGER recon_daily_payment_refunds AFTER INSERT OR UPDATE OR DELETE ON payment_refunds
  FOR EACH ROW EXECUTE FUNCTION recon_daily_payment_refunds();--> statement-breakpoint
INSERT INTO recon_daily (day, refunds, refund_fen, fee_fen, change_refund_fen, paid_back_fen)
SELECT day, sum(n)::int, sum(refund), sum(fee), sum(change), sum(paid) FROM (
  SELECT (updated_at AT TIME ZONE 'Asia/Shanghai')::date AS day, count(*) AS n, coalesce(sum(provider_refund_fen), 0) AS refund,
         coalesce(sum(fee_fen), 0) AS fee, 0 AS change, 0 AS paid
    FROM ticket_refunds WHERE status = 21 GROUP BY 1
  UNION ALL
  SELECT (updated_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, sum(provider_refund_fen), 0
    FROM change_orders WHERE status = 34 AND provider_refund_fen > 0 GROUP BY 1
  UNION ALL
  SELECT (settled_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 0, sum(amount_fen)
    FROM payment_refunds WHERE status = 'succeeded' AND settled_at IS NOT NULL GROUP BY 1
) s GROUP BY day;
