-- Consent records are evidence (GDPR art. 7(1): the shop must be able to show that a person
-- consented): a record once written is never rewritten. A change of mind is a new row, so the
-- database refuses UPDATE whoever asks (API, operator SQL). DELETE stays allowed: erasing an
-- account removes its records by cascade.
CREATE FUNCTION comptoir_refuse_consent_record_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'consent_records is append-only: insert a new record instead of updating %', OLD.id
    USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER consent_records_append_only
  BEFORE UPDATE ON consent_records
  FOR EACH ROW EXECUTE FUNCTION comptoir_refuse_consent_record_update();
