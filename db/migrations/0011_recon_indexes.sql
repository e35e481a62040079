CREATE INDEX "change_orders_updated_idx" ON "change_orders" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "ledger_transactions_order_idx" ON "ledger_transactions" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "ledger_transactions_credit_idx" ON "ledger_transactions" USING btree ("created_at") WHERE "ledger_transactions"."order_id" is not null and "ledger_transactions"."kind" in ('refund', 'release');--> statement-breakpoint
CREATE INDEX "orders_ended_idx" ON "orders" USING btree ("updated_at") WHERE "orders"."status" in (3, 5, 9);--> statement-breakpoint
CREATE INDEX "payment_refunds_updated_idx" ON "payment_refunds" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "payment_refunds_settled_idx" ON "payment_refunds" USING btree ("settled_at") WHERE "payment_refunds"."status" = 'succeeded';--> statement-breakpoint
CREATE INDEX "provider_balance_movements_credit_idx" ON "provider_balance_movements" USING btree ("occurred_at") WHERE "provider_balance_movements"."amount_fen" > 0;--> statement-breakpoint
CREATE INDEX "ticket_refunds_ticket_idx" ON "ticket_refunds" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_refunds_updated_idx" ON "ticket_refunds" USING btree ("updated_at");