CREATE TABLE "market_assets" (
	"market_id" text NOT NULL,
	"kind" text NOT NULL,
	"content_type" text NOT NULL,
	"data" "bytea" NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "market_assets_market_id_kind_pk" PRIMARY KEY("market_id","kind"),
	CONSTRAINT "market_assets_kind_check" CHECK ("market_assets"."kind" in ('logo', 'favicon')),
	CONSTRAINT "market_assets_content_type_check" CHECK ("market_assets"."content_type" in ('image/png', 'image/jpeg', 'image/webp', 'image/x-icon'))
);
--> statement-breakpoint
CREATE TABLE "markets" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"countries" jsonb NOT NULL,
	"default_locale" text DEFAULT 'fr' NOT NULL,
	"locales" jsonb NOT NULL,
	"currency" char(3) DEFAULT 'EUR' NOT NULL,
	"public_url" text,
	"host" text,
	"b2b_only" boolean,
	"business_programme" text,
	"account_approval" text DEFAULT 'none' NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"branding" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "markets_code_check" CHECK ("markets"."code" ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
	CONSTRAINT "markets_name_check" CHECK (btrim("markets"."name") <> ''),
	CONSTRAINT "markets_currency_check" CHECK ("markets"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "markets_default_locale_check" CHECK ("markets"."default_locale" in ('fr', 'en')),
	CONSTRAINT "markets_business_programme_check" CHECK ("markets"."business_programme" in ('mixed', 'separate')),
	CONSTRAINT "markets_account_approval_check" CHECK ("markets"."account_approval" in ('none', 'business', 'all')),
	CONSTRAINT "markets_host_check" CHECK ("markets"."host" = lower("markets"."host"))
);
--> statement-breakpoint
-- Markets (F1.8). The default market takes the shop's existing approval setting; every existing
-- customer, company, store key, order, document and catalogue row moves into it, so a shop
-- with one market changes nothing. Its URL, B2B-only and programme settings stay null: they
-- keep following PUBLIC_URL, B2B_ONLY and BUSINESS_PROGRAMME.
INSERT INTO "markets" ("id", "code", "name", "countries", "default_locale", "locales", "currency", "account_approval", "is_default")
SELECT 'mkt_default', 'default', 'Boutique', '["FR"]'::jsonb, 'fr', '["fr","en"]'::jsonb, 'EUR',
  coalesce((SELECT "account_approval" FROM "shop_settings" WHERE "id" = 'shop'), 'none'), true;--> statement-breakpoint
DROP INDEX "customers_email_normalized_key";--> statement-breakpoint
DROP INDEX "orders_channel_external_id_key";--> statement-breakpoint
DROP INDEX "documents_kind_number_key";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "market_id" text NOT NULL DEFAULT 'mkt_default';--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "market_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "market_id" text NOT NULL DEFAULT 'mkt_default';--> statement-breakpoint
ALTER TABLE "companies" ALTER COLUMN "market_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "market_id" text NOT NULL DEFAULT 'mkt_default';--> statement-breakpoint
ALTER TABLE "api_keys" ALTER COLUMN "market_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "market_id" text NOT NULL DEFAULT 'mkt_default';--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "market_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "market_id" text NOT NULL DEFAULT 'mkt_default';--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "market_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "sku_availability" ADD COLUMN "market_id" text NOT NULL DEFAULT 'mkt_default';--> statement-breakpoint
ALTER TABLE "sku_availability" ALTER COLUMN "market_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "sku_availability" DROP CONSTRAINT "sku_availability_pkey";--> statement-breakpoint
ALTER TABLE "sku_availability" ADD CONSTRAINT "sku_availability_market_id_sku_pk" PRIMARY KEY("market_id","sku");--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD COLUMN "market_id" text;--> statement-breakpoint
-- Endpoints the shop already has were its one market's: they stay manageable by its keys.
UPDATE "webhook_endpoints" SET "market_id" = 'mkt_default';--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "market_id" text;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "market_ids" jsonb;--> statement-breakpoint
ALTER TABLE "market_assets" ADD CONSTRAINT "market_assets_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "markets_code_key" ON "markets" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "markets_host_key" ON "markets" USING btree ("host");--> statement-breakpoint
CREATE UNIQUE INDEX "markets_one_default_key" ON "markets" USING btree ("is_default") WHERE "markets"."is_default";--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sku_availability" ADD CONSTRAINT "sku_availability_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_market_email_key" ON "customers" USING btree ("market_id","email_normalized");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_market_channel_external_id_key" ON "orders" USING btree ("market_id","channel","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_market_kind_number_key" ON "documents" USING btree ("market_id","kind","number");--> statement-breakpoint
CREATE INDEX "companies_market_idx" ON "companies" USING btree ("market_id");
