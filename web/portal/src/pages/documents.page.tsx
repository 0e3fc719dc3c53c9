import { type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { Button, SelectField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure, formText } from '../../../ui/form-outcome';
import { listMyDocuments, type DocumentKind, type DocumentStatus } from '../portal-api';
import { DocumentList } from './document-list';
import { documentsMessages } from './documents.messages';
import { ordersMessages } from './orders.messages';
import { usePagedList } from './use-load';

const KINDS: readonly DocumentKind[] = ['invoice', 'quote', 'purchase_order', 'credit_note', 'receipt'];
const STATUSES: readonly DocumentStatus[] = ['open', 'paid', 'used', 'expired', 'cancelled'];

export function DocumentsPage() {
  const t = useMessages(documentsMessages);
  const o = useMessages(ordersMessages);
  const c = useMessages(common);
  const [search, setSearch] = useSearchParams();
  const filters = { kind: search.get('kind') ?? '', status: search.get('status') ?? '' };
  const list = usePagedList((cursor) => listMyDocuments(filters, cursor), JSON.stringify(filters));

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ['kind', 'status']) if (formText(form, name)) next.set(name, formText(form, name));
    setSearch(next);
  }

  const any = { value: '', label: t.any };
  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <p className="muted">{t.intro}</p>
      <section className="card" aria-labelledby="document-filters-heading">
        <h2 id="document-filters-heading">{t.filters}</h2>
        <form key={search.toString()} onSubmit={apply} noValidate>
          <div className="field-row">
            <SelectField
              name="kind"
              label={t.kind}
              defaultValue={filters.kind}
              options={[any, ...KINDS.map((kind) => ({ value: kind, label: o.documentKinds[kind] }))]}
            />
            <SelectField
              name="status"
              label={t.status}
              defaultValue={filters.status}
              options={[any, ...STATUSES.map((status) => ({ value: status, label: t.statuses[status] }))]}
            />
          </div>
          <div className="actions">
            <Button type="submit">{t.apply}</Button>
          </div>
        </form>
      </section>
      <section className="card" aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t.listLabel}</h2>
        <Alert>{list.failure ? describeFailure(list.failure, c) : null}</Alert>
        {list.items === null ? (
          list.failure ? null : <p role="status">{c.loading}</p>
        ) : list.items.length === 0 ? (
          <p>{filters.kind || filters.status ? t.emptyFiltered : t.empty}</p>
        ) : (
          <DocumentList documents={list.items} label={t.listLabel} />
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
