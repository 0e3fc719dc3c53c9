-- The back-office search finds a customer by their own words and by their companies' (name,
-- SIRET, VAT…). Each customer row now carries its companies' search text, kept here by triggers
-- whatever changes a membership or a company (the API, a merge, an import, erasure, an
-- operator's SQL), so that all the words of a search are conditions on one trigram index instead
-- of one id set per word and place, intersected afterwards (src/modules/customer-search).
ALTER TABLE "customers" ADD COLUMN "company_search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- The search text of every company a customer belongs to, in a stable order ('' for none).
CREATE FUNCTION comptoir_company_search_text(customer text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(co.search_text, ' ' ORDER BY co.id), '')
  FROM company_members cm JOIN companies co ON co.id = cm.company_id
  WHERE cm.customer_id = customer
$$;
--> statement-breakpoint
CREATE FUNCTION comptoir_refresh_company_search_text(customer text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  fresh text := comptoir_company_search_text(customer);
BEGIN
  UPDATE customers SET company_search_text = fresh WHERE id = customer AND company_search_text IS DISTINCT FROM fresh;
END
$$;
--> statement-breakpoint
CREATE FUNCTION comptoir_member_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM comptoir_refresh_company_search_text(OLD.customer_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM comptoir_refresh_company_search_text(NEW.customer_id);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER company_members_search_text
  AFTER INSERT OR DELETE OR UPDATE OF company_id, customer_id ON company_members
  FOR EACH ROW EXECUTE FUNCTION comptoir_member_search_changed();
--> statement-breakpoint
-- A company renamed (or its identifiers changed): every member's row, in id order, so that two
-- such updates sharing members lock them in the same order.
CREATE FUNCTION comptoir_company_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  member text;
BEGIN
  FOR member IN SELECT cm.customer_id FROM company_members cm WHERE cm.company_id = NEW.id ORDER BY cm.customer_id LOOP
    PERFORM comptoir_refresh_company_search_text(member);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER companies_search_text
  AFTER UPDATE ON companies
  FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text)
  EXECUTE FUNCTION comptoir_company_search_changed();
--> statement-breakpoint
UPDATE customers c SET company_search_text = member.text
  FROM (SELECT cm.customer_id, string_agg(co.search_text, ' ' ORDER BY co.id) AS text
        FROM company_members cm JOIN companies co ON co.id = cm.company_id GROUP BY cm.customer_id) member
  WHERE c.id = member.customer_id;--> statement-breakpoint
DROP INDEX "customers_search_text_trgm_idx";--> statement-breakpoint
CREATE INDEX "customers_search_document_trgm_idx" ON "customers" USING gin (("search_text" || ' ' || "company_search_text") gin_trgm_ops);--> statement-breakpoint
-- A thousand samples of the document instead of a hundred: PostgreSQL then sees words down to
-- about one customer in a thousand, and reads common words' customers in creation order rather
-- than all of them from the index, and rare words' from the index (bench/scale.ts).
ALTER INDEX "customers_search_document_trgm_idx" ALTER COLUMN 1 SET STATISTICS 1000;
