CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"agency_id" uuid,
	"customer_id" uuid,
	"address_id" uuid NOT NULL,
	"shipment_no" text NOT NULL,
	"status" text NOT NULL,
	"speed" text NOT NULL,
	"band" text NOT NULL,
	"fee_fen" bigint NOT NULL,
	"fare_fen" bigint NOT NULL,
	"departure_at" timestamp with time zone NOT NULL,
	"pay_with" text DEFAULT 'gateway' NOT NULL,
	"fee_payment_no" text,
	"fee_cashier_url" text,
	"fee_paid_fen" bigint DEFAULT 0 NOT NULL,
	"fee_paid_at" timestamp with time zone,
	"fee_refund_no" text,
	"fee_refund_fen" bigint DEFAULT 0 NOT NULL,
	"fee_refund_status" text DEFAULT 'none' NOT NULL,
	"fee_kept_fen" bigint DEFAULT 0 NOT NULL,
	"fare_charge_fen" bigint DEFAULT 0 NOT NULL,
	"charge_payment_no" text,
	"charge_cashier_url" text,
	"charge_paid_fen" bigint DEFAULT 0 NOT NULL,
	"charge_refund_fen" bigint DEFAULT 0 NOT NULL,
	"charge_refund_status" text DEFAULT 'none' NOT NULL,
	"cancel_quote" jsonb,
	"cancel_requested_at" timestamp with time zone,
	"cancel_attempts" integer DEFAULT 0 NOT NULL,
	"intercept_requested_at" timestamp with time zone,
	"courier_waybill_no" text,
	"courier_version" integer DEFAULT 0 NOT NULL,
	"courier_at_fault" boolean DEFAULT false NOT NULL,
	"eta_at" timestamp with time zone,
	"tracking" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_fee_positive" CHECK ("deliveries"."fee_fen" > 0),
	CONSTRAINT "deliveries_fee_split" CHECK ("deliveries"."fee_refund_fen" + "deliveries"."fee_kept_fen" <= "deliveries"."fee_paid_fen")
);
--> statement-breakpoint
CREATE TABLE "delivery_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"agency_id" uuid,
	"customer_id" uuid,
	"name_sealed" text NOT NULL,
	"phone_sealed" text NOT NULL,
	"province_sealed" text NOT NULL,
	"city_sealed" text NOT NULL,
	"district_sealed" text NOT NULL,
	"detail_sealed" text NOT NULL,
	"name_masked" text NOT NULL,
	"phone_masked" text NOT NULL,
	"address_masked" text NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "delivery_addresses_owner" CHECK ("delivery_addresses"."user_id" is not null or "delivery_addresses"."customer_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "delivery_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "delivery_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"delivery_id" uuid NOT NULL,
	"kind" text DEFAULT 'delivery' NOT NULL,
	"from_status" text,
	"to_status" text,
	"source" text NOT NULL,
	"actor" text,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_address_id_delivery_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."delivery_addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_addresses" ADD CONSTRAINT "delivery_addresses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_addresses" ADD CONSTRAINT "delivery_addresses_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_addresses" ADD CONSTRAINT "delivery_addresses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_events" ADD CONSTRAINT "delivery_events_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_shipment_no_key" ON "deliveries" USING btree ("shipment_no");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_fee_payment_no_key" ON "deliveries" USING btree ("fee_payment_no");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_charge_payment_no_key" ON "deliveries" USING btree ("charge_payment_no");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_waybill_key" ON "deliveries" USING btree ("courier_waybill_no");--> statement-breakpoint
CREATE INDEX "deliveries_order_idx" ON "deliveries" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "deliveries_user_idx" ON "deliveries" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "deliveries_open_idx" ON "deliveries" USING btree ("status","updated_at") WHERE "deliveries"."status" not in ('signed', 'cancelled', 'intercepted', 'lost');--> statement-breakpoint
CREATE INDEX "delivery_addresses_user_idx" ON "delivery_addresses" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "delivery_addresses_customer_idx" ON "delivery_addresses" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "delivery_events_delivery_idx" ON "delivery_events" USING btree ("delivery_id","at");