CREATE TABLE "companies" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"country" char(2) NOT NULL,
	"siret" text,
	"siren" text,
	"vat_number" text,
	"enterprise_number" text,
	"registration_number" text,
	"other_tax_id" text,
	"chorus_service_code" text,
	"status" text DEFAULT 'active' NOT NULL,
	"merged_into_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "companies_kind_check" CHECK ("companies"."kind" in ('professional', 'company', 'public_body', 'association')),
	CONSTRAINT "companies_status_check" CHECK ("companies"."status" in ('active', 'merged')),
	CONSTRAINT "companies_country_check" CHECK ("companies"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "companies_siret_check" CHECK ("companies"."siret" is null or "companies"."siret" ~ '^[0-9]{14}$'),
	CONSTRAINT "companies_siren_check" CHECK ("companies"."siren" is null or "companies"."siren" ~ '^[0-9]{9}$'),
	CONSTRAINT "companies_enterprise_number_check" CHECK ("companies"."enterprise_number" is null or "companies"."enterprise_number" ~ '^[01][0-9]{9}$'),
	CONSTRAINT "companies_name_check" CHECK (btrim("companies"."name") <> ''),
	CONSTRAINT "companies_merged_check" CHECK (("companies"."status" = 'merged') = ("companies"."merged_into_id" is not null)),
	CONSTRAINT "companies_public_body_siret_check" CHECK ("companies"."kind" <> 'public_body' or "companies"."country" <> 'FR' or "companies"."siret" is not null)
);
--> statement-breakpoint
CREATE TABLE "company_invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"company_id" text NOT NULL,
	"email" text NOT NULL,
	"email_normalized" text NOT NULL,
	"role" text NOT NULL,
	"location_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" text,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "company_invitations_role_check" CHECK ("company_invitations"."role" in ('admin', 'member'))
);
--> statement-breakpoint
CREATE TABLE "company_locations" (
	"id" text PRIMARY KEY NOT NULL,
	"company_id" text NOT NULL,
	"name" text NOT NULL,
	"catalog_ref" text,
	"payment_terms_kind" text DEFAULT 'none' NOT NULL,
	"payment_terms_net_days" integer,
	"payment_terms_deposit_percent" integer,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "company_locations_name_check" CHECK (btrim("company_locations"."name") <> ''),
	CONSTRAINT "company_locations_terms_kind_check" CHECK ("company_locations"."payment_terms_kind" in ('none', 'net', 'deposit')),
	CONSTRAINT "company_locations_terms_check" CHECK (("company_locations"."payment_terms_kind" = 'net') = ("company_locations"."payment_terms_net_days" is not null)
        and ("company_locations"."payment_terms_kind" = 'deposit') = ("company_locations"."payment_terms_deposit_percent" is not null)
        and ("company_locations"."payment_terms_net_days" is null or "company_locations"."payment_terms_net_days" in (7, 15, 30, 45, 60, 90))
        and ("company_locations"."payment_terms_deposit_percent" is null or "company_locations"."payment_terms_deposit_percent" between 1 and 100))
);
--> statement-breakpoint
CREATE TABLE "company_members" (
	"company_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "company_members_company_id_customer_id_pk" PRIMARY KEY("company_id","customer_id"),
	CONSTRAINT "company_members_role_check" CHECK ("company_members"."role" in ('admin', 'member'))
);
--> statement-breakpoint
CREATE TABLE "location_address_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"location_id" text NOT NULL,
	"requested_by" text,
	"action" text NOT NULL,
	"address_id" text,
	"proposed" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"refusal_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "location_address_requests_action_check" CHECK ("location_address_requests"."action" in ('create', 'update', 'delete')),
	CONSTRAINT "location_address_requests_status_check" CHECK ("location_address_requests"."status" in ('pending', 'approved', 'refused', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "location_addresses" (
	"id" text PRIMARY KEY NOT NULL,
	"location_id" text NOT NULL,
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
	CONSTRAINT "location_addresses_kind_check" CHECK ("location_addresses"."kind" in ('billing', 'delivery')),
	CONSTRAINT "location_addresses_country_check" CHECK ("location_addresses"."country" ~ '^[A-Z]{2}$'),
	CONSTRAINT "location_addresses_phone_check" CHECK ("location_addresses"."phone" is null or "location_addresses"."phone" ~ '^[+][1-9][0-9]{6,14}$'),
	CONSTRAINT "location_addresses_required_check" CHECK (btrim("location_addresses"."line1") <> '' and btrim("location_addresses"."city") <> '')
);
--> statement-breakpoint
CREATE TABLE "location_members" (
	"location_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "location_members_location_id_customer_id_pk" PRIMARY KEY("location_id","customer_id"),
	CONSTRAINT "location_members_role_check" CHECK ("location_members"."role" in ('location_admin', 'buyer'))
);
--> statement-breakpoint
CREATE TABLE "session_buying_contexts" (
	"session_id" text PRIMARY KEY NOT NULL,
	"company_id" text,
	"location_id" text,
	"chosen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" DROP CONSTRAINT "customers_account_type_check";--> statement-breakpoint
ALTER TABLE "company_invitations" ADD CONSTRAINT "company_invitations_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_invitations" ADD CONSTRAINT "company_invitations_invited_by_customers_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_invitations" ADD CONSTRAINT "company_invitations_accepted_by_customers_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_locations" ADD CONSTRAINT "company_locations_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_members" ADD CONSTRAINT "company_members_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_members" ADD CONSTRAINT "company_members_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_address_requests" ADD CONSTRAINT "location_address_requests_location_id_company_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."company_locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_address_requests" ADD CONSTRAINT "location_address_requests_requested_by_customers_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_address_requests" ADD CONSTRAINT "location_address_requests_address_id_location_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."location_addresses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_address_requests" ADD CONSTRAINT "location_address_requests_decided_by_customers_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_addresses" ADD CONSTRAINT "location_addresses_location_id_company_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."company_locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_members" ADD CONSTRAINT "location_members_location_id_company_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."company_locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_members" ADD CONSTRAINT "location_members_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_buying_contexts" ADD CONSTRAINT "session_buying_contexts_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_buying_contexts" ADD CONSTRAINT "session_buying_contexts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_buying_contexts" ADD CONSTRAINT "session_buying_contexts_location_id_company_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."company_locations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "companies_siren_idx" ON "companies" USING btree ("siren");--> statement-breakpoint
CREATE INDEX "companies_vat_number_idx" ON "companies" USING btree ("vat_number");--> statement-breakpoint
CREATE UNIQUE INDEX "company_invitations_token_hash_key" ON "company_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "company_invitations_one_pending_key" ON "company_invitations" USING btree ("company_id","email_normalized") WHERE "company_invitations"."accepted_at" is null and "company_invitations"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "company_invitations_email_idx" ON "company_invitations" USING btree ("email_normalized");--> statement-breakpoint
CREATE INDEX "company_locations_company_idx" ON "company_locations" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "company_members_customer_idx" ON "company_members" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "location_address_requests_location_idx" ON "location_address_requests" USING btree ("location_id","status");--> statement-breakpoint
CREATE INDEX "location_addresses_location_idx" ON "location_addresses" USING btree ("location_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "location_addresses_one_billing_key" ON "location_addresses" USING btree ("location_id") WHERE "location_addresses"."kind" = 'billing';--> statement-breakpoint
CREATE UNIQUE INDEX "location_addresses_one_default_delivery_key" ON "location_addresses" USING btree ("location_id") WHERE "location_addresses"."kind" = 'delivery' and "location_addresses"."is_default";--> statement-breakpoint
CREATE INDEX "location_members_customer_idx" ON "location_members" USING btree ("customer_id");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_account_type_check" CHECK ("customers"."account_type" in ('individual', 'professional', 'company', 'public_body', 'association'));