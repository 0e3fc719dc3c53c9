import { useId, useState, type ReactNode } from 'react';
import type { ApiResult } from '../../../../ui/api';
import { Alert } from '../../../../ui/alert';
import { Button } from '../../../../ui/forms';
import { describeFailure } from '../../../../ui/form-outcome';
import { useLocale, useMessages } from '../../../../ui/i18n';
import type { ListPage } from '../../backoffice-api';
import {
  listCustomerConsents,
  listCustomerEmails,
  listCustomerOrders,
  listCustomerSecurityEvents,
  listCustomerSessions,
  type ConsentRecord,
  type CustomerEmail,
  type CustomerOrder,
  type CustomerSession,
  type SecurityEvent,
} from '../../api/customers';
import { common } from '../../common.messages';
import { usePagedList } from '../use-paged-list';
import { customerMessages, formatDateTime, type CustomerMessages } from './customer.messages';

type Column<T> = { header: string; cell: (item: T) => ReactNode };

/** A table of one kind of the customer's data, loaded (and so audited) only once shown. */
function DataTable<T extends { id: string }>({ fetchPage, columns, caption }: { fetchPage: (cursor: string | null) => Promise<ApiResult<ListPage<T>>>; columns: Column<T>[]; caption: string }) {
  const t = useMessages(customerMessages);
  const c = useMessages(common);
  const list = usePagedList(fetchPage, caption);
  return (
    <div aria-live="polite" aria-busy={list.busy || undefined}>
      <Alert>{list.failure ? describeFailure(list.failure, c) : null}</Alert>
      {list.items === null && !list.failure ? <p role="status">{c.loading}</p> : null}
      {list.items?.length === 0 ? <p>{t.empty}</p> : null}
      {list.items && list.items.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.header} scope="col">
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.items.map((item) => (
                <tr key={item.id}>
                  {columns.map((column) => (
                    <td key={column.header}>{column.cell(item)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {list.nextCursor ? (
        <Button variant="secondary" busy={list.busy} onClick={list.more}>
          {t.more}
        </Button>
      ) : null}
    </div>
  );
}

/** A heading with a show/hide button; the content mounts (and loads) on the first "show". */
function Disclosure({ title, children }: { title: string; children: ReactNode }) {
  const t = useMessages(customerMessages);
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <section className="customer-view" aria-labelledby={`${id}-title`}>
      <div className="customer-view__head">
        <h3 id={`${id}-title`}>{title}</h3>
        <Button variant="secondary" aria-expanded={open} aria-controls={`${id}-body`} onClick={() => setOpen((value) => !value)}>
          {open ? t.hide : t.show}
          <span className="visually-hidden"> {title}</span>
        </Button>
      </div>
      <div id={`${id}-body`} hidden={!open}>
        {open ? children : null}
      </div>
    </section>
  );
}

const dash = (value: string | null | undefined, t: CustomerMessages) => value || t.none;

/** Emails, consents, sessions, orders and security events: each its own audited view. */
export function CustomerDataSections({ customerId }: { customerId: string }) {
  const t = useMessages(customerMessages);
  const { locale } = useLocale();
  const when = (iso: string | null) => (iso ? <time dateTime={iso}>{formatDateTime(locale, iso)}</time> : t.none);
  const money = (total: CustomerOrder['total']) => new Intl.NumberFormat(locale, { style: 'currency', currency: total.currency }).format(total.amount / 100);
  const k = t.columns;
  return (
    <section className="card" aria-labelledby="customer-data">
      <h2 id="customer-data">{t.dataTitle}</h2>
      <p className="muted">{t.dataIntro}</p>
      <Disclosure title={t.views.emails}>
        <DataTable<CustomerEmail>
          caption={t.views.emails}
          fetchPage={(cursor) => listCustomerEmails(customerId, cursor)}
          columns={[
            { header: k.date, cell: (item) => when(item.sentAt ?? item.createdAt) },
            { header: k.template, cell: (item) => <code>{item.template}</code> },
            { header: k.subject, cell: (item) => item.subject },
            { header: k.to, cell: (item) => item.to },
            { header: k.status, cell: (item) => t.emailStatuses[item.status] ?? item.status },
          ]}
        />
      </Disclosure>
      <Disclosure title={t.views.consents}>
        <DataTable<ConsentRecord>
          caption={t.views.consents}
          fetchPage={(cursor) => listCustomerConsents(customerId, cursor)}
          columns={[
            { header: k.date, cell: (item) => when(item.recordedAt) },
            { header: k.purpose, cell: (item) => t.purposes[item.purpose] ?? item.purpose },
            { header: k.granted, cell: (item) => t.grantedValues[item.granted ? 'true' : 'false'] },
            { header: k.source, cell: (item) => t.consentSources[item.source] ?? item.source },
          ]}
        />
      </Disclosure>
      <Disclosure title={t.views.sessions}>
        <DataTable<CustomerSession>
          caption={t.views.sessions}
          fetchPage={(cursor) => listCustomerSessions(customerId, cursor)}
          columns={[
            { header: k.device, cell: (item) => [item.device, item.browser, item.os].filter(Boolean).join(' · ') || t.none },
            { header: k.ip, cell: (item) => dash(item.ip, t) },
            { header: k.lastSeen, cell: (item) => when(item.lastSeenAt) },
            { header: k.state, cell: (item) => (item.current ? t.sessionStates.live : t.sessionStates.ended) },
          ]}
        />
      </Disclosure>
      <Disclosure title={t.views.orders}>
        <DataTable<CustomerOrder>
          caption={t.views.orders}
          fetchPage={(cursor) => listCustomerOrders(customerId, cursor)}
          columns={[
            { header: k.date, cell: (item) => when(item.placedAt) },
            { header: k.number, cell: (item) => item.number },
            { header: k.channel, cell: (item) => t.channels[item.channel] ?? item.channel },
            { header: k.status, cell: (item) => item.status },
            { header: k.total, cell: (item) => money(item.total) },
          ]}
        />
      </Disclosure>
      <Disclosure title={t.views.securityEvents}>
        <DataTable<SecurityEvent>
          caption={t.views.securityEvents}
          fetchPage={(cursor) => listCustomerSecurityEvents(customerId, cursor)}
          columns={[
            { header: k.date, cell: (item) => when(item.occurredAt) },
            { header: k.type, cell: (item) => <code>{item.type}</code> },
            { header: k.method, cell: (item) => dash(item.method, t) },
            { header: k.ip, cell: (item) => dash(item.ip, t) },
          ]}
        />
      </Disclosure>
    </section>
  );
}
