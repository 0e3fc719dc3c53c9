import { Link } from 'react-router';
import { useLocale, useMessages } from '../../../ui/i18n';
import type { DocumentStatus, DocumentSummary } from '../portal-api';
import { documentsMessages } from './documents.messages';
import { formatDay, formatMoney } from './orders.format';
import { ordersMessages } from './orders.messages';

/** "Payé" and "Utilisé" are settled (F4.5); expired and cancelled documents are greyed; open ones carry no badge. */
export function DocumentStatusBadge({ status }: { status: DocumentStatus }) {
  const t = useMessages(documentsMessages);
  if (status === 'open') return null;
  const tone = status === 'paid' || status === 'used' ? 'badge' : 'badge badge--muted';
  return <span className={tone}>{t.statuses[status]}</span>;
}

/** A document's page in the portal: the company's path for company documents. */
export function documentPagePath(document: Pick<DocumentSummary, 'id' | 'company'>, viaCompany: boolean): string {
  const id = encodeURIComponent(document.id);
  return viaCompany && document.company ? `/companies/${encodeURIComponent(document.company.id)}/documents/${id}` : `/documents/${id}`;
}

export function DocumentList({ documents, label }: { documents: readonly DocumentSummary[]; label: string }) {
  const t = useMessages(documentsMessages);
  const o = useMessages(ordersMessages);
  const { locale } = useLocale();
  return (
    <ul className="item-list" aria-label={label}>
      {documents.map((document) => (
        <li key={document.id}>
          <div className="item__main">
            <p className="item__title">
              <Link to={documentPagePath(document, false)}>{t.heading(o.documentKinds[document.kind], document.number)}</Link>
              <DocumentStatusBadge status={document.status} />
            </p>
            <p className="item__meta">{t.issuedOn(formatDay(locale, document.issuedAt))}</p>
            {document.dueAt && document.status === 'open' ? <p className="item__meta">{t.dueOn(formatDay(locale, document.dueAt))}</p> : null}
            {document.validUntil && document.status === 'open' ? (
              <p className="item__meta">{t.validUntil(formatDay(locale, document.validUntil))}</p>
            ) : null}
            {document.orderNumber && document.orderId ? (
              <p className="item__meta">
                <Link to={`/orders/${encodeURIComponent(document.orderId)}`}>{t.forOrder(document.orderNumber)}</Link>
              </p>
            ) : null}
          </div>
          <p className="item__amount">
            <span className="visually-hidden">{t.total} </span>
            {formatMoney(locale, document.total)}
          </p>
        </li>
      ))}
    </ul>
  );
}
