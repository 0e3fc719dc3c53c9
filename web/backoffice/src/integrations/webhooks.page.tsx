import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { describeFailure, formText, type Failure } from '../../../ui/form-outcome';
import { Button, CheckboxField, SelectField, TextField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { marketLabel, useMarkets, type Market } from '../api/markets';
import { common } from '../common.messages';
import { ConfirmDialog } from '../pages/customers/confirm.dialog';
import { useSessionFailure, useStaffSession } from '../staff-session';
import { createWebhook, deleteWebhook, listWebhooks, rotateWebhookSecret, updateWebhook, type WebhookEndpoint } from './integrations-api';
import { GroupError, IntegrationsFrame, IntegrationsTable, integrationFormErrors, marketName, SecretBox, useIntegrationOptions } from './integrations-parts';
import { integrationMessages, type IntegrationMessages } from './integrations.messages';

const FIELD_NAMES = ['url', 'marketId', 'eventTypes', 'description'] as const;
/** The select's value for "every market" (null in the API). */
const EVERY_MARKET = '*';

function eventTypesOf(form: FormData, known: string[]): string[] {
  if (form.get('event-*') === 'on') return ['*'];
  return known.filter((type) => form.get(`event-${type}`) === 'on');
}

/** Creation (with a market) and edition (URL, events, description): every error at its field. */
function WebhookForm({
  endpoint,
  eventTypes,
  markets,
  everyMarketAllowed,
  t,
  onSaved,
  onCancel,
}: {
  endpoint: WebhookEndpoint | null;
  eventTypes: string[];
  markets: Market[];
  everyMarketAllowed: boolean;
  t: IntegrationMessages;
  onSaved: (endpoint: WebhookEndpoint, secret: string | null) => void;
  onCancel?: () => void;
}) {
  const c = useMessages(common);
  const id = useId();
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);
  const w = t.webhooks;
  const e = errors.fields;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const fields = { url: formText(form, 'url'), eventTypes: eventTypesOf(form, eventTypes), description: formText(form, 'description') || null };
    setBusy(true);
    setErrors(NO_ERRORS);
    const market = formText(form, 'marketId');
    const result = endpoint
      ? await updateWebhook(endpoint.id, fields)
      : await createWebhook({ ...fields, marketId: market === EVERY_MARKET ? null : market });
    setBusy(false);
    if (result.ok) {
      if (!endpoint) formRef.current?.reset();
      onSaved(result.data, 'secret' in result.data ? (result.data as { secret: string }).secret : null);
    } else if (!onSessionFailure(result)) setErrors(integrationFormErrors(result, FIELD_NAMES, t, c));
  }

  const subscribed = (type: string) => (endpoint ? endpoint.eventTypes.includes(type) : false);
  return (
    <form ref={formRef} noValidate onSubmit={submit}>
      <Alert>{errors.message}</Alert>
      <div className="field-row">
        <TextField label={w.url} hint={w.urlHint} name="url" type="url" required autoComplete="off" spellCheck={false} defaultValue={endpoint?.url ?? ''} error={e.url} />
        {endpoint ? null : (
          <SelectField
            label={t.market}
            name="marketId"
            defaultValue=""
            options={[
              { value: '', label: t.chooseMarket },
              ...(everyMarketAllowed ? [{ value: EVERY_MARKET, label: t.everyMarket }] : []),
              ...markets.map((market) => ({ value: market.id, label: marketLabel(market) })),
            ]}
            error={e.marketId}
          />
        )}
      </div>
      {everyMarketAllowed && !endpoint ? <p className="field-hint">{w.everyMarketHint}</p> : null}
      <TextField label={w.description} name="description" autoComplete="off" defaultValue={endpoint?.description ?? ''} error={e.description} />
      <fieldset className={e.eventTypes ? 'field field--invalid' : 'field'} aria-describedby={e.eventTypes ? `${id}-events-error` : undefined}>
        <legend>{w.events}</legend>
        <GroupError id={`${id}-events-error`} message={e.eventTypes} />
        <CheckboxField label={w.everyEvent} name="event-*" defaultChecked={subscribed('*')} />
        <div className="integrations-choices">
          {eventTypes.map((type) => (
            <CheckboxField key={type} label={<code className="integrations-code">{type}</code>} name={`event-${type}`} defaultChecked={subscribed(type)} />
          ))}
        </div>
      </fieldset>
      <div className="actions">
        <Button type="submit" busy={busy}>
          {endpoint ? w.save : w.create}
        </Button>
        {onCancel ? (
          <Button variant="link" onClick={onCancel}>
            {t.cancel}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

type TPending = { kind: 'rotate' | 'remove'; endpoint: WebhookEndpoint };

/** /integrations/webhooks: endpoints, their log, pause, rotation and deletion, each confirmed. */
export function WebhooksPage() {
  const t = useMessages(integrationMessages);
  const c = useMessages(common);
  const id = useId();
  const { me } = useStaffSession();
  const markets = useMarkets(me.marketIds);
  const options = useIntegrationOptions();
  const onSessionFailure = useSessionFailure();
  const [endpoints, setEndpoints] = useState<WebhookEndpoint[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [shown, setShown] = useState<{ lead: string; secret: string } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, setPending] = useState<TPending | null>(null);
  const [pendingBusy, setPendingBusy] = useState(false);
  const w = t.webhooks;

  const load = useCallback(async () => {
    const result = await listWebhooks();
    if (result.ok) setEndpoints(result.data.items);
    else if (!onSessionFailure(result)) setFailure(result);
  }, [onSessionFailure]);
  useEffect(() => {
    void load();
  }, [load]);

  const replace = (endpoint: WebhookEndpoint) => setEndpoints((before) => (before ?? []).map((item) => (item.id === endpoint.id ? endpoint : item)));

  async function toggle(endpoint: WebhookEndpoint) {
    const result = await updateWebhook(endpoint.id, { enabled: !endpoint.enabled });
    if (result.ok) {
      replace(result.data);
      setNotice(w.saved);
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  async function confirm(action: TPending) {
    setPendingBusy(true);
    if (action.kind === 'rotate') {
      const result = await rotateWebhookSecret(action.endpoint.id);
      setPendingBusy(false);
      setPending(null);
      if (result.ok) {
        setShown({ lead: w.rotated, secret: result.data.secret });
        setNotice(null);
      } else if (!onSessionFailure(result)) setFailure(result);
      return;
    }
    const result = await deleteWebhook(action.endpoint.id);
    setPendingBusy(false);
    setPending(null);
    if (result.ok) {
      setEndpoints((before) => (before ?? []).filter((item) => item.id !== action.endpoint.id));
      setNotice(w.removed);
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  const editedEndpoint = endpoints?.find((endpoint) => endpoint.id === editing) ?? null;
  return (
    <IntegrationsFrame>
      <Alert tone="success">{notice}</Alert>
      {shown ? <SecretBox lead={shown.lead} secret={shown.secret} onDone={() => setShown(null)} /> : null}
      <section className="card" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{w.listTitle}</h2>
        <p className="muted">{w.intro}</p>
        <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
        {endpoints === null && !failure ? <p role="status">{c.loading}</p> : null}
        {endpoints && endpoints.length === 0 ? <p>{w.empty}</p> : null}
        {endpoints && endpoints.length > 0 ? (
          <IntegrationsTable label={w.listTitle} headers={[w.columns.url, w.columns.market, w.columns.events, w.columns.state, t.actions]}>
            {endpoints.map((endpoint) => (
              <tr key={endpoint.id}>
                <th scope="row">
                  <span className="integrations-code">{endpoint.url}</span>
                  {endpoint.description ? <span className="line__meta"> {endpoint.description}</span> : null}
                </th>
                <td>{marketName(markets.all, endpoint.marketId, t)}</td>
                <td>{endpoint.eventTypes.includes('*') ? w.allEvents : endpoint.eventTypes.join(', ')}</td>
                <td>{endpoint.enabled ? w.enabled : w.disabled}</td>
                <td>
                  <div className="integrations-row-actions">
                    <Link to={`/integrations/webhooks/${encodeURIComponent(endpoint.id)}`} aria-label={w.logOne(endpoint.url)}>
                      {w.log}
                    </Link>
                    <Button variant="secondary" onClick={() => setEditing(endpoint.id)} aria-label={w.editOne(endpoint.url)}>
                      {w.edit}
                    </Button>
                    <Button variant="secondary" onClick={() => void toggle(endpoint)}>
                      {endpoint.enabled ? w.pause : w.resume}
                    </Button>
                    <Button variant="secondary" onClick={() => setPending({ kind: 'rotate', endpoint })}>
                      {w.rotate}
                    </Button>
                    <Button variant="danger" onClick={() => setPending({ kind: 'remove', endpoint })}>
                      {w.remove}
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </IntegrationsTable>
        ) : null}
      </section>
      {editedEndpoint && options ? (
        <section className="card" aria-labelledby={`${id}-edit`}>
          <h2 id={`${id}-edit`}>{w.editTitle(editedEndpoint.url)}</h2>
          <WebhookForm
            key={editedEndpoint.id}
            endpoint={editedEndpoint}
            eventTypes={options.webhookEventTypes}
            markets={markets.workable}
            everyMarketAllowed={me.marketIds === null}
            t={t}
            onSaved={(endpoint) => {
              replace(endpoint);
              setEditing(null);
              setNotice(w.saved);
            }}
            onCancel={() => setEditing(null)}
          />
        </section>
      ) : null}
      <section className="card" aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{w.newTitle}</h2>
        {options ? (
          <WebhookForm
            endpoint={null}
            eventTypes={options.webhookEventTypes}
            markets={markets.workable}
            everyMarketAllowed={me.marketIds === null}
            t={t}
            onSaved={(endpoint, secret) => {
              setEndpoints((before) => [...(before ?? []), endpoint]);
              if (secret) setShown({ lead: w.created, secret });
              setNotice(null);
            }}
          />
        ) : (
          <p role="status">{c.loading}</p>
        )}
      </section>
      {pending ? (
        <ConfirmDialog
          title={pending.kind === 'rotate' ? w.rotateTitle : w.removeTitle}
          text={pending.kind === 'rotate' ? w.rotateText : w.removeText}
          confirmLabel={pending.kind === 'rotate' ? w.rotate : w.remove}
          cancelLabel={t.cancel}
          danger
          busy={pendingBusy}
          onConfirm={() => void confirm(pending)}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </IntegrationsFrame>
  );
}
