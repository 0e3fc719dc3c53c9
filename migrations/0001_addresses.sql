CREATE TABLE "customer_addresses" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"label" text,
	"first_name" text,
	"last_name" text,
	"company" text,
	"attention" text,
	"line1" text NOT NULL,
	"line2" text,
	"house_number" text,
	"house_number_extension" text,
	"postal_code" text,
	"city" text NOT NULL,
	"region" text,
	"country" char(2) NOT NULL,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_addresses_kind_check" CHECK ("customer_addresses"."kind" in ('billing', 'delivery')),
	CONSTRAINT "customer_addresses_default_delivery_check" CHECK (not ("customer_addresses"."is_default" and "customer_addresses"."kind" <> 'delivery')),
	CONSTRAINT "customer_addresses_country_check" CHECK ("customer_addresses"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "customer_addresses_phone_check" CHECK ("customer_addresses"."phone" is null or "customer_addresses"."phone" ~ '^[+][1-9][0-9]{6,14}$'),
	CONSTRAINT "customer_addresses_required_check" CHECK (btrim("customer_addresses"."line1") <> '' and btrim("customer_addresses"."city") <> ''),
	CONSTRAINT "customer_addresses_recipient_check" CHECK (coalesce(btrim("customer_addresses"."last_name"), '') <> '' or coalesce(btrim("customer_addresses"."company"), '') <> '')
);
--> statement-breakpoint
ALTER TABLE "customer_addresses" ADD CONSTRAINT "customer_addresses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_addresses_customer_idx" ON "customer_addresses" USING btree ("customer_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_addresses_one_billing_key" ON "customer_addresses" USING btree ("customer_id") WHERE "customer_addresses"."kind" = 'billing';--> statement-breakpoint
CREATE UNIQUE INDEX "customer_addresses_one_default_delivery_key" ON "customer_addresses" USING btree ("customer_id") WHERE "customer_addresses"."kind" = 'delivery' and "customer_addresses"."is_default";