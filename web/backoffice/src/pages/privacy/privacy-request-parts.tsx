import { useState } from 'react';
import { Button } from '../../../../ui/forms';
import { useLocale, useMessages } from '../../../../ui/i18n';
import type { Failure } from '../../../../ui/form-outcome';
import { closePrivacyRequest, type PrivacyRequest } from '../../api/privacy';
import { formatDay, privacyMessages } from './privacy.messages';

/**
 * Time left for an open request; overdue ones say so in words and with a marker, not by colour
 * alone. Closed ones show their status and when.
 */
export function RequestDelay({ request }: { request: PrivacyRequest }) {
  const t = useMessages(privacyMessages);
  const { locale } = useLocale();
  if (request.status !== 'open') {
    return (
      <span>
        <span className={request.status === 'declined' ? 'badge badge--muted' : 'badge'}>{t.statuses[request.status]}</span>{' '}
        {formatDay(locale, request.answeredAt)}
        {request.answeredBy ? <span className="muted"> {t.by(request.answeredBy.name)}</span> : null}
      </span>
    );
  }
  if (request.overdue) {
    return (
      <strong className="privacy-overdue">
        <span aria-hidden="true">⚠ </span>
        {t.overdue} {t.overdueBy(-(request.daysLeft ?? 0))}
      </strong>
    );
  }
  return <span>{t.daysLeft(request.daysLeft ?? 0)}</span>;
}

/** What a request is, for the accessible names of its row's buttons. */
export function describeRequest(t: typeof privacyMessages.fr, locale: 'fr' | 'en', request: PrivacyRequest): string {
  const who = request.customer ? request.customer.name : t.erasedCustomer(request.erasurePseudonym);
  return `${t.kinds[request.kind]}, ${who}, ${formatDay(locale, request.receivedAt)}`;
}

type CloseProps = {
  request: PrivacyRequest;
  onClosed: (request: PrivacyRequest, notice: string) => void;
  onFailure: (failure: Failure) => void;
};

/** Mark answered (done outside Comptoir) or decline (e.g. identity not confirmed). */
export function CloseRequestButtons({ request, onClosed, onFailure }: CloseProps) {
  const t = useMessages(privacyMessages);
  const { locale } = useLocale();
  const [busy, setBusy] = useState(false);
  const what = describeRequest(t, locale, request);

  async function close(status: 'answered' | 'declined') {
    if (busy) return;
    setBusy(true);
    const result = await closePrivacyRequest(request.id, status);
    setBusy(false);
    if (result.ok) onClosed(result.data, status === 'answered' ? t.answeredNotice : t.declinedNotice);
    else onFailure(result);
  }

  return (
    <span className="privacy-row-actions">
      <Button variant="secondary" busy={busy} aria-label={t.markAnsweredOf(what)} onClick={() => void close('answered')}>
        {t.markAnswered}
      </Button>
      <Button variant="link" busy={busy} aria-label={t.declineOf(what)} onClick={() => void close('declined')}>
        {t.decline}
      </Button>
    </span>
  );
}
