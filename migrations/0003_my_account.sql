CREATE TABLE "account_erasures" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"pseudonym" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_erasures_requested_by_check" CHECK ("account_erasures"."requested_by" in ('customer', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "unsubscribe_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "email_tokens" DROP CONSTRAINT "email_tokens_purpose_check";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "initials" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "mobile" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "gender" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "birth_date" date;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "origin" text DEFAULT 'registration' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "email_tokens" ADD COLUMN "data" jsonb;--> statement-breakpoint
ALTER TABLE "outbound_emails" ADD COLUMN "forget_after_sending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "unsubscribe_tokens" ADD CONSTRAINT "unsubscribe_tokens_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_erasures_customer_key" ON "account_erasures" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "account_erasures_pseudonym_key" ON "account_erasures" USING btree ("pseudonym");--> statement-breakpoint
CREATE UNIQUE INDEX "unsubscribe_tokens_token_hash_key" ON "unsubscribe_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "unsubscribe_tokens_customer_purpose_key" ON "unsubscribe_tokens" USING btree ("customer_id","purpose");--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_purpose_check" CHECK ("consent_records"."purpose" in ('newsletter_email', 'promotional_email', 'sms'));--> statement-breakpoint
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_source_check" CHECK ("consent_records"."source" in ('sign_up', 'account_page', 'unsubscribe_link', 'staff', 'import'));--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_gender_check" CHECK ("customers"."gender" in ('female', 'male', 'non_binary', 'prefer_not_to_say'));--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_origin_check" CHECK ("customers"."origin" in ('registration', 'guest_order', 'express_checkout', 'import', 'staff'));--> statement-breakpoint
ALTER TABLE "email_tokens" ADD CONSTRAINT "email_tokens_purpose_check" CHECK ("email_tokens"."purpose" in ('verify_email', 'password_reset', 'email_change', 'email_change_report', 'guest_claim'));