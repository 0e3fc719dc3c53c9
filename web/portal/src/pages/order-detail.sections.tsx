import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useLocale, useMessages } from '../../../ui/i18n';
import { companyDocumentPdfUrl, documentPdfUrl, type OrderDetail, type PlacedBy } from '../portal-api';
import { LinesTable, Totals } from './lines-table';
import { statusBadgeClass } from './order-list';
import { orderDetailMessages } from './order-detail.messages';
import { formatAddress, formatDay } from './orders.format';
import { ordersMessages } from './orders.messages';

type Props = { order: OrderDetail };

export function OrderSummarySection({ order, placedBy }: Props & { placedBy?: PlacedBy | undefined }) {
  const t = useMessages(orderDetailMessages);
  const o = useMessages(ordersMessages);
  const { locale } = useLocale();
  const approval = order.approval;
  return (
    <section className="card" aria-labelledby="order-summary-heading">
      <h2 id="order-summary-heading">{t.summary}</h2>
      <dl className="details">
        <dt>{t.placedAt}</dt>
        <dd>{formatDay(locale, order.placedAt)}</dd>
        <dt>{t.channel}</dt>
        <dd>{o.channels[order.channel]}</dd>
        <dt>{t.status}</dt>
        <dd>
          <span className={statusBadgeClass(order.status)}>{o.statuses[order.status]}</span>
        </dd>
        <dt>{t.payment}</dt>
        <dd>{o.paymentStatuses[order.paymentStatus] ?? order.paymentStatus}</dd>
        {order.channel === 'online' ? (
          <>
            <dt>{t.fulfillment}</dt>
            <dd>{o.fulfillmentStatuses[order.fulfillmentStatus] ?? order.fulfillmentStatus}</dd>
          </>
        ) : null}
        {order.storeName ? (
          <>
            <dt>{t.store}</dt>
            <dd>{order.storeName}</dd>
          </>
        ) : null}
        {order.company ? (
          <>
            <dt>{t.company}</dt>
            <dd>{order.location ? `${order.company.name} – ${order.location.name}` : order.company.name}</dd>
          </>
        ) : null}
        {placedBy !== undefined ? (
          <>
            <dt>{t.placedBy}</dt>
            <dd>{placedBy ? placedBy.name : t.formerColleague}</dd>
          </>
        ) : null}
        {order.poNumber ? (
          <>
            <dt>{t.poNumber}</dt>
            <dd>{order.poNumber}</dd>
          </>
        ) : null}
        {approval.status !== 'not_required' ? (
          <>
            <dt>{t.approval}</dt>
            <dd>
              {approval.decidedAt
                ? t.approvalDecided(o.approvalStatuses[approval.status], formatDay(locale, approval.decidedAt))
                : o.approvalStatuses[approval.status]}
              {approval.refusalReason ? <span className="line__meta">{t.refusalReason(approval.refusalReason)}</span> : null}
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

export function OrderLinesSection({ order }: Props) {
  const t = useMessages(orderDetailMessages);
  return (
    <section className="card" aria-labelledby="order-lines-heading">
      <h2 id="order-lines-heading">{t.lines}</h2>
      <LinesTable caption={t.lines} lines={order.lines.map((line) => ({ ...line, key: line.id }))} />
      <Totals
        subtotal={order.subtotal}
        discount={order.discountTotal}
        shipping={order.shippingTotal}
        taxes={order.taxes}
        taxTotal={order.taxTotal}
        total={order.total}
      />
    </section>
  );
}

export function OrderDeliverySection({ order }: Props) {
  const t = useMessages(orderDetailMessages);
  const { locale } = useLocale();
  const { tracking, shippingAddress, billingAddress } = order;
  if (tracking.length === 0 && !shippingAddress && !billingAddress) return null;
  return (
    <section className="card" aria-labelledby="order-delivery-heading">
      <h2 id="order-delivery-heading">{t.delivery}</h2>
      {tracking.length > 0 ? (
        <>
          <h3 className="subheading">{t.tracking}</h3>
          <ul className="plain-list">
            {tracking.map((parcel) => (
              <li key={parcel.number}>
                {parcel.url ? (
                  <a href={parcel.url} target="_blank" rel="noopener noreferrer">
                    {t.trackingNumber(parcel.carrier, parcel.number)}
                    <span className="visually-hidden"> {t.newWindow}</span>
                  </a>
                ) : (
                  t.trackingNumber(parcel.carrier, parcel.number)
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="field-row">
        {shippingAddress ? (
          <div>
            <h3 className="subheading">{t.shippingAddress}</h3>
            <address className="address">{formatAddress(locale, shippingAddress)}</address>
          </div>
        ) : null}
        {billingAddress ? (
          <div>
            <h3 className="subheading">{t.billingAddress}</h3>
            <address className="address">{formatAddress(locale, billingAddress)}</address>
          </div>
        ) : null}
      </div>
    </section>
  );
}

/** A document's page and PDF: the company's paths when a colleague looks at a company order. */
export function documentLinks(documentId: string, companyId?: string) {
  const id = encodeURIComponent(documentId);
  return companyId
    ? { page: `/companies/${encodeURIComponent(companyId)}/documents/${id}`, pdf: companyDocumentPdfUrl(companyId, documentId) }
    : { page: `/documents/${id}`, pdf: documentPdfUrl(documentId) };
}

export function OrderDocumentsSection({ order, companyId }: Props & { companyId?: string | undefined }) {
  const t = useMessages(orderDetailMessages);
  const o = useMessages(ordersMessages);
  const { locale } = useLocale();
  return (
    <section className="card" aria-labelledby="order-documents-heading">
      <h2 id="order-documents-heading">{t.documents}</h2>
      {order.documents.length === 0 ? (
        <p>{t.noDocuments}</p>
      ) : (
        <ul className="item-list">
          {order.documents.map((document) => {
            const title = t.documentTitle(o.documentKinds[document.kind], document.number);
            const links = documentLinks(document.id, companyId);
            return (
              <li key={document.id}>
                <div>
                  <p className="item__title">{title}</p>
                  <p className="item__meta">{t.issuedOn(formatDay(locale, document.issuedAt))}</p>
                </div>
                <p className="item__links">
                    <Link to={links.page}>
                      {t.view}
                      <span className="visually-hidden"> {title}</span>
                    </Link>
                    <a href={links.pdf}>
                      PDF<span className="visually-hidden"> {title}</span>
                    </a>
                  </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function OrderReturnsSection({ order, children }: Props & { children?: ReactNode }) {
  const t = useMessages(orderDetailMessages);
  const o = useMessages(ordersMessages);
  const { locale } = useLocale();
  return (
    <section className="card" aria-labelledby="order-returns-heading">
      <h2 id="order-returns-heading">{t.returns}</h2>
      {order.returns.length === 0 ? (
        <p>{t.noReturns}</p>
      ) : (
        <ul className="item-list">
          {order.returns.map((item) => (
            <li key={item.id}>
              <p className="item__title">
                {t.returnOf(formatDay(locale, item.createdAt))}
                <span className="badge">{o.returnStatuses[item.status]}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
      {children}
      <p className="links">
        <Link to="/returns">{t.allReturns}</Link>
      </p>
    </section>
  );
}
