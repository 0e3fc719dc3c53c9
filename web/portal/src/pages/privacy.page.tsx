import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, CheckboxField, TextField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure, failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import { deleteMyAccount, exportMyData, getMe, requestSignInCode, type Customer, type DeletionProof } from '../portal-api';
import { privacyMessages } from './privacy.messages';

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

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
  // Revoked a moment later: some browsers start reading the blob only after the click returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function PrivacyPage() {
  const t = useMessages(privacyMessages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  const toSignIn = useCallback(() => navigate('/sign-in', { replace: true }), [navigate]);

  useEffect(() => {
    let current = true;
    void getMe().then((result) => {
      if (!current) return;
      if (result.ok) setCustomer(result.data);
      else if (result.status === 401) toSignIn();
      else setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [toSignIn]);

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      {customer ? (
        <>
          <ExportSection onUnauthenticated={toSignIn} />
          <DeleteSection customer={customer} onUnauthenticated={toSignIn} />
        </>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}

function ExportSection({ onUnauthenticated }: { onUnauthenticated: () => void }) {
  const t = useMessages(privacyMessages);
  const c = useMessages(common);
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  async function download() {
    setBusy(true);
    setNotice(null);
    setFailure(null);
    const result = await exportMyData();
    setBusy(false);
    if (result.ok) {
      const fileName = `comptoir-export-${result.data.generatedAt.slice(0, 10)}.json`;
      saveJsonFile(fileName, result.data);
      setNotice(t.exportDone(fileName));
    } else if (result.status === 401) onUnauthenticated();
    else setFailure(result);
  }

  return (
    <section className="card" aria-labelledby={`${id}-export`}>
      <h2 id={`${id}-export`}>{t.exportHeading}</h2>
      <p>{t.exportIntro}</p>
      <ul>
        {t.exportContents.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="muted">{t.exportLimit}</p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      <div className="actions">
        <Button busy={busy} onClick={download}>
          {t.exportButton}
        </Button>
      </div>
    </section>
  );
}

const FIELDS = ['password', 'code', 'confirm'] as const;

function DeleteSection({ customer, onUnauthenticated }: { customer: Customer; onUnauthenticated: () => void }) {
  const t = useMessages(privacyMessages);
  const c = useMessages(common);
  const id = useId();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [codeSent, setCodeSent] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  async function sendCode() {
    setBusy(true);
    setErrors(NO_ERRORS);
    const result = await requestSignInCode(customer.email);
    setBusy(false);
    if (result.ok) setCodeSent(true);
    else setErrors({ fields: {}, message: describeFailure(result, c) });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    const code = formText(form, 'code').replace(/\s+/g, '');
    const confirmed = form.get('confirm') === 'on';
    const invalid = fieldErrors(
      {
        password: codeSent || password ? undefined : c.required.password,
        code: !codeSent ? undefined : /^\d{6}$/.test(code) ? undefined : t.codeRequired,
        confirm: confirmed ? undefined : t.confirmRequired,
      },
      c,
    );
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;

    const proof: DeletionProof = codeSent ? { code } : { password };
    setBusy(true);
    const result = await deleteMyAccount(proof);
    setBusy(false);
    if (result.ok) {
      navigate('/sign-in', { replace: true, state: { notice: 'accountDeleted' } });
    } else if (result.status === 401) {
      onUnauthenticated();
    } else if (result.problem.code === 'invalid_proof') {
      const field = codeSent ? 'code' : 'password';
      const message = codeSent ? t.invalidCode : t.invalidPassword;
      setErrors({ fields: { [field]: message }, message });
    } else {
      setErrors(failureToFormErrors(result, FIELDS, c));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-delete`}>
      <h2 id={`${id}-delete`}>{t.deleteHeading}</h2>
      <p>{t.deleteIntro}</p>
      <ul>
        {t.deleteErased.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p>{t.deleteKept}</p>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        {codeSent ? (
          <>
            <p role="status">{t.codeSent(customer.email)}</p>
            <TextField
              key="code"
              label={t.code}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={9}
              className="field--code"
              required
              error={errors.fields.code}
            />
            <div className="actions">
              <Button variant="link" busy={busy} onClick={() => setCodeSent(false)}>
                {t.usePassword}
              </Button>
            </div>
          </>
        ) : (
          <>
            <p>{t.deleteProofIntro}</p>
            <TextField
              key="password"
              label={t.currentPassword}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              error={errors.fields.password}
            />
            <p className="muted">{t.noPassword}</p>
            <div className="actions">
              <Button variant="secondary" busy={busy} onClick={sendCode}>
                {t.sendCode}
              </Button>
            </div>
          </>
        )}
        <CheckboxField label={t.confirm} name="confirm" error={errors.fields.confirm} />
        <div className="actions">
          <Button type="submit" variant="danger" busy={busy}>
            {t.deleteButton}
          </Button>
        </div>
      </form>
    </section>
  );
}
