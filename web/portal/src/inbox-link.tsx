import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useMessages } from '../../ui/i18n';
import { countUnreadMessages, MESSAGES_CHANGED_EVENT } from './messages-api';
import { messagesTexts } from './pages/messages.messages';

const POLL_MS = 60_000;

/** The readable CSRF cookie comes with every sign-in and goes with sign-out: no cookie, no session to ask about. */
function looksSignedIn(): boolean {
  return document.cookie.split(';').some((part) => part.trim().startsWith('comptoir_csrf='));
}

/**
 * The header's link to the inbox with its unread count (F5.2), on every page. It asks again on
 * each navigation, when a page says messages changed, and every minute. Signed out it asks
 * nothing (a 401 in the console on every public page would be noise) and shows nothing.
 */
export function InboxLink() {
  const t = useMessages(messagesTexts);
  const location = useLocation();
  const [count, setCount] = useState<number | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const again = () => setTick((value) => value + 1);
    window.addEventListener(MESSAGES_CHANGED_EVENT, again);
    const timer = window.setInterval(again, POLL_MS);
    return () => {
      window.removeEventListener(MESSAGES_CHANGED_EVENT, again);
      window.clearInterval(timer);
    };
  }, []);

  useEffect(() => {
    let current = true;
    if (!looksSignedIn()) {
      setCount(null);
      return;
    }
    void countUnreadMessages().then((result) => {
      if (current) setCount(result.ok ? result.data.unreadCount : null);
    });
    return () => {
      current = false;
    };
  }, [location.pathname, tick]);

  if (count === null) return null;
  return (
    <nav className="app-header__nav" aria-label={t.nav}>
      <Link to="/messages" className="inbox-link">
        {t.nav}
        {count > 0 ? (
          <>
            <span className="badge inbox-link__count" aria-hidden="true">
              {count}
            </span>
            <span className="visually-hidden">{t.navUnread(count)}</span>
          </>
        ) : null}
      </Link>
      <Link to="/contact" className="inbox-link">
        {t.contactNav}
      </Link>
    </nav>
  );
}
