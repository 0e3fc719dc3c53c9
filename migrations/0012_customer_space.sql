CREATE TABLE "message_preferences" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"notification" text DEFAULT 'with_text' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_preferences_notification_check" CHECK ("message_preferences"."notification" in ('with_text', 'without_text', 'off'))
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"market_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"company_id" text,
	"batch_id" text NOT NULL,
	"sender_kind" text NOT NULL,
	"sender_staff_id" text,
	"sender_api_key_id" text,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"attachment_document_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"notified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_sender_kind_check" CHECK ("messages"."sender_kind" in ('staff', 'store')),
	CONSTRAINT "messages_subject_check" CHECK (btrim("messages"."subject") <> '' and length("messages"."subject") <= 200),
	CONSTRAINT "messages_body_check" CHECK (length("messages"."body") <= 20000)
);
--> statement-breakpoint
CREATE TABLE "contact_attachments" (
	"id" text PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea",
	"storage_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_attachments_content_type_check" CHECK ("contact_attachments"."content_type" in ('image/png', 'image/jpeg', 'image/webp', 'application/pdf')),
	CONSTRAINT "contact_attachments_storage_check" CHECK (("contact_attachments"."data" is null) <> ("contact_attachments"."storage_key" is null))
);
--> statement-breakpoint
CREATE TABLE "contact_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"thread_id" text NOT NULL,
	"author_kind" text NOT NULL,
	"staff_id" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_messages_author_kind_check" CHECK ("contact_messages"."author_kind" in ('customer', 'staff')),
	CONSTRAINT "contact_messages_body_check" CHECK (btrim("contact_messages"."body") <> '' and length("contact_messages"."body") <= 10000)
);
--> statement-breakpoint
CREATE TABLE "contact_threads" (
	"id" text PRIMARY KEY NOT NULL,
	"market_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"topic" text NOT NULL,
	"order_id" text,
	"document_id" text,
	"subject" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"customer_read_at" timestamp with time zone,
	"staff_read_at" timestamp with time zone,
	CONSTRAINT "contact_threads_topic_check" CHECK ("contact_threads"."topic" in ('order', 'document', 'account', 'other')),
	CONSTRAINT "contact_threads_status_check" CHECK ("contact_threads"."status" in ('open', 'answered', 'closed')),
	CONSTRAINT "contact_threads_subject_check" CHECK (btrim("contact_threads"."subject") <> '' and length("contact_threads"."subject") <= 200)
);
--> statement-breakpoint
CREATE TABLE "wishlist_items" (
	"id" text PRIMARY KEY NOT NULL,
	"wishlist_id" text NOT NULL,
	"product_id" text NOT NULL,
	"variant_id" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"image_url" text,
	"price_amount" integer,
	"currency" char(3),
	"quantity" integer DEFAULT 1 NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wishlist_items_quantity_check" CHECK ("wishlist_items"."quantity" between 1 and 9999),
	CONSTRAINT "wishlist_items_price_check" CHECK (("wishlist_items"."price_amount" is null) = ("wishlist_items"."currency" is null))
);
--> statement-breakpoint
CREATE TABLE "wishlists" (
	"id" text PRIMARY KEY NOT NULL,
	"market_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"name" text NOT NULL,
	"location_id" text,
	"share_token_hash" text,
	"shared_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wishlists_name_check" CHECK (btrim("wishlists"."name") <> '' and length("wishlists"."name") <= 100)
);
--> statement-breakpoint
CREATE TABLE "registries" (
	"id" text PRIMARY KEY NOT NULL,
	"market_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"owner_names" text NOT NULL,
	"event_date" date,
	"message" text,
	"public_code" text NOT NULL,
	"visibility" text DEFAULT 'link' NOT NULL,
	"access_code_hash" text,
	"status" text DEFAULT 'open' NOT NULL,
	"fund_enabled" boolean DEFAULT false NOT NULL,
	"photo" "bytea",
	"photo_content_type" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "registries_kind_check" CHECK ("registries"."kind" in ('birth', 'wedding', 'birthday', 'other')),
	CONSTRAINT "registries_visibility_check" CHECK ("registries"."visibility" in ('public', 'link', 'code')),
	CONSTRAINT "registries_status_check" CHECK ("registries"."status" in ('open', 'closed')),
	CONSTRAINT "registries_access_code_check" CHECK (("registries"."visibility" = 'code') = ("registries"."access_code_hash" is not null)),
	CONSTRAINT "registries_photo_check" CHECK (("registries"."photo" is null) = ("registries"."photo_content_type" is null)),
	CONSTRAINT "registries_title_check" CHECK (btrim("registries"."title") <> '' and length("registries"."title") <= 150)
);
--> statement-breakpoint
CREATE TABLE "registry_contributions" (
	"id" text PRIMARY KEY NOT NULL,
	"registry_id" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" char(3) NOT NULL,
	"giver_name" text NOT NULL,
	"giver_email" text,
	"message" text,
	"external_payment_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"thanked_at" timestamp with time zone,
	CONSTRAINT "registry_contributions_amount_check" CHECK ("registry_contributions"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "registry_gifts" (
	"id" text PRIMARY KEY NOT NULL,
	"registry_id" text NOT NULL,
	"item_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"status" text DEFAULT 'reserved' NOT NULL,
	"giver_name" text NOT NULL,
	"giver_email" text,
	"message" text,
	"external_order_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"purchased_at" timestamp with time zone,
	"thanked_at" timestamp with time zone,
	CONSTRAINT "registry_gifts_quantity_check" CHECK ("registry_gifts"."quantity" between 1 and 999),
	CONSTRAINT "registry_gifts_status_check" CHECK ("registry_gifts"."status" in ('reserved', 'purchased', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "registry_items" (
	"id" text PRIMARY KEY NOT NULL,
	"registry_id" text NOT NULL,
	"product_id" text NOT NULL,
	"variant_id" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"image_url" text,
	"price_amount" integer,
	"currency" char(3),
	"wanted_quantity" integer NOT NULL,
	"reserved_quantity" integer DEFAULT 0 NOT NULL,
	"purchased_quantity" integer DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_items_wanted_check" CHECK ("registry_items"."wanted_quantity" between 1 and 999),
	CONSTRAINT "registry_items_quantities_check" CHECK ("registry_items"."reserved_quantity" >= 0 and "registry_items"."purchased_quantity" >= 0 and "registry_items"."reserved_quantity" + "registry_items"."purchased_quantity" <= "registry_items"."wanted_quantity")
);
--> statement-breakpoint
CREATE TABLE "wallet_pass_registrations" (
	"device_library_id" text NOT NULL,
	"pass_type_id" text NOT NULL,
	"serial_number" text NOT NULL,
	"customer_id" text NOT NULL,
	"push_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wallet_pass_registrations_device_library_id_pass_type_id_serial_number_pk" PRIMARY KEY("device_library_id","pass_type_id","serial_number")
);
--> statement-breakpoint
CREATE TABLE "wallet_passes" (
	"serial_number" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"authentication_token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wallet_passes_customer_key" UNIQUE("customer_id")
);
--> statement-breakpoint
ALTER TABLE "member_cards" ADD COLUMN "points" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "member_cards" ADD COLUMN "points_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "message_preferences" ADD CONSTRAINT "message_preferences_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_sender_staff_id_staff_users_id_fk" FOREIGN KEY ("sender_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attachments" ADD CONSTRAINT "contact_attachments_message_id_contact_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."contact_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attachments" ADD CONSTRAINT "contact_attachments_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD CONSTRAINT "contact_messages_thread_id_contact_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."contact_threads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD CONSTRAINT "contact_messages_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_threads" ADD CONSTRAINT "contact_threads_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_threads" ADD CONSTRAINT "contact_threads_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_threads" ADD CONSTRAINT "contact_threads_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_threads" ADD CONSTRAINT "contact_threads_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishlist_items" ADD CONSTRAINT "wishlist_items_wishlist_id_wishlists_id_fk" FOREIGN KEY ("wishlist_id") REFERENCES "public"."wishlists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishlists" ADD CONSTRAINT "wishlists_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishlists" ADD CONSTRAINT "wishlists_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishlists" ADD CONSTRAINT "wishlists_location_id_company_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."company_locations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registries" ADD CONSTRAINT "registries_market_id_markets_id_fk" FOREIGN KEY ("market_id") REFERENCES "public"."markets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registries" ADD CONSTRAINT "registries_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_contributions" ADD CONSTRAINT "registry_contributions_registry_id_registries_id_fk" FOREIGN KEY ("registry_id") REFERENCES "public"."registries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_gifts" ADD CONSTRAINT "registry_gifts_registry_id_registries_id_fk" FOREIGN KEY ("registry_id") REFERENCES "public"."registries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_gifts" ADD CONSTRAINT "registry_gifts_item_id_registry_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."registry_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_items" ADD CONSTRAINT "registry_items_registry_id_registries_id_fk" FOREIGN KEY ("registry_id") REFERENCES "public"."registries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_pass_registrations" ADD CONSTRAINT "wallet_pass_registrations_serial_number_wallet_passes_serial_number_fk" FOREIGN KEY ("serial_number") REFERENCES "public"."wallet_passes"("serial_number") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_pass_registrations" ADD CONSTRAINT "wallet_pass_registrations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_passes" ADD CONSTRAINT "wallet_passes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_inbox_idx" ON "messages" USING btree ("customer_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_unread_idx" ON "messages" USING btree ("customer_id") WHERE "messages"."read_at" is null and "messages"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "messages_batch_idx" ON "messages" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "contact_attachments_message_idx" ON "contact_attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "contact_attachments_customer_idx" ON "contact_attachments" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "contact_messages_thread_idx" ON "contact_messages" USING btree ("thread_id","created_at");--> statement-breakpoint
CREATE INDEX "contact_threads_customer_idx" ON "contact_threads" USING btree ("customer_id","last_message_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "contact_threads_queue_idx" ON "contact_threads" USING btree ("market_id","status","last_message_at");--> statement-breakpoint
CREATE UNIQUE INDEX "wishlist_items_product_key" ON "wishlist_items" USING btree ("wishlist_id","product_id","variant_id");--> statement-breakpoint
CREATE INDEX "wishlists_customer_idx" ON "wishlists" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wishlists_share_token_key" ON "wishlists" USING btree ("share_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "registries_public_code_key" ON "registries" USING btree ("public_code");--> statement-breakpoint
CREATE INDEX "registries_customer_idx" ON "registries" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "registries_owner_names_trgm_idx" ON "registries" USING gin (comptoir_fold("owner_names") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "registry_contributions_registry_idx" ON "registry_contributions" USING btree ("registry_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "registry_contributions_payment_key" ON "registry_contributions" USING btree ("registry_id","external_payment_id");--> statement-breakpoint
CREATE INDEX "registry_gifts_registry_idx" ON "registry_gifts" USING btree ("registry_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "registry_gifts_external_order_key" ON "registry_gifts" USING btree ("item_id","external_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registry_items_product_key" ON "registry_items" USING btree ("registry_id","product_id","variant_id");--> statement-breakpoint
CREATE INDEX "wallet_pass_registrations_serial_idx" ON "wallet_pass_registrations" USING btree ("serial_number");--> statement-breakpoint
ALTER TABLE "member_cards" ADD CONSTRAINT "member_cards_points_check" CHECK ("member_cards"."points" >= 0);