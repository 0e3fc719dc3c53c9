import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { describeFailure, type Failure } from '../../../ui/form-outcome';
import { Button } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { common } from '../common.messages';
import { MoreButton } from '../pages/list-parts';
import { usePagedList } from '../pages/use-paged-list';
import { useSessionFailure } from '../staff-session';
import { listDeliveries, replayDelivery, sendTestEvent, type WebhookDelivery } from './integrations-api';
import { IntegrationsFrame, IntegrationsTable } from './integrations-parts';
import { integrationMessages } from './integrations.messages';

/**
 * /integrations/webhooks/:endpointId: the endpoint's delivery log with what its last attempt
 * was answered; a failed delivery is sent again from its row, a test event from the top.
 */
export function WebhookDeliveriesPage() {
  const { endpointId = '' } = useParams();
  const t = useMessages(integrationMessages);
  const c = useMessages(common);
  const id = useId();
  const onSessionFailure = useSessionFailure();
  const [version, setVersion] = useState(0);
  const list = usePagedList<WebhookDelivery>((cursor) => listDeliveries(endpointId, cursor), `${endpointId}:${version}`);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const d = t.deliveries;

  async function act(key: string, call: () => ReturnType<typeof sendTestEvent>, message: string) {
    if (busy) return;
    setBusy(key);
    const result = await call();
    setBusy(null);
    if (result.ok) {
      setFailure(null);
      setNotice(message);
      setVersion((value) => value + 1);
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  const shownFailure = failure ?? list.failure;
  const notFound = shownFailure?.status === 404;
  return (
    <IntegrationsFrame>
      <p>
        <Link to="/integrations/webhooks">{d.back}</Link>
      </p>
      <section className="card" aria-labelledby={`${id}-log`}>
        <h2 id={`${id}-log`}>{d.title}</h2>
        <p className="muted">{d.intro}</p>
        <Alert tone="success">{notice}</Alert>
        <Alert>{shownFailure ? (notFound ? d.notFound : describeFailure(shownFailure, c)) : null}</Alert>
        {notFound ? null : (
          <div className="actions">
            <Button busy={busy === 'test'} onClick={() => void act('test', () => sendTestEvent(endpointId), d.testSent)}>
              {d.test}
            </Button>
            <Button variant="secondary" onClick={() => setVersion((value) => value + 1)}>
              {d.refresh}
            </Button>
          </div>
        )}
        {list.items === null && !shownFailure ? <p role="status">{c.loading}</p> : null}
        {list.items && list.items.length === 0 ? <p>{d.empty}</p> : null}
        {list.items && list.items.length > 0 ? (
          <IntegrationsTable label={d.title} headers={[d.columns.event, d.columns.status, d.columns.attempts, d.columns.http, d.columns.time, d.columns.next, d.columns.answer, d.columns.actions]}>
            {list.items.map((delivery) => (
              <tr key={delivery.id}>
                <th scope="row">
                  <code className="integrations-code">{delivery.eventType}</code>
                  <span className="line__meta"> {t.date(delivery.createdAt)}</span>
                </th>
                <td>
                  <span className={`badge delivery-status--${delivery.status}`}>{d.statuses[delivery.status]}</span>
                  {delivery.lastError ? <span className="line__meta"> {delivery.lastError}</span> : null}
                </td>
                <td>{delivery.attempts}</td>
                <td>{delivery.lastStatusCode ?? '—'}</td>
                <td className="nowrap">{delivery.lastDurationMs == null ? '—' : d.ms(delivery.lastDurationMs)}</td>
                <td>{delivery.nextAttemptAt ? t.date(delivery.nextAttemptAt) : '—'}</td>
                <td>{delivery.lastResponseSnippet ? <code className="integrations-snippet">{delivery.lastResponseSnippet}</code> : '—'}</td>
                <td>
                  {delivery.status === 'failed' ? (
                    <Button
                      variant="secondary"
                      busy={busy === delivery.id}
                      aria-label={d.replayOne(delivery.eventType, t.date(delivery.createdAt))}
                      onClick={() => void act(delivery.id, () => replayDelivery(endpointId, delivery.id), d.replayed)}
                    >
                      {d.replay}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </IntegrationsTable>
        ) : null}
        <MoreButton list={list} label={d.more} />
      </section>
    </IntegrationsFrame>
  );
}
