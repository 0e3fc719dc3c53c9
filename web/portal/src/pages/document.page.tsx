import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { Button } from '../../../ui/forms';
import { useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { companyDocumentPdfUrl, documentPdfUrl, getCompanyDocument, getMyDocument, type DocumentDetail } from '../portal-api';
import { DocumentStatusBadge } from './document-list';
import { documentsMessages } from './documents.messages';
import { LinesTable, Totals } from './lines-table';
import { formatAddress, formatDay, formatMoney } from './orders.format';
import { ordersMessages } from './orders.messages';
import { useLoad } from './use-load';

function DocumentFacts({ document, companyId }: { document: DocumentDetail; companyId: string | undefined }) {
  const t = useMessages(documentsMessages);
  const { locale } = useLocale();
  const day = (iso: string | null) => formatDay(locale, iso);
  const orderPath = document.orderId
    ? companyId
      ? `/companies/${encodeURIComponent(companyId)}/orders/${encodeURIComponent(document.orderId)}`
      : `/orders/${encodeURIComponent(document.orderId)}`
    : null;
  const fact = (label: string, value: ReactNode) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd>{value}</dd>
      </>
    ) : null;
  return (
    <div className="card">
      <dl className="details">
        {fact(t.issuedAt, day(document.issuedAt))}
        {fact(
          t.dueAt,
          document.dueAt ? (
            <>
              {day(document.dueAt)}
              {document.overdue ? <span className="badge badge--danger">{t.overdue}</span> : null}
            </>
          ) : null,
        )}
        {fact(t.validUntilLabel, day(document.validUntil))}
        {fact(t.paidAt, day(document.paidAt))}
        {fact(t.usedAt, day(document.usedAt))}
        {fact(t.order, orderPath && document.orderNumber ? <Link to={orderPath}>{document.orderNumber}</Link> : document.orderNumber)}
        {fact(t.company, document.company ? [document.company.name, document.location?.name].filter(Boolean).join(' – ') : null)}
        {fact(t.poNumber, document.poNumber)}
        {fact(t.amountDue, document.amountDue && document.status === 'open' ? formatMoney(locale, document.amountDue) : null)}
      </dl>
      {document.billingAddress ? (
        <>
          <h3 className="subheading">{t.billingAddress}</h3>
          <address className="address">{formatAddress(locale, document.billingAddress)}</address>
        </>
      ) : null}
    </div>
  );
}

/** A printable document: the print stylesheet leaves out the header and the buttons. */
export function DocumentPage() {
  const t = useMessages(documentsMessages);
  const o = useMessages(ordersMessages);
  const c = useMessages(common);
  const { documentId = '', companyId } = useParams();
  const { data, failure } = useLoad<DocumentDetail>(
    () => (companyId ? getCompanyDocument(companyId, documentId) : getMyDocument(documentId)),
    `${companyId ?? ''}/${documentId}`,
  );
  const document = data && data.id === documentId ? data : null;
  const pdf = (download: boolean) => (companyId ? companyDocumentPdfUrl(companyId, documentId, download) : documentPdfUrl(documentId, download));

  return (
    <>
      <PageHeading>{document ? t.heading(o.documentKinds[document.kind], document.number) : t.title}</PageHeading>
      <p className="no-print">
        <Link to={companyId ? `/companies/${encodeURIComponent(companyId)}/orders` : '/documents'}>
          {companyId ? o.backToCompanyOrders : t.backToDocuments}
        </Link>
      </p>
      <Alert>{failure ? (failure.status === 404 ? t.notFound : describeFailure(failure, c)) : null}</Alert>
      {document ? (
        <>
          <p>
            <DocumentStatusBadge status={document.status} />
          </p>
          <div className="actions actions--page no-print">
            <Button variant="secondary" onClick={() => window.print()}>
              {t.print}
            </Button>
            <a className="button button--secondary" href={pdf(true)} download>
              {t.downloadPdf}
            </a>
            <a href={pdf(false)}>{t.openPdf}</a>
            {document.payUrl && document.status === 'open' ? (
              <a className="button button--primary" href={document.payUrl} target="_blank" rel="noopener noreferrer">
                {t.payNow}
                <span className="visually-hidden"> {t.newWindow}</span>
              </a>
            ) : null}
          </div>
          <DocumentFacts document={document} companyId={companyId} />
          <section className="card" aria-labelledby="document-lines-heading">
            <h2 id="document-lines-heading">{t.lines}</h2>
            <LinesTable
              caption={t.lines}
              lines={document.lines.map((line, index) => ({ ...line, key: `${index}` }))}
            />
            <Totals subtotal={document.subtotal} taxes={document.taxes} taxTotal={document.taxTotal} total={document.total} />
          </section>
        </>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}
