CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- Lower case without accents, for the back-office search (F6.2). Immutable, so generated
-- columns and indexes may use it (unaccent() is not: its dictionary could change). œ and æ
-- become oe and ae first; translate() maps the rest one character to one.
CREATE OR REPLACE FUNCTION comptoir_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ select translate(replace(replace(lower(value), 'œ', 'oe'), 'æ', 'ae'), 'àáâãäåāçćčèéêëēėęěìíîïīñńňòóôõöøōùúûüūůýÿžźżšśłđďťřß', 'aaaaaaaccceeeeeeeeiiiiinnnooooooouuuuuuyyzzzsslddtrs') $$;--> statement-breakpoint
CREATE TABLE "customer_notes" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"author_staff_id" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_notes_body_check" CHECK (char_length(btrim("customer_notes"."body")) between 1 and 5000)
);
--> statement-breakpoint
CREATE TABLE "shop_settings" (
	"id" text PRIMARY KEY DEFAULT 'shop' NOT NULL,
	"account_approval" text DEFAULT 'none' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_staff_id" text,
	CONSTRAINT "shop_settings_single_row_check" CHECK ("shop_settings"."id" = 'shop'),
	CONSTRAINT "shop_settings_account_approval_check" CHECK ("shop_settings"."account_approval" in ('none', 'business', 'all'))
);
--> statement-breakpoint
CREATE TABLE "privacy_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"channel" text NOT NULL,
	"customer_id" text,
	"erasure_pseudonym" text,
	"received_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"recorded_by_staff_id" text,
	"answered_by_staff_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "privacy_requests_kind_check" CHECK ("privacy_requests"."kind" in ('export', 'erasure')),
	CONSTRAINT "privacy_requests_status_check" CHECK ("privacy_requests"."status" in ('open', 'answered', 'declined')),
	CONSTRAINT "privacy_requests_channel_check" CHECK ("privacy_requests"."channel" in ('email', 'letter', 'phone', 'in_store', 'other')),
	CONSTRAINT "privacy_requests_answered_check" CHECK (("privacy_requests"."status" = 'open') = ("privacy_requests"."answered_at" is null))
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "approval_status" text DEFAULT 'approved' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "approval_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "business_name" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "business_identifier" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "business_registration_number" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "business_vat_number" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "search_text" text GENERATED ALWAYS AS (comptoir_fold(
  coalesce(email, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
  coalesce(phone, '') || ' ' || coalesce(regexp_replace(phone, '^[+]3[23]', '0'), '') || ' ' ||
  coalesce(mobile, '') || ' ' || coalesce(regexp_replace(mobile, '^[+]3[23]', '0'), '') || ' ' ||
  coalesce(business_name, '') || ' ' || coalesce(business_identifier, '') || ' ' ||
  coalesce(business_registration_number, '') || ' ' || coalesce(business_vat_number, ''))) STORED;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "search_text" text GENERATED ALWAYS AS (comptoir_fold(coalesce(name, '') || ' ' || coalesce(siret, '') || ' ' || coalesce(siren, '') || ' ' || coalesce(vat_number, '') || ' ' || coalesce(enterprise_number, '') || ' ' || coalesce(registration_number, ''))) STORED;--> statement-breakpoint
ALTER TABLE "customer_notes" ADD CONSTRAINT "customer_notes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_notes" ADD CONSTRAINT "customer_notes_author_staff_id_staff_users_id_fk" FOREIGN KEY ("author_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop_settings" ADD CONSTRAINT "shop_settings_updated_by_staff_id_staff_users_id_fk" FOREIGN KEY ("updated_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_recorded_by_staff_id_staff_users_id_fk" FOREIGN KEY ("recorded_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_answered_by_staff_id_staff_users_id_fk" FOREIGN KEY ("answered_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_notes_customer_idx" ON "customer_notes" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "privacy_requests_open_idx" ON "privacy_requests" USING btree ("due_at") WHERE "privacy_requests"."status" = 'open';--> statement-breakpoint
CREATE INDEX "privacy_requests_customer_idx" ON "privacy_requests" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "customers_search_text_trgm_idx" ON "customers" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_pending_approval_idx" ON "customers" USING btree ("created_at") WHERE "customers"."approval_status" = 'pending';--> statement-breakpoint
CREATE INDEX "companies_search_text_trgm_idx" ON "companies" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_approval_status_check" CHECK ("customers"."approval_status" in ('approved', 'pending', 'refused'));