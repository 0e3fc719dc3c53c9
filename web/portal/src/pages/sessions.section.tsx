import { useEffect, useId, useRef, useState } from 'react';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { Button } from '../../../ui/forms';
import { formatDateTime, useLocale, useMessages, type Locale } from '../../../ui/i18n';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { listSessions, revokeOtherSessions, revokeSession, type CustomerSession } from '../portal-api';

const fr = {
  title: 'Mes appareils / sessions',
  intro: 'Les appareils sur lesquels vous êtes connecté. Déconnectez ceux que vous ne reconnaissez pas.',
  unknownDevice: 'Appareil inconnu',
  on: (browser: string, os: string) => `${browser} sur ${os}`,
  thisDevice: 'Cet appareil',
  signedIn: (date: string) => `Connecté le ${date}`,
  lastSeen: (date: string) => `dernière activité le ${date}`,
  ip: (ip: string) => `Adresse IP : ${ip}`,
  expires: (date: string) => `Expire le ${date}`,
  revoke: 'Déconnecter',
  revokeOthers: 'Déconnecter tous les autres appareils',
  revoked: 'L’appareil a été déconnecté.',
  othersRevoked: 'Tous les autres appareils ont été déconnectés.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'My devices / sessions',
    intro: 'The devices you are signed in on. Sign out those you do not recognise.',
    unknownDevice: 'Unknown device',
    on: (browser, os) => `${browser} on ${os}`,
    thisDevice: 'This device',
    signedIn: (date) => `Signed in on ${date}`,
    lastSeen: (date) => `last active on ${date}`,
    ip: (ip) => `IP address: ${ip}`,
    expires: (date) => `Expires on ${date}`,
    // "Sign out" alone is the account's own button; these act on other devices.
    revoke: 'Disconnect',
    revokeOthers: 'Disconnect all other devices',
    revoked: 'The device has been disconnected.',
    othersRevoked: 'All other devices have been disconnected.',
  },
};

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

function deviceName(session: CustomerSession, t: typeof fr): string {
  const software =
    session.browser && session.os ? t.on(session.browser, session.os) : (session.browser ?? session.os ?? null);
  return [session.device, software].filter(Boolean).join(' · ') || t.unknownDevice;
}

export function SessionsSection({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [sessions, setSessions] = useState<CustomerSession[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void listSessions().then((result) => {
      if (!current) return;
      if (result.ok) setSessions([...result.data.items].sort((a, b) => Number(b.current) - Number(a.current)));
      else if (result.status === 401) onUnauthenticated();
      else setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [onUnauthenticated]);

  async function revoke(target: 'others' | CustomerSession) {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    setNotice(null);
    const result = target === 'others' ? await revokeOtherSessions() : await revokeSession(target.id);
    setBusy(false);
    // 404: that session had already ended, which is what was asked.
    if (result.ok || result.status === 404) {
      setSessions((list) => (list ?? []).filter((s) => (target === 'others' ? s.current : s.id !== target.id)));
      setNotice(target === 'others' ? t.othersRevoked : t.revoked);
      // The button just pressed is gone; keep the keyboard in this section rather than at the page start.
      headingRef.current?.focus();
    } else if (result.status === 401) onUnauthenticated();
    else setFailure(result);
  }

  const others = sessions?.filter((s) => !s.current).length ?? 0;
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {t.title}
      </h2>
      <p className="muted">{t.intro}</p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      {sessions === null ? (
        failure ? null : <p role="status">{c.loading}</p>
      ) : (
        <ul className="item-list">
          {sessions.map((session) => (
            <li key={session.id}>
              <div>
                <p className="item__title" id={`${id}-${session.id}`}>
                  {deviceName(session, t)}
                  {session.current ? <span className="badge">{t.thisDevice}</span> : null}
                </p>
                <p className="item__meta">
                  {t.signedIn(formatDateTime(locale, session.createdAt))}
                  {session.lastSeenAt ? `, ${t.lastSeen(formatDateTime(locale, session.lastSeenAt))}` : ''}
                </p>
                <p className="item__meta">
                  {session.ip ? `${t.ip(session.ip)} · ` : ''}
                  {t.expires(formatDateTime(locale, session.expiresAt))}
                </p>
              </div>
              {session.current ? null : (
                <Button
                  variant="danger"
                  busy={busy}
                  aria-describedby={`${id}-${session.id}`}
                  onClick={() => revoke(session)}
                >
                  {t.revoke}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {others > 0 ? (
        <div className="actions">
          <Button variant="danger" busy={busy} onClick={() => revoke('others')}>
            {t.revokeOthers}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
