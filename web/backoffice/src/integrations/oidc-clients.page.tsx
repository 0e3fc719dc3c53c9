import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { describeFailure, formText, type Failure } from '../../../ui/form-outcome';
import { Button, CheckboxField, RadioGroup, SelectField, TextField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { marketLabel, useMarkets, type Market } from '../api/markets';
import { common } from '../common.messages';
import { ConfirmDialog } from '../pages/customers/confirm.dialog';
import { useSessionFailure, useStaffSession } from '../staff-session';
import { createOidcClient, listOidcClients, revokeOidcClient, rotateOidcClientSecret, updateOidcClient, type OidcClient, type OidcClientType } from './integrations-api';
import { GroupError, IntegrationsFrame, IntegrationsTable, integrationFormErrors, linesOf, marketName, SecretBox, TextAreaField, useIntegrationOptions } from './integrations-parts';
import { integrationMessages, type IntegrationMessages } from './integrations.messages';

const FIELD_NAMES = ['name', 'marketId', 'clientType', 'redirectUris', 'postLogoutRedirectUris', 'allowedScopes', 'firstParty', 'backchannelLogoutUri'] as const;
const DEFAULT_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** Creation and edition; the type and the market are chosen once, at creation. */
function OidcClientForm({
  client,
  scopes,
  markets,
  t,
  onSaved,
  onCancel,
}: {
  client: OidcClient | null;
  scopes: string[];
  markets: Market[];
  t: IntegrationMessages;
  onSaved: (client: OidcClient, secret: string | null) => void;
  onCancel?: () => void;
}) {
  const c = useMessages(common);
  const id = useId();
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);
  const o = t.oidc;
  const e = errors.fields;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const settings = {
      name: formText(form, 'name'),
      redirectUris: linesOf(formText(form, 'redirectUris')),
      postLogoutRedirectUris: linesOf(formText(form, 'postLogoutRedirectUris')),
      allowedScopes: scopes.filter((scope) => form.get(`scope-${scope}`) === 'on'),
      firstParty: form.get('firstParty') === 'on',
      backchannelLogoutUri: formText(form, 'backchannelLogoutUri') || null,
    };
    setBusy(true);
    setErrors(NO_ERRORS);
    const result = client
      ? await updateOidcClient(client.clientId, settings)
      : await createOidcClient({ ...settings, marketId: formText(form, 'marketId'), clientType: formText(form, 'clientType') as OidcClientType });
    setBusy(false);
    if (!result.ok) {
      if (!onSessionFailure(result)) setErrors(integrationFormErrors(result, FIELD_NAMES, t, c));
      return;
    }
    if (!client) formRef.current?.reset();
    if ('client' in result.data) onSaved(result.data.client, result.data.clientSecret);
    else onSaved(result.data, null);
  }

  const granted = client?.allowedScopes ?? DEFAULT_SCOPES;
  return (
    <form ref={formRef} noValidate onSubmit={submit}>
      <Alert>{errors.message}</Alert>
      <div className="field-row">
        <TextField label={o.name} name="name" required autoComplete="off" defaultValue={client?.name ?? ''} error={e.name} />
        {client ? null : (
          <SelectField
            label={t.market}
            name="marketId"
            defaultValue=""
            options={[{ value: '', label: t.chooseMarket }, ...markets.map((market) => ({ value: market.id, label: marketLabel(market) }))]}
            error={e.marketId}
          />
        )}
      </div>
      {client ? null : (
        <RadioGroup
          legend={o.clientType}
          name="clientType"
          defaultValue="confidential"
          options={(['confidential', 'public'] as const).map((value) => ({ value, label: o.types[value] }))}
          error={e.clientType}
        />
      )}
      <TextAreaField label={o.redirectUris} hint={o.redirectUrisHint} name="redirectUris" defaultValue={client?.redirectUris.join('\n') ?? ''} error={e.redirectUris} />
      <TextAreaField label={o.postLogoutRedirectUris} hint={o.optional} name="postLogoutRedirectUris" defaultValue={client?.postLogoutRedirectUris.join('\n') ?? ''} error={e.postLogoutRedirectUris} rows={2} />
      <TextField
        label={o.backchannelLogoutUri}
        hint={o.optional}
        name="backchannelLogoutUri"
        type="url"
        autoComplete="off"
        spellCheck={false}
        defaultValue={client?.backchannelLogoutUri ?? ''}
        error={e.backchannelLogoutUri}
      />
      <fieldset className={e.allowedScopes ? 'field field--invalid' : 'field'} aria-describedby={e.allowedScopes ? `${id}-scopes-error` : undefined}>
        <legend>{o.allowedScopes}</legend>
        <GroupError id={`${id}-scopes-error`} message={e.allowedScopes} />
        <div className="integrations-choices">
          {scopes.map((scope) => (
            <CheckboxField key={scope} label={<code className="integrations-code">{scope}</code>} name={`scope-${scope}`} defaultChecked={granted.includes(scope)} />
          ))}
        </div>
      </fieldset>
      <CheckboxField label={o.firstParty} name="firstParty" defaultChecked={client?.firstParty ?? false} error={e.firstParty} />
      <div className="actions">
        <Button type="submit" busy={busy}>
          {client ? o.save : o.create}
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

type TPending = { kind: 'rotate' | 'revoke'; client: OidcClient };

/** /integrations/oidc-clients: the storefronts that sign customers in, to create, change, rotate and revoke. */
export function OidcClientsPage() {
  const t = useMessages(integrationMessages);
  const c = useMessages(common);
  const id = useId();
  const { me } = useStaffSession();
  const markets = useMarkets(me.marketIds);
  const options = useIntegrationOptions();
  const onSessionFailure = useSessionFailure();
  const [clients, setClients] = useState<OidcClient[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [shown, setShown] = useState<{ lead: string; secret: string } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, setPending] = useState<TPending | null>(null);
  const [pendingBusy, setPendingBusy] = useState(false);
  const o = t.oidc;

  const load = useCallback(async () => {
    const result = await listOidcClients();
    if (result.ok) setClients(result.data.items);
    else if (!onSessionFailure(result)) setFailure(result);
  }, [onSessionFailure]);
  useEffect(() => {
    void load();
  }, [load]);

  const replace = (client: OidcClient) => setClients((before) => (before ?? []).map((item) => (item.clientId === client.clientId ? client : item)));

  async function confirm(action: TPending) {
    setPendingBusy(true);
    const result = action.kind === 'rotate' ? await rotateOidcClientSecret(action.client.clientId) : await revokeOidcClient(action.client.clientId);
    setPendingBusy(false);
    setPending(null);
    if (!result.ok) {
      if (!onSessionFailure(result)) setFailure(result);
      return;
    }
    if ('clientSecret' in result.data) {
      setShown({ lead: o.rotated, secret: result.data.clientSecret });
      setNotice(null);
    } else {
      replace(result.data);
      setNotice(o.revoked(action.client.name));
    }
  }

  const edited = clients?.find((client) => client.clientId === editing) ?? null;
  return (
    <IntegrationsFrame>
      <Alert tone="success">{notice}</Alert>
      {shown ? <SecretBox lead={shown.lead} secret={shown.secret} onDone={() => setShown(null)} /> : null}
      <section className="card" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{o.listTitle}</h2>
        <p className="muted">{o.intro}</p>
        <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
        {clients === null && !failure ? <p role="status">{c.loading}</p> : null}
        {clients && clients.length === 0 ? <p>{o.empty}</p> : null}
        {clients && clients.length > 0 ? (
          <IntegrationsTable label={o.listTitle} headers={[o.columns.name, o.columns.clientId, o.columns.market, o.columns.type, o.columns.redirects, o.columns.state, t.actions]}>
            {clients.map((client) => (
              <tr key={client.clientId}>
                <th scope="row">
                  {client.name}
                  {client.firstParty ? <span className="badge">{o.firstPartyBadge}</span> : null}
                </th>
                <td>
                  <code className="integrations-code">{client.clientId}</code>
                </td>
                <td>{marketName(markets.all, client.marketId, t)}</td>
                <td>{o.types[client.clientType]}</td>
                <td className="integrations-code">{client.redirectUris.join(' ')}</td>
                <td>{client.revokedAt ? o.revokedOn(t.date(client.revokedAt)) : o.active}</td>
                <td>
                  {client.revokedAt ? null : (
                    <div className="integrations-row-actions">
                      <Button variant="secondary" onClick={() => setEditing(client.clientId)} aria-label={o.editOne(client.name)}>
                        {o.edit}
                      </Button>
                      {client.clientType === 'confidential' ? (
                        <Button variant="secondary" onClick={() => setPending({ kind: 'rotate', client })} aria-label={o.rotateOne(client.name)}>
                          {o.rotate}
                        </Button>
                      ) : null}
                      <Button variant="danger" onClick={() => setPending({ kind: 'revoke', client })} aria-label={o.revokeOne(client.name)}>
                        {o.revoke}
                      </Button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </IntegrationsTable>
        ) : null}
      </section>
      {edited && options ? (
        <section className="card" aria-labelledby={`${id}-edit`}>
          <h2 id={`${id}-edit`}>{o.editTitle(edited.name)}</h2>
          <OidcClientForm
            key={edited.clientId}
            client={edited}
            scopes={options.oidcScopes}
            markets={markets.workable}
            t={t}
            onSaved={(client) => {
              replace(client);
              setEditing(null);
              setNotice(o.saved(client.name));
            }}
            onCancel={() => setEditing(null)}
          />
        </section>
      ) : null}
      <section className="card" aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{o.newTitle}</h2>
        {options ? (
          <OidcClientForm
            client={null}
            scopes={options.oidcScopes}
            markets={markets.workable}
            t={t}
            onSaved={(client, secret) => {
              setClients((before) => [client, ...(before ?? [])]);
              setNotice(o.created(client.clientId));
              setShown(secret ? { lead: o.createdSecret, secret } : null);
            }}
          />
        ) : (
          <p role="status">{c.loading}</p>
        )}
      </section>
      {pending ? (
        <ConfirmDialog
          title={pending.kind === 'rotate' ? o.rotateTitle(pending.client.name) : o.revokeTitle(pending.client.name)}
          text={pending.kind === 'rotate' ? o.rotateText : o.revokeText}
          confirmLabel={pending.kind === 'rotate' ? o.rotate : o.revoke}
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
