DROP INDEX "unsubscribe_tokens_customer_purpose_key";--> statement-breakpoint
CREATE INDEX "unsubscribe_tokens_customer_idx" ON "unsubscribe_tokens" USING btree ("customer_id","purpose");