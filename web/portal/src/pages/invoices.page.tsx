import { Link } from 'react-router';
import { Alert } from '../../../ui/alert';
import { useLocale, useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { listOutstandingInvoices, type OutstandingInvoice } from '../portal-api';
import { documentPagePath } from './document-list';
import { documentsMessages } from './documents.messages';
import { formatDay, formatMoney } from './orders.format';
import { useLoad } from './use-load';

const fr = {
  title: 'Factures à régler',
  intro: 'Vos factures en attente de paiement et celles des entreprises pour lesquelles vous achetez, de la plus urgente à la moins urgente.',
  listLabel: 'Factures en attente de paiement',
  totals: 'Total à régler',
  none: 'Vous n’avez aucune facture à régler.',
  invoice: (number: string) => `Facture n° ${number}`,
  dueOn: (date: string) => `À régler avant le ${date}`,
  noDueDate: 'Sans date d’échéance',
  overdueSince: (days: number) => `En retard de ${days} jour${days > 1 ? 's' : ''}`,
  dueIn: (days: number) => (days === 0 ? 'À régler aujourd’hui' : `Dans ${days} jour${days > 1 ? 's' : ''}`),
  forCompany: (name: string) => `Pour ${name}`,
  amountDue: 'Reste à payer',
  payNowFor: (number: string) => `facture n° ${number}`,
};

type Messages = typeof fr;

const messages: Record<Locale, Messages> = {
  fr,
  en: {
    title: 'Invoices to pay',
    intro: 'Your invoices waiting for payment and those of the companies you buy for, most urgent first.',
    listLabel: 'Outstanding invoices',
    totals: 'Total to pay',
    none: 'You have no invoice to pay.',
    invoice: (number) => `Invoice ${number}`,
    dueOn: (date) => `Due by ${date}`,
    noDueDate: 'No due date',
    overdueSince: (days) => `${days} day${days === 1 ? '' : 's'} overdue`,
    dueIn: (days) => (days === 0 ? 'Due today' : `In ${days} day${days === 1 ? '' : 's'}`),
    forCompany: (name) => `For ${name}`,
    amountDue: 'Left to pay',
    payNowFor: (number) => `invoice ${number}`,
  },
};

function InvoiceItem({ invoice }: { invoice: OutstandingInvoice }) {
  const t = useMessages(messages);
  const d = useMessages(documentsMessages);
  const { locale } = useLocale();
  const days = invoice.daysUntilDue;
  return (
    <li className={invoice.overdue ? 'item--overdue' : undefined}>
      <div className="item__main">
        <p className="item__title">
          <Link to={documentPagePath(invoice, true)}>{t.invoice(invoice.number)}</Link>
          {invoice.overdue ? <span className="badge badge--danger">{d.overdue}</span> : null}
        </p>
        <p className="item__meta">
          {invoice.dueAt ? t.dueOn(formatDay(locale, invoice.dueAt)) : t.noDueDate}
          {days !== null ? ` · ${days < 0 ? t.overdueSince(-days) : t.dueIn(days)}` : null}
        </p>
        {invoice.company ? (
          <p className="item__meta">{t.forCompany([invoice.company.name, invoice.location?.name].filter(Boolean).join(' – '))}</p>
        ) : null}
        {invoice.payUrl ? (
          <p className="item__links">
            <a className="button button--primary" href={invoice.payUrl} target="_blank" rel="noopener noreferrer">
              {d.payNow}
              <span className="visually-hidden">
                {' '}
                {t.payNowFor(invoice.number)} {d.newWindow}
              </span>
            </a>
          </p>
        ) : null}
      </div>
      <p className="item__amount">
        <span className="visually-hidden">{t.amountDue} </span>
        {formatMoney(locale, invoice.amountDue ?? invoice.total)}
      </p>
    </li>
  );
}

export function InvoicesPage() {
  const t = useMessages(messages);
  const d = useMessages(documentsMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const { data, failure } = useLoad(listOutstandingInvoices, 'invoices');

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>
        <Link to="/">{d.backToAccount}</Link>
      </p>
      <p className="muted">{t.intro}</p>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      {data ? (
        data.items.length === 0 ? (
          <p className="card">{t.none}</p>
        ) : (
          <>
            <section className="card" aria-labelledby="invoice-totals-heading">
              <h2 id="invoice-totals-heading">{t.totals}</h2>
              <ul className="plain-list totals-list">
                {data.totals.map((total) => (
                  <li key={total.currency}>{formatMoney(locale, total)}</li>
                ))}
              </ul>
            </section>
            <section className="card" aria-labelledby="invoices-heading">
              <h2 id="invoices-heading">{t.listLabel}</h2>
              <ul className="item-list" aria-label={t.listLabel}>
                {data.items.map((invoice) => (
                  <InvoiceItem key={invoice.id} invoice={invoice} />
                ))}
              </ul>
            </section>
          </>
        )
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}
