import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, TextField } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { confirmTotp, startTotpSetup, type TotpEnrolment } from '../backoffice-api';
import { common } from '../common.messages';
import { checkCode, describeFailure, failureToFormErrors, fieldErrors, formText, normaliseCode, type Failure } from '../../../ui/form-outcome';
import { useSessionFailure } from '../staff-session';
import { RecoveryCodesSection } from './recovery-codes.section';

const fr = {
  title: 'Mettre en place la double authentification',
  intro:
    'Le back-office donne accès aux données des clients : en plus du mot de passe, chaque connexion demande un code à 6 chiffres donné par une application d’authentification (Google Authenticator, Microsoft Authenticator, FreeOTP, 1Password…).',
  scanTitle: '1. Scannez ce QR code avec l’application',
  qrAlt: 'QR code à scanner avec votre application d’authentification',
  manualTitle: 'Ou saisissez la clé à la main',
  secretTerm: 'Clé secrète',
  typeTerm: 'Type',
  typeValue: 'Basé sur le temps (TOTP), 6 chiffres, 30 secondes',
  openApp: 'Ouvrir dans l’application d’authentification de cet appareil',
  confirmTitle: '2. Saisissez le code affiché par l’application',
  codeLabel: 'Code de l’application',
  submit: 'Activer la double authentification',
  invalidCode: 'Ce code ne correspond pas. Vérifiez l’heure du téléphone, attendez le code suivant puis réessayez.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Set up two-factor authentication',
    intro:
      'The back office opens customers’ data: on top of the password, every sign-in asks for a 6-digit code from an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP, 1Password…).',
    scanTitle: '1. Scan this QR code with the app',
    qrAlt: 'QR code to scan with your authenticator app',
    manualTitle: 'Or type the key by hand',
    secretTerm: 'Secret key',
    typeTerm: 'Type',
    typeValue: 'Time-based (TOTP), 6 digits, 30 seconds',
    openApp: 'Open in this device’s authenticator app',
    confirmTitle: '2. Enter the code the app shows',
    codeLabel: 'Authenticator code',
    submit: 'Turn on two-factor authentication',
    invalidCode: 'This code does not match. Check the phone’s clock, wait for the next code and try again.',
  },
};

/** Groups of four are easier to copy by hand; authenticator apps ignore the spaces. */
const groupSecret = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export function SecondFactorSetupPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const started = useRef(false);
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  useEffect(() => {
    // Each call draws a new secret: one call only, or the QR code shown might be a stale one.
    if (started.current) return;
    started.current = true;
    void startTotpSetup().then((result) => {
      if (result.ok) setEnrolment(result.data);
      else if (result.problem.code === 'totp_already_enabled') void navigate('/', { replace: true });
      else if (!onSessionFailure(result)) setLoadFailure(result);
    });
  }, [navigate, onSessionFailure]);

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const code = normaliseCode(formText(new FormData(event.currentTarget), 'code'));
    const invalid = fieldErrors({ code: checkCode(code, c) }, c);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;

    setBusy(true);
    const result = await confirmTotp(code);
    setBusy(false);
    if (result.ok) setRecoveryCodes(result.data.recoveryCodes);
    else if (result.problem.code === 'invalid_code') setErrors({ fields: { code: t.invalidCode }, message: t.invalidCode });
    else if (!onSessionFailure(result)) setErrors(failureToFormErrors(result, ['code'], c));
  }

  if (recoveryCodes) return <RecoveryCodesSection codes={recoveryCodes} onDone={() => void navigate('/', { replace: true })} />;

  return (
    <section className="card totp-setup">
      <PageHeading>{t.title}</PageHeading>
      <p>{t.intro}</p>
      {loadFailure ? <Alert>{describeFailure(loadFailure, c)}</Alert> : null}
      {!enrolment && !loadFailure ? <p role="status">{c.loading}</p> : null}
      {enrolment ? (
        <>
          <div className="totp-setup__steps">
            <section aria-labelledby="totp-scan">
              <h2 id="totp-scan" className="subheading">
                {t.scanTitle}
              </h2>
              <img
                className="totp-setup__qr"
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`}
                alt={t.qrAlt}
                width={200}
                height={200}
              />
            </section>
            <section aria-labelledby="totp-manual">
              <h2 id="totp-manual" className="subheading">
                {t.manualTitle}
              </h2>
              <dl className="details">
                <dt>{t.secretTerm}</dt>
                <dd>
                  <code className="totp-setup__secret">{groupSecret(enrolment.secret)}</code>
                </dd>
                <dt>{t.typeTerm}</dt>
                <dd>{t.typeValue}</dd>
              </dl>
              <p>
                <a href={enrolment.otpauthUrl}>{t.openApp}</a>
              </p>
            </section>
          </div>
          <h2 className="subheading">{t.confirmTitle}</h2>
          <Alert>{errors.message}</Alert>
          <form ref={formRef} noValidate onSubmit={confirm} className="narrow">
            <TextField
              className="field--code"
              label={t.codeLabel}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              error={errors.fields.code}
            />
            <div className="actions">
              <Button type="submit" busy={busy}>
                {t.submit}
              </Button>
            </div>
          </form>
        </>
      ) : null}
    </section>
  );
}
