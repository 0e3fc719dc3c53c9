import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { Button, SelectField } from '../../../../ui/forms';
import { describeFailure, formText, type Failure } from '../../../../ui/form-outcome';
import { useLocale, useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import {
  listPrivacyRequests,
  PRIVACY_REQUEST_KINDS,
  PRIVACY_REQUEST_STATUSES,
  type PrivacyRequest,
  type PrivacyRequestFilters,
  type PrivacyRequestKind,
  type PrivacyRequestStatus,
} from '../../api/privacy';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { usePagedList } from '../use-paged-list';
import { CloseRequestButtons, RequestDelay } from './privacy-request-parts';
import { formatDay, privacyMessages } from './privacy.messages';

function filtersFrom(params: URLSearchParams): PrivacyRequestFilters {
  const status = params.get('status');
  const kind = params.get('kind');
  return {
    ...(PRIVACY_REQUEST_STATUSES.includes(status as PrivacyRequestStatus) ? { status: status as PrivacyRequestStatus } : {}),
    ...(PRIVACY_REQUEST_KINDS.includes(kind as PrivacyRequestKind) ? { kind: kind as PrivacyRequestKind } : {}),
  };
}

function Filters({ values, onApply }: { values: PrivacyRequestFilters; onApply: (values: Record<string, string>) => void }) {
  const t = useMessages(privacyMessages);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const name of ['status', 'kind']) {
      const value = formText(form, name);
      if (value) next[name] = value;
    }
    onApply(next);
  }
  return (
    <section className="card" aria-labelledby="privacy-filters">
      <h2 id="privacy-filters">{t.filtersTitle}</h2>
      <form noValidate onSubmit={submit} key={JSON.stringify(values)}>
        <div className="field-row">
          <SelectField
            label={t.statusLabel}
            name="status"
            defaultValue={values.status ?? ''}
            options={[{ value: '', label: t.anyStatus }, ...PRIVACY_REQUEST_STATUSES.map((status) => ({ value: status, label: t.statuses[status] }))]}
          />
          <SelectField
            label={t.kindLabel}
            name="kind"
            defaultValue={values.kind ?? ''}
            options={[{ value: '', label: t.anyKind }, ...PRIVACY_REQUEST_KINDS.map((kind) => ({ value: kind, label: t.kinds[kind] }))]}
          />
        </div>
        <div className="actions">
          <Button type="submit">{t.apply}</Button>
          <Button variant="link" onClick={() => onApply({})}>
            {t.clear}
          </Button>
        </div>
      </form>
    </section>
  );
}

function CustomerCell({ request }: { request: PrivacyRequest }) {
  const t = useMessages(privacyMessages);
  if (!request.customer) return <span className="muted">{t.erasedCustomer(request.erasurePseudonym)}</span>;
  return (
    <>
      <Link to={`/customers/${encodeURIComponent(request.customer.id)}`}>{request.customer.name}</Link>
      <span className="privacy-email muted">{request.customer.email}</span>
    </>
  );
}

type TableProps = {
  id: string;
  title: string;
  empty: string;
  requests: PrivacyRequest[];
  open: boolean;
  onClosed: (request: PrivacyRequest, notice: string) => void;
  onFailure: (failure: Failure) => void;
};

function RequestsTable({ id, title, empty, requests, open, onClosed, onFailure }: TableProps) {
  const t = useMessages(privacyMessages);
  const { locale } = useLocale();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {requests.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t.columns.customer}</th>
                <th scope="col">{t.columns.kind}</th>
                <th scope="col">{t.columns.channel}</th>
                <th scope="col">{t.columns.received}</th>
                <th scope="col">{t.columns.due}</th>
                <th scope="col">{open ? t.columns.delay : t.columns.status}</th>
                {open ? <th scope="col">{t.columns.actions}</th> : null}
              </tr>
            </thead>
            <tbody>
              {requests.map((request) => (
                <tr key={request.id} className={request.overdue ? 'privacy-row--overdue' : undefined}>
                  <th scope="row">
                    <CustomerCell request={request} />
                  </th>
                  <td>{t.kinds[request.kind]}</td>
                  <td>{t.channels[request.channel]}</td>
                  <td className="nowrap">{formatDay(locale, request.receivedAt)}</td>
                  <td className="nowrap">{formatDay(locale, request.dueAt)}</td>
                  <td>
                    <RequestDelay request={request} />
                  </td>
                  {open ? (
                    <td>
                      <CloseRequestButtons request={request} onClosed={onClosed} onFailure={onFailure} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Every privacy request: the open ones by due date (overdue on top), then those closed. */
export function PrivacyRequestsPage() {
  const t = useMessages(privacyMessages);
  const c = useMessages(common);
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const [params, setParams] = useSearchParams();
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const filters = filtersFrom(params);
  const allowed = can(me, 'privacy.requests');
  const list = usePagedList((cursor) => listPrivacyRequests(filters, cursor), `${params.toString()}#${version}`);

  if (!allowed) {
    return (
      <>
        <PageHeading>{t.title}</PageHeading>
        <Alert>{t.forbidden}</Alert>
      </>
    );
  }

  const items = list.items ?? [];
  const open = items.filter((request) => request.status === 'open');
  const closed = items.filter((request) => request.status !== 'open');
  const onClosed = (_request: PrivacyRequest, message: string) => {
    setFailure(null);
    setNotice(message);
    setVersion((value) => value + 1);
  };
  const onFailure = (result: Failure) => {
    if (onSessionFailure(result)) return;
    setNotice(null);
    if (result.problem.code === 'privacy_request_closed') {
      setNotice(t.closedAlready);
      setVersion((value) => value + 1);
    } else setFailure(result);
  };

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>{t.intro}</p>
      <Filters values={filters} onApply={(next) => setParams(next)} />
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? describeFailure(failure, c) : list.failure ? describeFailure(list.failure, c) : null}</Alert>
      <Alert tone="info">{list.items ? t.shown(open.length, closed.length) : null}</Alert>
      {list.items === null && !list.failure ? <p role="status">{c.loading}</p> : null}
      {list.items ? (
        <>
          {filters.status && filters.status !== 'open' ? null : (
            <RequestsTable id="privacy-open" title={t.openTitle} empty={t.noOpen} requests={open} open onClosed={onClosed} onFailure={onFailure} />
          )}
          {filters.status === 'open' ? null : (
            <RequestsTable id="privacy-closed" title={t.closedTitle} empty={t.noClosed} requests={closed} open={false} onClosed={onClosed} onFailure={onFailure} />
          )}
        </>
      ) : null}
      {list.nextCursor ? (
        <div className="actions">
          <Button variant="secondary" busy={list.busy} onClick={list.more}>
            {t.more}
          </Button>
        </div>
      ) : null}
    </>
  );
}
