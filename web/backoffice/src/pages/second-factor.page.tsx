import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, TextField } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { verifySecondFactor } from '../backoffice-api';
import { common } from '../common.messages';
import { checkCode, failureToFormErrors, fieldErrors, formText, normaliseCode } from '../../../ui/form-outcome';
import { useSessionFailure } from '../staff-session';

const fr = {
  title: 'Double authentification',
  intro: 'Ouvrez votre application d’authentification et saisissez le code affiché pour Comptoir.',
  codeLabel: 'Code de l’application',
  codeHint: '6 chiffres, renouvelés toutes les 30 secondes.',
  submit: 'Valider',
  invalidCode: 'Ce code est faux ou a déjà servi. Attendez le suivant puis réessayez.',
  useRecovery: 'Utiliser un code de secours',
  useApp: 'Utiliser l’application d’authentification',
  recoveryIntro: 'Saisissez l’un des codes de secours notés lors de la mise en place. Chacun ne sert qu’une fois.',
  recoveryLabel: 'Code de secours',
  recoveryRequired: 'Indiquez un code de secours.',
  invalidRecovery: 'Ce code de secours est faux ou a déjà servi.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Two-factor authentication',
    intro: 'Open your authenticator app and enter the code it shows for Comptoir.',
    codeLabel: 'Authenticator code',
    codeHint: '6 digits, renewed every 30 seconds.',
    submit: 'Verify',
    invalidCode: 'This code is wrong or was already used. Wait for the next one and try again.',
    useRecovery: 'Use a recovery code',
    useApp: 'Use the authenticator app',
    recoveryIntro: 'Enter one of the recovery codes you noted during the set-up. Each works once.',
    recoveryLabel: 'Recovery code',
    recoveryRequired: 'Enter a recovery code.',
    invalidRecovery: 'This recovery code is wrong or was already used.',
  },
};

export function SecondFactorPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [recovery, setRecovery] = useState(false);
  // After a switch the new field takes the focus the switch button had (it was replaced too).
  const [switched, setSwitched] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);
  const field = recovery ? 'recoveryCode' : 'code';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const value = formText(new FormData(event.currentTarget), field);
    const code = recovery ? value : normaliseCode(value);
    const problem = recovery ? (code ? undefined : t.recoveryRequired) : checkCode(code, c);
    const invalid = fieldErrors({ [field]: problem }, c);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;

    setBusy(true);
    const result = await verifySecondFactor(recovery ? { recoveryCode: code } : { code });
    setBusy(false);
    if (result.ok) void navigate('/', { replace: true });
    else if (result.problem.code === 'invalid_code') {
      const message = recovery ? t.invalidRecovery : t.invalidCode;
      setErrors({ fields: { [field]: message }, message });
    } else if (result.status === 401) onSessionFailure(result);
    else setErrors(failureToFormErrors(result, [field], c));
  }

  function switchMode() {
    setErrors(NO_ERRORS);
    setRecovery((value) => !value);
    setSwitched(true);
  }

  return (
    <section className="card narrow">
      <PageHeading>{t.title}</PageHeading>
      <p>{recovery ? t.recoveryIntro : t.intro}</p>
      <Alert>{errors.message}</Alert>
      {/* Keyed so that switching mode gives an empty field of the right kind. */}
      <form ref={formRef} noValidate onSubmit={submit} key={field}>
        {recovery ? (
          <TextField
            label={t.recoveryLabel}
            name="recoveryCode"
            autoComplete="off"
            spellCheck={false}
            autoFocus={switched}
            error={errors.fields.recoveryCode}
          />
        ) : (
          <TextField
            className="field--code"
            label={t.codeLabel}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            hint={t.codeHint}
            autoFocus={switched}
            error={errors.fields.code}
          />
        )}
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.submit}
          </Button>
          <Button variant="link" onClick={switchMode}>
            {recovery ? t.useApp : t.useRecovery}
          </Button>
        </div>
      </form>
    </section>
  );
}
