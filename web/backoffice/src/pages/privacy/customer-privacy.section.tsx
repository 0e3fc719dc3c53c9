import { useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../../ui/form-errors';
import { Button, RadioGroup, SelectField, TextField } from '../../../../ui/forms';
import { describeFailure, failureToFormErrors, formText, type Failure } from '../../../../ui/form-outcome';
import { useLocale, useMessages } from '../../../../ui/i18n';
import {
  exportCustomerData,
  listPrivacyRequests,
  PRIVACY_REQUEST_CHANNELS,
  PRIVACY_REQUEST_KINDS,
  recordPrivacyRequest,
  type PrivacyRequest,
  type PrivacyRequestChannel,
  type PrivacyRequestKind,
} from '../../api/privacy';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { usePagedList } from '../use-paged-list';
import { EraseCustomerDialog } from './erase-customer.dialog';
import { CloseRequestButtons, RequestDelay } from './privacy-request-parts';
import { formatDay, privacyMessages } from './privacy.messages';

/** Hands a JSON document to the browser as a file download, without a second request. */
function saveJsonFile(fileName: string, document: unknown): void {
  const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = window.document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  window.document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Today in the reader's calendar, as a date input holds it. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

type Notify = { onNotice: (notice: string) => void; onFailure: (failure: Failure) => void; onChanged: () => void };

/**
 * The privacy part of a customer's page (F6.4): their requests, a form to record one, the
 * download of their data, and (owners and administrators) their erasure.
 */
export function CustomerPrivacySection({ customerId, onErased }: { customerId: string; onErased?: () => void }) {
  const t = useMessages(privacyMessages);
  const c = useMessages(common);
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const id = useId();
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [eraseFor, setEraseFor] = useState<{ requestId: string | null; opener: HTMLElement | null } | null>(null);
  const allowed = can(me, 'privacy.requests');
  const mayErase = allowed && can(me, 'customers.erase');
  const list = usePagedList((cursor) => listPrivacyRequests({ customerId }, cursor), `${customerId}#${version}`);

  if (!allowed) return null;

  const notify: Notify = {
    onNotice: (message) => {
      setFailure(null);
      setNotice(message);
    },
    onFailure: (result) => {
      if (onSessionFailure(result)) return;
      setNotice(null);
      setFailure(result);
    },
    onChanged: () => setVersion((value) => value + 1),
  };
  const requests = list.items ?? [];
  const openErasures = requests.filter((request) => request.status === 'open' && request.kind === 'erasure');

  return (
    <section className="card privacy-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.sectionTitle}</h2>
      <p>{t.sectionIntro}</p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? describeFailure(failure, c) : list.failure ? describeFailure(list.failure, c) : null}</Alert>

      <h3 id={`${id}-requests`}>{t.requestsTitle}</h3>
      {list.items === null && !list.failure ? <p role="status">{c.loading}</p> : null}
      {list.items && requests.length === 0 ? <p>{t.noRequests}</p> : null}
      {requests.length > 0 ? (
        <CustomerRequestsTable
          labelledBy={`${id}-requests`}
          customerId={customerId}
          requests={requests}
          mayErase={mayErase}
          notify={notify}
          onErase={(requestId, opener) => setEraseFor({ requestId, opener })}
        />
      ) : null}
      {list.nextCursor ? (
        <div className="actions">
          <Button variant="secondary" busy={list.busy} onClick={list.more}>
            {t.more}
          </Button>
        </div>
      ) : null}

      <RecordRequestForm customerId={customerId} notify={notify} />
      <ExportBlock customerId={customerId} notify={notify} />

      <h3>{t.eraseTitle}</h3>
      <p>{t.eraseIntro}</p>
      {mayErase ? (
        <div className="actions">
          <Button variant="danger" onClick={(event) => setEraseFor({ requestId: openErasures[0]?.id ?? null, opener: event.currentTarget })}>
            {t.eraseButton}
          </Button>
        </div>
      ) : (
        <p className="muted">{t.eraseNotAllowed}</p>
      )}
      {eraseFor ? (
        <EraseCustomerDialog
          customerId={customerId}
          openErasures={openErasures}
          requestId={eraseFor.requestId}
          onCancel={() => {
            eraseFor.opener?.focus();
            setEraseFor(null);
          }}
          onErased={(pseudonym) => {
            setEraseFor(null);
            notify.onNotice(t.erased(pseudonym));
            notify.onChanged();
            onErased?.();
          }}
        />
      ) : null}
    </section>
  );
}

type TableProps = {
  labelledBy: string;
  customerId: string;
  requests: PrivacyRequest[];
  mayErase: boolean;
  notify: Notify;
  onErase: (requestId: string, opener: HTMLElement) => void;
};

function CustomerRequestsTable({ labelledBy, customerId, requests, mayErase, notify, onErase }: TableProps) {
  const t = useMessages(privacyMessages);
  const { locale } = useLocale();
  return (
    <div className="table-wrap">
      <table className="data-table" aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{t.columns.kind}</th>
            <th scope="col">{t.columns.channel}</th>
            <th scope="col">{t.columns.received}</th>
            <th scope="col">{t.columns.due}</th>
            <th scope="col">{t.columns.status}</th>
            <th scope="col">{t.columns.actions}</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((request) => {
            const received = formatDay(locale, request.receivedAt);
            return (
              <tr key={request.id} className={request.overdue ? 'privacy-row--overdue' : undefined}>
                <th scope="row">{t.kinds[request.kind]}</th>
                <td>{t.channels[request.channel]}</td>
                <td className="nowrap">{received}</td>
                <td className="nowrap">{formatDay(locale, request.dueAt)}</td>
                <td>
                  <RequestDelay request={request} />
                </td>
                <td>
                  {request.status === 'open' ? (
                    <span className="privacy-row-actions">
                      {request.kind === 'export' ? (
                        <ExportButton customerId={customerId} request={request} notify={notify} label={t.exportForRequest} ariaLabel={t.exportForRequestOf(received)} />
                      ) : mayErase ? (
                        <Button variant="danger" aria-label={t.eraseForRequestOf(received)} onClick={(event) => onErase(request.id, event.currentTarget)}>
                          {t.eraseButton}
                        </Button>
                      ) : null}
                      <CloseRequestButtons
                        request={request}
                        onClosed={(_closed, message) => {
                          notify.onNotice(message);
                          notify.onChanged();
                        }}
                        onFailure={notify.onFailure}
                      />
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ExportButton({ customerId, request, notify, label, ariaLabel }: { customerId: string; request?: PrivacyRequest; notify: Notify; label: string; ariaLabel?: string }) {
  const t = useMessages(privacyMessages);
  const [busy, setBusy] = useState(false);

  async function download() {
    if (busy) return;
    setBusy(true);
    const result = await exportCustomerData(customerId, request?.id);
    setBusy(false);
    if (!result.ok) return notify.onFailure(result);
    const fileName = `comptoir-export-${customerId}-${result.data.generatedAt.slice(0, 10)}.json`;
    saveJsonFile(fileName, result.data);
    notify.onNotice(request ? t.exportedAndAnswered(fileName) : t.exported(fileName));
    if (request) notify.onChanged();
  }

  return (
    <Button variant="secondary" busy={busy} aria-label={ariaLabel} onClick={() => void download()}>
      {label}
    </Button>
  );
}

function ExportBlock({ customerId, notify }: { customerId: string; notify: Notify }) {
  const t = useMessages(privacyMessages);
  return (
    <>
      <h3>{t.exportTitle}</h3>
      <p>{t.exportIntro}</p>
      <div className="actions">
        <ExportButton customerId={customerId} notify={notify} label={t.exportButton} />
      </div>
    </>
  );
}

const RECORD_FIELDS = ['kind', 'channel', 'receivedAt'] as const;

function RecordRequestForm({ customerId, notify }: { customerId: string; notify: Notify }) {
  const t = useMessages(privacyMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const kind = formText(form, 'kind') as PrivacyRequestKind;
    const channel = formText(form, 'channel') as PrivacyRequestChannel;
    const day = formText(form, 'receivedAt');
    const dayError = !day ? t.receivedRequired : day > today() ? t.receivedInFuture : undefined;
    if (dayError) {
      setErrors({ fields: { receivedAt: dayError }, message: c.fieldsToFix });
      return;
    }
    setErrors(NO_ERRORS);
    setBusy(true);
    // Today: now; an earlier day: its first moment, so the month to answer is never overstated.
    const receivedAt = day === today() ? undefined : new Date(`${day}T00:00:00`).toISOString();
    const result = await recordPrivacyRequest({ customerId, kind, channel, ...(receivedAt ? { receivedAt } : {}) });
    setBusy(false);
    if (!result.ok) {
      if (result.status === 401 || result.problem.code === 'second_factor_required') return notify.onFailure(result);
      setErrors(failureToFormErrors(result, RECORD_FIELDS, c));
      return;
    }
    notify.onNotice(t.recorded(formatDay(locale, result.data.dueAt)));
    notify.onChanged();
    setFormKey((value) => value + 1);
  }

  return (
    <>
      <h3 id={`${id}-record`}>{t.recordTitle}</h3>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit} aria-labelledby={`${id}-record`} key={formKey}>
        <RadioGroup
          legend={t.recordKindLegend}
          name="kind"
          defaultValue="export"
          options={PRIVACY_REQUEST_KINDS.map((kind) => ({ value: kind, label: t.kinds[kind] }))}
          error={errors.fields.kind}
        />
        <div className="field-row">
          <SelectField
            label={t.channelLabel}
            name="channel"
            defaultValue="email"
            options={PRIVACY_REQUEST_CHANNELS.map((channel) => ({ value: channel, label: t.channels[channel] }))}
            error={errors.fields.channel}
          />
          <TextField label={t.receivedLabel} name="receivedAt" type="date" defaultValue={today()} max={today()} hint={t.receivedHint} error={errors.fields.receivedAt} required />
        </div>
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.recordButton}
          </Button>
        </div>
      </form>
    </>
  );
}
