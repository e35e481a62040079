DROP INDEX "payment_refunds_cause_key";--> statement-breakpoint
CREATE UNIQUE INDEX "payment_refunds_cause_key" ON "payment_refunds" USING btree ("cause","cause_ref","payment_id");