import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { describeFailure, formText, type Failure } from '../../../ui/form-outcome';
import { Button, SelectField, TextField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { marketLabel, useMarkets } from '../api/markets';
import { common } from '../common.messages';
import { ConfirmDialog } from '../pages/customers/confirm.dialog';
import { useSessionFailure, useStaffSession } from '../staff-session';
import { createApiKey, listApiKeys, revokeApiKey, type StoreApiKey } from './integrations-api';
import { GroupError, IntegrationsFrame, IntegrationsTable, integrationFormErrors, marketName, SecretBox, useIntegrationOptions } from './integrations-parts';
import { integrationMessages } from './integrations.messages';

const FIELD_NAMES = ['name', 'marketId', 'scopes'] as const;

/** `orders:read`, `orders:write`… grouped by resource, in the server's order. */
function resourcesOf(scopes: string[]): string[] {
  return [...new Set(scopes.map((scope) => scope.split(':')[0]!))];
}

/** /integrations: the store API keys of the member's markets, one to create, each to revoke. */
export function ApiKeysPage() {
  const t = useMessages(integrationMessages);
  const c = useMessages(common);
  const id = useId();
  const { me } = useStaffSession();
  const markets = useMarkets(me.marketIds);
  const options = useIntegrationOptions();
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [keys, setKeys] = useState<StoreApiKey[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<{ key: string; name: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<StoreApiKey | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);
  const a = t.apiKeys;

  const load = useCallback(async () => {
    const result = await listApiKeys();
    if (result.ok) setKeys(result.data.items);
    else if (!onSessionFailure(result)) setFailure(result);
  }, [onSessionFailure]);
  useEffect(() => {
    void load();
  }, [load]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const scopes = resourcesOf(options?.apiKeyScopes ?? []).flatMap((resource) => {
      const access = formText(form, `scope-${resource}`);
      return access === 'read' || access === 'write' ? [`${resource}:${access}`] : [];
    });
    setBusy(true);
    setErrors(NO_ERRORS);
    setNotice(null);
    const result = await createApiKey({ name: formText(form, 'name'), marketId: formText(form, 'marketId'), scopes });
    setBusy(false);
    if (result.ok) {
      formRef.current?.reset();
      setShown({ key: result.data.key, name: result.data.apiKey.name });
      setNotice(a.created(result.data.apiKey.name));
      setKeys((before) => [result.data.apiKey, ...(before ?? [])]);
    } else if (!onSessionFailure(result)) setErrors(integrationFormErrors(result, FIELD_NAMES, t, c));
  }

  async function revoke(key: StoreApiKey) {
    setRevokeBusy(true);
    const result = await revokeApiKey(key.id);
    setRevokeBusy(false);
    setRevoking(null);
    if (result.ok) {
      setKeys((before) => (before ?? []).map((item) => (item.id === key.id ? result.data : item)));
      setNotice(a.revoked(key.name));
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  const e = errors.fields;
  return (
    <IntegrationsFrame>
      <Alert tone="success">{notice}</Alert>
      {shown ? <SecretBox lead={a.shownOnce} secret={shown.key} onDone={() => setShown(null)} /> : null}
      <section className="card" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{a.listTitle}</h2>
        <p className="muted">{a.intro}</p>
        <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
        {keys === null && !failure ? <p role="status">{c.loading}</p> : null}
        {keys && keys.length === 0 ? <p>{a.empty}</p> : null}
        {keys && keys.length > 0 ? (
          <IntegrationsTable label={a.listTitle} headers={[a.columns.name, a.columns.market, a.columns.scopes, a.columns.prefix, a.columns.created, a.columns.lastUsed, a.columns.status, t.actions]}>
            {keys.map((key) => (
              <tr key={key.id}>
                <th scope="row">{key.name}</th>
                <td>{marketName(markets.all, key.marketId, t)}</td>
                <td>{key.scopes.join(', ')}</td>
                <td>
                  <code className="integrations-code">{key.displayPrefix}…</code>
                </td>
                <td>{t.date(key.createdAt)}</td>
                <td>{key.lastUsedAt ? t.date(key.lastUsedAt) : t.never}</td>
                <td>{key.revokedAt ? a.revokedOn(t.date(key.revokedAt)) : a.active}</td>
                <td>
                  {key.revokedAt ? null : (
                    <Button variant="danger" onClick={() => setRevoking(key)} aria-label={a.revokeOne(key.name)}>
                      {a.revoke}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </IntegrationsTable>
        ) : null}
      </section>
      <section className="card" aria-labelledby={`${id}-new`}>
        <h2 id={`${id}-new`}>{a.newTitle}</h2>
        <form ref={formRef} noValidate onSubmit={submit}>
          <Alert>{errors.message}</Alert>
          <div className="field-row">
            <TextField label={a.name} hint={a.nameHint} name="name" required autoComplete="off" error={e.name} />
            <SelectField
              label={t.market}
              name="marketId"
              defaultValue=""
              options={[{ value: '', label: t.chooseMarket }, ...markets.workable.map((market) => ({ value: market.id, label: marketLabel(market) }))]}
              error={e.marketId}
            />
          </div>
          <fieldset className={e.scopes ? 'field field--invalid' : 'field'} aria-describedby={e.scopes ? `${id}-scopes-error` : `${id}-scopes-hint`}>
            <legend>{a.scopes}</legend>
            <p className="field-hint" id={`${id}-scopes-hint`}>
              {a.scopesHint}
            </p>
            <GroupError id={`${id}-scopes-error`} message={e.scopes} />
            <div className="integrations-choices">
              {resourcesOf(options?.apiKeyScopes ?? []).map((resource) => (
                <SelectField
                  key={resource}
                  label={a.resources[resource] ?? resource}
                  name={`scope-${resource}`}
                  defaultValue="none"
                  options={(['none', 'read', 'write'] as const).map((value) => ({ value, label: a.access[value] }))}
                />
              ))}
            </div>
          </fieldset>
          <div className="actions">
            <Button type="submit" busy={busy}>
              {a.create}
            </Button>
          </div>
        </form>
      </section>
      {revoking ? (
        <ConfirmDialog
          title={a.revokeTitle(revoking.name)}
          text={a.revokeText}
          confirmLabel={a.revoke}
          cancelLabel={t.cancel}
          danger
          busy={revokeBusy}
          onConfirm={() => void revoke(revoking)}
          onCancel={() => setRevoking(null)}
        />
      ) : null}
    </IntegrationsFrame>
  );
}
