import { useEffect, useId, useState, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { FieldIssue } from '../../../ui/api';
import type { FormErrors } from '../../../ui/form-errors';
import { describeFailure, type Failure } from '../../../ui/form-outcome';
import { Button } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { marketLabel, type Market } from '../api/markets';
import { common } from '../common.messages';
import { can, useStaffSession } from '../staff-session';
import { getIntegrationOptions, type IntegrationOptions } from './integrations-api';
import { integrationMessages, type IntegrationMessages } from './integrations.messages';
import './integrations.css';

/** The three sections, as links: each is its own page (and URL), so no tab widget is needed. */
function IntegrationsNav() {
  const t = useMessages(integrationMessages);
  const links = [
    { to: '/integrations', label: t.sections.apiKeys },
    { to: '/integrations/webhooks', label: t.sections.webhooks },
    { to: '/integrations/oidc-clients', label: t.sections.oidc },
  ];
  return (
    <nav className="integrations-nav" aria-label={t.sections.label}>
      <ul>
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} end={link.to === '/integrations'}>
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Heading, introduction and sections; a role without integrations.manage is told so. */
export function IntegrationsFrame({ children }: { children: ReactNode }) {
  const t = useMessages(integrationMessages);
  const c = useMessages(common);
  const { me } = useStaffSession();
  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>{t.intro}</p>
      {can(me, 'integrations.manage') ? (
        <>
          <IntegrationsNav />
          {children}
        </>
      ) : (
        <Alert>{c.forbidden}</Alert>
      )}
    </>
  );
}

/**
 * A secret answered once by the server (API key, signing secret, client secret): in a box to
 * copy, with the warning that it will not be shown again. Dismissed by the staff member only.
 */
export function SecretBox({ lead, secret, onDone }: { lead: string; secret: string; onDone: () => void }) {
  const t = useMessages(integrationMessages);
  const id = useId();
  const [copy, setCopy] = useState<'copied' | 'copyFailed' | null>(null);
  async function copySecret() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopy('copied');
    } catch {
      setCopy('copyFailed');
    }
  }
  return (
    <section className="secret-box" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t.secret.title}</h3>
      <p>{lead}</p>
      <p className="secret-box__warning">
        <strong>{t.secret.warning}</strong>
      </p>
      <p className="secret-box__value">
        <code>{secret}</code>
      </p>
      <Alert tone="success">{copy === 'copied' ? t.secret.copied : null}</Alert>
      <Alert>{copy === 'copyFailed' ? t.secret.copyFailed : null}</Alert>
      <div className="actions">
        <Button variant="secondary" onClick={copySecret}>
          {t.secret.copy}
        </Button>
        <Button variant="link" onClick={onDone}>
          {t.secret.done}
        </Button>
      </div>
    </section>
  );
}

/** What the server refused, in the page's language, for the fields this page knows. */
function issueMessage(issue: FieldIssue, field: string, t: IntegrationMessages): string {
  const i = t.issues;
  if (issue.code === 'unknown_market') return i.unknownMarket;
  if (issue.code === 'market_required') return i.marketRequired;
  if (issue.code === 'unknown_event_type') return i.unknownEventType;
  if (issue.code === 'invalid_url' || (field === 'url' && issue.code !== 'too_big')) return i.url;
  if (issue.code === 'too_big' && field !== 'scopes' && field !== 'eventTypes') return i.tooLong;
  const byField: Record<string, string> = {
    name: i.name,
    marketId: i.unknownMarket,
    scopes: i.scopes,
    eventTypes: i.eventTypes,
    redirectUris: i.redirectUris,
    postLogoutRedirectUris: i.uris,
    backchannelLogoutUri: i.uris,
    allowedScopes: i.allowedScopes,
  };
  return byField[field] ?? (issue.code === 'required' ? i.required : issue.message);
}

/** Each issue next to its field (`redirectUris.1` goes to redirectUris), the rest in the alert. */
export function integrationFormErrors(failure: Failure, fieldNames: readonly string[], t: IntegrationMessages, c: Parameters<typeof describeFailure>[1]): FormErrors {
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of failure.problem.errors ?? []) {
    const field = issue.path.split('.')[0] ?? issue.path;
    if (fieldNames.includes(field)) fields[field] ??= issueMessage(issue, field, t);
    else unplaced.push(issue.message);
  }
  return { fields, message: [describeFailure(failure, c), ...unplaced].join(' ') };
}

/** What the forms offer (scopes, event types), read once per page. */
export function useIntegrationOptions(): IntegrationOptions | null {
  const [options, setOptions] = useState<IntegrationOptions | null>(null);
  useEffect(() => {
    let current = true;
    void getIntegrationOptions().then((result) => {
      if (current && result.ok) setOptions(result.data);
    });
    return () => {
      current = false;
    };
  }, []);
  return options;
}

/** A market's name, or "every market" for null; an id the list does not hold is shown as is. */
export function marketName(markets: Market[], marketId: string | null, t: IntegrationMessages): string {
  if (marketId === null) return t.everyMarket;
  const market = markets.find((candidate) => candidate.id === marketId);
  return market ? marketLabel(market) : marketId;
}

/** One line per address; blank lines dropped. */
export const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** A labelled textarea with hint and error read out with it (the shared forms have none). */
export function TextAreaField({ label, name, hint, error, defaultValue, rows = 3 }: { label: string; name: string; hint?: string; error?: string | undefined; defaultValue?: string; rows?: number }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <textarea id={id} name={name} rows={rows} defaultValue={defaultValue} spellCheck={false} aria-invalid={error ? true : undefined} aria-describedby={described} className="integrations-textarea" />
    </div>
  );
}

/**
 * A list's table that scrolls sideways inside its card on a phone. The scrolling box is
 * focusable and named, so a keyboard can scroll it even when no row holds a button.
 */
export function IntegrationsTable({ label, headers, children }: { label: string; headers: string[]; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table className="data-table">
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A fieldset's own error, read with its legend (the group is described by it). */
export function GroupError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      {message}
    </p>
  );
}
