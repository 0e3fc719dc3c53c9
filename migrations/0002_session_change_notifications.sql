-- Every instance keeps a short-lived cache of verified sessions (src/modules/auth/session-cache.ts).
-- These triggers tell all of them, through NOTIFY, whose sessions changed, whatever made the change:
-- the API, another instance, an operator's SQL. The payload is the customer id.
CREATE FUNCTION comptoir_notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'customers' THEN
    PERFORM pg_notify('comptoir_session_changes', COALESCE(NEW.id, OLD.id));
  ELSE
    PERFORM pg_notify('comptoir_session_changes', COALESCE(NEW.customer_id, OLD.customer_id));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Any change to a customer may change what a session shows (name, status, verification).
CREATE TRIGGER customers_notify_session_change
  AFTER UPDATE OR DELETE ON customers
  FOR EACH ROW EXECUTE FUNCTION comptoir_notify_session_change();
--> statement-breakpoint
-- Only changes that end a session or move its clock back; last-seen updates stay silent.
CREATE TRIGGER sessions_notify_session_change
  AFTER UPDATE ON sessions
  FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
     OR OLD.absolute_expires_at IS DISTINCT FROM NEW.absolute_expires_at
     OR NEW.last_seen_at < OLD.last_seen_at
     OR OLD.token_hash IS DISTINCT FROM NEW.token_hash)
  EXECUTE FUNCTION comptoir_notify_session_change();
--> statement-breakpoint
CREATE TRIGGER sessions_notify_session_delete
  AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION comptoir_notify_session_change();
