import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../ui/alert';
import { Button } from '../../../ui/forms';
import { useLocale, useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { cancelReturn, listMyReturns, type ReturnRequest } from '../portal-api';
import { formatDay } from './orders.format';
import { ordersMessages } from './orders.messages';
import { useFailureHandler, usePagedList, type Failure } from './use-load';

const fr = {
  title: 'Mes retours',
  intro: 'Vos demandes de retour et leur avancement. Pour retourner un article, ouvrez la commande concernée.',
  listLabel: 'Demandes de retour',
  empty: 'Vous n’avez demandé aucun retour.',
  orders: 'Mes commandes',
  returnOf: (number: string) => `Retour de la commande n° ${number}`,
  requestedOn: (date: string) => `Demandé le ${date}`,
  reason: (reason: string) => `Raison : ${reason}`,
  comment: (comment: string) => `Votre commentaire : ${comment}`,
  storeNote: (note: string) => `Réponse du magasin : ${note}`,
  line: (quantity: number, name: string) => `${quantity} × ${name}`,
  cancel: 'Annuler la demande',
  cancelled: 'La demande de retour a été annulée.',
  notCancellable: 'Cette demande ne peut plus être annulée : le magasin l’a déjà prise en charge.',
  more: 'Voir plus',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'My returns',
    intro: 'Your return requests and how they are going. To return an item, open its order.',
    listLabel: 'Return requests',
    empty: 'You have not requested any return.',
    orders: 'My orders',
    returnOf: (number) => `Return of order ${number}`,
    requestedOn: (date) => `Requested on ${date}`,
    reason: (reason) => `Reason: ${reason}`,
    comment: (comment) => `Your comment: ${comment}`,
    storeNote: (note) => `The store’s answer: ${note}`,
    line: (quantity, name) => `${quantity} × ${name}`,
    cancel: 'Cancel the request',
    cancelled: 'The return request was cancelled.',
    notCancellable: 'This request can no longer be cancelled: the store has already taken it up.',
    more: 'Show more',
  },
};

export function ReturnsPage() {
  const t = useMessages(messages);
  const o = useMessages(ordersMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const list = usePagedList(listMyReturns, 'returns');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const handleFailure = useFailureHandler(setFailure);

  async function cancel(request: ReturnRequest) {
    setBusyId(request.id);
    setFailure(null);
    setNotice(null);
    const result = await cancelReturn(request.id);
    setBusyId(null);
    if (result.ok) {
      list.setItems((items) => items?.map((item) => (item.id === request.id ? result.data : item)) ?? null);
      setNotice(t.cancelled);
    } else handleFailure(result);
  }

  const shownFailure = failure ?? list.failure;
  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>
        <Link to="/orders">{t.orders}</Link>
      </p>
      <p className="muted">{t.intro}</p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{shownFailure ? (shownFailure.status === 409 ? t.notCancellable : describeFailure(shownFailure, c)) : null}</Alert>
      <section className="card" aria-labelledby="returns-heading">
        <h2 id="returns-heading">{t.listLabel}</h2>
        {list.items === null ? (
          list.failure ? null : <p role="status">{c.loading}</p>
        ) : list.items.length === 0 ? (
          <p>{t.empty}</p>
        ) : (
          <ul className="item-list" aria-label={t.listLabel}>
            {list.items.map((request) => (
              <li key={request.id}>
                <div className="item__main">
                  <p className="item__title">
                    <Link to={`/orders/${encodeURIComponent(request.orderId)}`}>{t.returnOf(request.orderNumber)}</Link>
                    <span className={request.status === 'requested' ? 'badge badge--warning' : 'badge'}>{o.returnStatuses[request.status]}</span>
                  </p>
                  <p className="item__meta">
                    {t.requestedOn(formatDay(locale, request.createdAt))} · {t.reason(o.returnReasons[request.reason] ?? request.reason)}
                  </p>
                  <ul className="plain-list">
                    {request.lines.map((line) => (
                      <li key={line.lineId}>{t.line(line.quantity, line.name)}</li>
                    ))}
                  </ul>
                  {request.comment ? <p className="item__meta">{t.comment(request.comment)}</p> : null}
                  {request.storeNote ? <p className="item__meta">{t.storeNote(request.storeNote)}</p> : null}
                </div>
                {request.status === 'requested' ? (
                  <Button variant="danger" busy={busyId === request.id} onClick={() => void cancel(request)} aria-describedby={`return-${request.id}`}>
                    {t.cancel}
                  </Button>
                ) : null}
                <span id={`return-${request.id}`} className="visually-hidden">
                  {t.returnOf(request.orderNumber)}
                </span>
              </li>
            ))}
          </ul>
        )}
        {list.nextCursor ? (
          <div className="actions">
            <Button variant="secondary" busy={list.busy} onClick={list.more}>
              {t.more}
            </Button>
          </div>
        ) : null}
      </section>
    </>
  );
}
