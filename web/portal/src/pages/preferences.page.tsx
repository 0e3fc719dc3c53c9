import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { Button } from '../../../ui/forms';
import { formatDateTime, useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { getPreferences, updatePreferences, type ConsentPurpose, type ConsentState, type Preferences } from '../portal-api';
import { preferencesMessages } from './preferences.messages';

type Failure = Extract<ApiResult<unknown>, { ok: false }>;
type Field = 'newsletterEmail' | 'promotionalEmail' | 'sms';
type Choices = Record<Field, boolean>;

const FIELDS: readonly { field: Field; purpose: ConsentPurpose }[] = [
  { field: 'newsletterEmail', purpose: 'newsletter_email' },
  { field: 'promotionalEmail', purpose: 'promotional_email' },
  { field: 'sms', purpose: 'sms' },
];

const choicesOf = (preferences: Preferences): Choices => ({
  newsletterEmail: preferences.newsletterEmail.granted,
  promotionalEmail: preferences.promotionalEmail.granted,
  sms: preferences.sms.granted,
});

type ConsentCheckboxProps = {
  purpose: ConsentPurpose;
  state: ConsentState;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error: string | undefined;
  extra?: ReactNode;
};

/** A checkbox read out with what it is for and what was last decided, and when. */
function ConsentCheckbox({ purpose, state, checked, onChange, error, extra }: ConsentCheckboxProps) {
  const t = useMessages(preferencesMessages);
  const { locale } = useLocale();
  const id = useId();
  const status = state.since && state.source ? t.state(state.granted, formatDateTime(locale, state.since), t.sources[state.source]) : t.neverAsked;
  const describedBy = [`${id}-explanation`, `${id}-status`, extra ? `${id}-extra` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field--check field--invalid' : 'field field--check'}>
      <input
        id={id}
        name={purpose}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <div className="check__text">
        <label htmlFor={id}>{t.purposes[purpose]}</label>
        <p id={`${id}-explanation`} className="field-hint">
          {t.explanations[purpose]}
        </p>
        <p id={`${id}-status`} className="field-hint">
          {status}
        </p>
        {extra ? (
          <p id={`${id}-extra`} className="field-hint">
            {extra}
          </p>
        ) : null}
        {error ? (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

const isMobileMissing = (failure: Failure | null) =>
  failure?.problem.errors?.some((issue) => issue.path === 'sms' && issue.code === 'mobile_required') ?? false;

export function PreferencesPage() {
  const t = useMessages(preferencesMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const navigate = useNavigate();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const [choices, setChoices] = useState<Choices | null>(null);
  // Kept as the answer, not as a sentence, so that a language switch translates it.
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<'saved' | 'unchanged' | null>(null);
  const [busy, setBusy] = useState(false);

  const handleFailure = useCallback(
    (result: Failure) => {
      if (result.status === 401) void navigate('/sign-in', { replace: true });
      else setFailure(result);
    },
    [navigate],
  );

  useEffect(() => {
    let current = true;
    void getPreferences().then((result) => {
      if (!current) return;
      if (result.ok) {
        setPreferences(result.data);
        setChoices(choicesOf(result.data));
      } else handleFailure(result);
    });
    return () => {
      current = false;
    };
  }, [handleFailure]);

  const mobileMissing = isMobileMissing(failure);
  useEffect(() => {
    if (mobileMissing) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [mobileMissing, failure]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy || !choices) return;
    setBusy(true);
    setFailure(null);
    setNotice(null);
    const result = await updatePreferences(choices);
    setBusy(false);
    if (!result.ok) {
      handleFailure(result);
      return;
    }
    const changed = result.data.history.length !== preferences?.history.length;
    setPreferences(result.data);
    setChoices(choicesOf(result.data));
    setNotice(changed ? 'saved' : 'unchanged');
  }

  const fieldErrors: Partial<Record<Field, string>> = mobileMissing ? { sms: t.mobileRequired } : {};
  const failureMessage = failure ? (mobileMissing ? c.fieldsToFix : describeFailure(failure, c)) : null;

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <Alert tone="success">{notice ? t[notice] : null}</Alert>
      <Alert>{failureMessage}</Alert>
      {preferences && choices ? (
        <>
          <section className="card" aria-labelledby={`${id}-form`}>
            <h2 id={`${id}-form`}>{t.formLegend}</h2>
            <p className="muted">{t.intro}</p>
            <form ref={form} onSubmit={save} noValidate>
              {FIELDS.map(({ field, purpose }) => (
                <ConsentCheckbox
                  key={field}
                  purpose={purpose}
                  state={preferences[field]}
                  checked={choices[field]}
                  onChange={(checked) => setChoices({ ...choices, [field]: checked })}
                  error={fieldErrors[field]}
                  extra={
                    field === 'sms' && !preferences.mobileOnFile ? (
                      <>
                        {t.noMobile} <Link to="/profile">{t.profileLink}</Link>
                      </>
                    ) : undefined
                  }
                />
              ))}
              <div className="actions">
                <Button type="submit" busy={busy}>
                  {t.save}
                </Button>
              </div>
            </form>
          </section>
          <section className="card" aria-labelledby={`${id}-history`}>
            <h2 id={`${id}-history`}>{t.historyTitle}</h2>
            <p className="muted">{t.historyIntro}</p>
            {preferences.history.length === 0 ? (
              <p>{t.historyEmpty}</p>
            ) : (
              <ul className="item-list">
                {preferences.history.map((record, index) => (
                  <li key={`${record.recordedAt}-${record.purpose}-${index}`}>
                    <div>
                      <p className="item__title">
                        {t.historyEntry(t.purposes[record.purpose], record.granted ? t.granted : t.withdrawn)}
                      </p>
                      <p className="item__meta">
                        {formatDateTime(locale, record.recordedAt)} · {t.sources[record.source]} · {t.noticeVersion(record.noticeVersion)}
                      </p>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}
