import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { describeFailure, failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import { Button, TextField } from '../../../ui/forms';
import { formatDateTime, useLocale, useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { getMe, requestSignInCode } from '../portal-api';
import {
  finishPasskeyRegistration,
  listPasskeys,
  passkeyProofOptions,
  removePasskey,
  renamePasskey,
  startPasskeyRegistration,
  type FreshProof,
  type Passkey,
} from '../passkeys-api';

const fr = {
  title: 'Clés d’accès',
  backToAccount: 'Retour à mon compte',
  intro:
    'Une clé d’accès (passkey) vous connecte sans mot de passe, avec le déverrouillage de votre téléphone ou de votre ordinateur (empreinte, visage ou code). Elle ne fonctionne que sur notre site et ne peut pas être dérobée par une fausse page.',
  unsupported: 'Ce navigateur ne prend pas en charge les clés d’accès. Vous pouvez en ajouter une depuis un navigateur récent.',
  none: 'Vous n’avez pas encore de clé d’accès.',
  listTitle: 'Mes clés d’accès',
  synced: 'Synchronisée entre vos appareils',
  thisDeviceOnly: 'Sur un seul appareil',
  added: (date: string) => `Ajoutée le ${date}`,
  lastUsed: (date: string) => `dernière utilisation le ${date}`,
  neverUsed: 'jamais utilisée',
  rename: 'Renommer',
  save: 'Enregistrer',
  cancel: 'Annuler',
  remove: 'Retirer',
  confirmRemove: (name: string) => `Retirer la clé d’accès « ${name} » ? Elle ne permettra plus de vous connecter.`,
  confirm: 'Oui, retirer',
  removed: 'La clé d’accès a été retirée. Un e-mail vous le confirme.',
  renamed: 'La clé d’accès a été renommée.',
  addTitle: 'Ajouter une clé d’accès',
  addIntro: 'Par sécurité, confirmez d’abord que c’est bien vous.',
  name: 'Nom de la clé',
  nameHint: 'Pour la reconnaître, par exemple « iPhone de Camille ».',
  nameRequired: 'Donnez un nom à cette clé.',
  nameTooLong: 'Le nom fait au plus 100 caractères.',
  password: 'Mot de passe actuel',
  code: 'Code reçu par e-mail',
  codeSent: (email: string) => `Un code vient d’être envoyé à ${email}.`,
  useCode: 'Je n’ai pas de mot de passe : recevoir un code',
  usePasskey: 'Confirmer avec une clé d’accès existante',
  usePassword: 'Utiliser mon mot de passe',
  submit: 'Créer la clé d’accès',
  invalidProof: 'Le mot de passe ou le code est incorrect.',
  notVerified: 'La clé d’accès n’a pas pu être vérifiée. Réessayez.',
  cancelled: 'La création de la clé d’accès a été annulée.',
  exists: 'Cet appareil a déjà une clé d’accès pour votre compte.',
  done: (name: string) => `La clé d’accès « ${name} » a été ajoutée. Un e-mail vous le confirme.`,
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Passkeys',
    backToAccount: 'Back to my account',
    intro:
      'A passkey signs you in without a password, with the unlocking of your phone or computer (fingerprint, face or PIN). It works on our site only and cannot be stolen by a fake page.',
    unsupported: 'This browser does not support passkeys. You can add one from a recent browser.',
    none: 'You have no passkey yet.',
    listTitle: 'My passkeys',
    synced: 'Synced across your devices',
    thisDeviceOnly: 'On one device only',
    added: (date) => `Added on ${date}`,
    lastUsed: (date) => `last used on ${date}`,
    neverUsed: 'never used',
    rename: 'Rename',
    save: 'Save',
    cancel: 'Cancel',
    remove: 'Remove',
    confirmRemove: (name) => `Remove the passkey “${name}”? It will no longer sign you in.`,
    confirm: 'Yes, remove',
    removed: 'The passkey has been removed. An email confirms it.',
    renamed: 'The passkey has been renamed.',
    addTitle: 'Add a passkey',
    addIntro: 'For your security, first confirm it is you.',
    name: 'Passkey name',
    nameHint: 'To recognise it, for example “Camille’s iPhone”.',
    nameRequired: 'Give this passkey a name.',
    nameTooLong: 'The name is 100 characters at most.',
    password: 'Current password',
    code: 'Code received by email',
    codeSent: (email) => `A code has just been sent to ${email}.`,
    useCode: 'I have no password: email me a code',
    usePasskey: 'Confirm with an existing passkey',
    usePassword: 'Use my password',
    submit: 'Create the passkey',
    invalidProof: 'The password or code is wrong.',
    notVerified: 'The passkey could not be verified. Try again.',
    cancelled: 'Creating the passkey was cancelled.',
    exists: 'This device already has a passkey for your account.',
    done: (name) => `The passkey “${name}” has been added. An email confirms it.`,
  },
};

type Messages = typeof fr;

function checkName(name: string, t: Messages): string | undefined {
  if (!name) return t.nameRequired;
  return name.length > 100 ? t.nameTooLong : undefined;
}

/** "Clés d'accès / Passkeys" (F1.10): add one after a fresh proof, name, rename and remove them. */
export function PasskeysPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const [items, setItems] = useState<Passkey[] | null>(null);
  const [email, setEmail] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const toSignIn = useCallback(() => void navigate('/sign-in', { replace: true }), [navigate]);

  const load = useCallback(async () => {
    const [list, me] = await Promise.all([listPasskeys(), getMe()]);
    if (!list.ok) {
      if (list.status === 401) toSignIn();
      else setFailure(describeFailure(list, c));
      return;
    }
    setItems(list.data.items);
    if (me.ok) setEmail(me.data.email);
  }, [toSignIn, c]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <p>{t.intro}</p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure}</Alert>
      {items === null ? (
        failure ? null : <p role="status">{c.loading}</p>
      ) : (
        <>
          <PasskeyList
            items={items}
            onChanged={(next, message) => {
              setItems(next);
              setNotice(message);
            }}
            onUnauthenticated={toSignIn}
          />
          {browserSupportsWebAuthn() ? (
            <AddPasskeySection
              email={email}
              hasPasskeys={items.length > 0}
              onAdded={(passkey) => {
                setItems((list) => [...(list ?? []), passkey]);
                setNotice(t.done(passkey.name));
              }}
              onUnauthenticated={toSignIn}
            />
          ) : (
            <p className="muted">{t.unsupported}</p>
          )}
        </>
      )}
    </>
  );
}

function PasskeyList(props: { items: Passkey[]; onChanged: (items: Passkey[], notice: string) => void; onUnauthenticated: () => void }) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function rename(event: FormEvent<HTMLFormElement>, passkey: Passkey) {
    event.preventDefault();
    if (busy) return;
    const name = formText(new FormData(event.currentTarget), 'name');
    const invalid = fieldErrors({ name: checkName(name, t) }, c);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;
    setBusy(true);
    const result = await renamePasskey(passkey.id, name);
    setBusy(false);
    if (result.ok) {
      setEditing(null);
      props.onChanged(props.items.map((item) => (item.id === passkey.id ? result.data : item)), t.renamed);
      headingRef.current?.focus();
    } else if (result.status === 401) props.onUnauthenticated();
    else setErrors(failureToFormErrors(result, ['name'], c));
  }

  async function remove(passkey: Passkey) {
    if (busy) return;
    setBusy(true);
    const result = await removePasskey(passkey.id);
    setBusy(false);
    // 404: already gone, which is what was asked.
    if (result.ok || result.status === 404) {
      setConfirming(null);
      props.onChanged(props.items.filter((item) => item.id !== passkey.id), t.removed);
      headingRef.current?.focus();
    } else if (result.status === 401) props.onUnauthenticated();
    else setErrors({ fields: {}, message: describeFailure(result, c) });
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {t.listTitle}
      </h2>
      <Alert>{errors.message}</Alert>
      {props.items.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <ul className="item-list">
          {props.items.map((passkey) => (
            <li key={passkey.id}>
              {editing === passkey.id ? (
                <form noValidate onSubmit={(event) => rename(event, passkey)}>
                  <TextField label={t.name} name="name" defaultValue={passkey.name} maxLength={100} required error={errors.fields.name} />
                  <div className="actions">
                    <Button type="submit" busy={busy}>
                      {t.save}
                    </Button>
                    <Button variant="secondary" onClick={() => setEditing(null)}>
                      {t.cancel}
                    </Button>
                  </div>
                </form>
              ) : (
                <>
                  <div>
                    <p className="item__title" id={`${id}-${passkey.id}`}>
                      {passkey.name}
                    </p>
                    <p className="item__meta">{passkey.deviceType === 'multiDevice' ? t.synced : t.thisDeviceOnly}</p>
                    <p className="item__meta">
                      {t.added(formatDateTime(locale, passkey.createdAt))},{' '}
                      {passkey.lastUsedAt ? t.lastUsed(formatDateTime(locale, passkey.lastUsedAt)) : t.neverUsed}
                    </p>
                    {confirming === passkey.id ? <p role="alert">{t.confirmRemove(passkey.name)}</p> : null}
                  </div>
                  <div className="actions">
                    {confirming === passkey.id ? (
                      <>
                        <Button variant="danger" busy={busy} aria-describedby={`${id}-${passkey.id}`} onClick={() => remove(passkey)}>
                          {t.confirm}
                        </Button>
                        <Button variant="secondary" onClick={() => setConfirming(null)}>
                          {t.cancel}
                        </Button>
                      </>
                    ) : (
                      <>
                        <Button variant="secondary" aria-describedby={`${id}-${passkey.id}`} onClick={() => { setErrors(NO_ERRORS); setEditing(passkey.id); }}>
                          {t.rename}
                        </Button>
                        <Button variant="danger" aria-describedby={`${id}-${passkey.id}`} onClick={() => setConfirming(passkey.id)}>
                          {t.remove}
                        </Button>
                      </>
                    )}
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AddPasskeySection(props: { email: string; hasPasskeys: boolean; onAdded: (passkey: Passkey) => void; onUnauthenticated: () => void }) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const formRef = useRef<HTMLFormElement>(null);
  const [mode, setMode] = useState<'password' | 'code' | 'passkey'>('password');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  async function sendCode() {
    if (busy || !props.email) return;
    setBusy(true);
    const result = await requestSignInCode(props.email);
    setBusy(false);
    if (result.ok) {
      setMode('code');
      setNotice(t.codeSent(props.email));
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus());
    } else setErrors(failureToFormErrors(result, [], c));
  }

  /** The proof asked for: typed, or an assertion of one of the account's passkeys. */
  async function proofOf(form: FormData): Promise<FreshProof | null> {
    if (mode === 'password') return { password: String(form.get('password') ?? '') };
    if (mode === 'code') return { code: formText(form, 'code').replace(/\D/g, '') };
    const options = await passkeyProofOptions();
    if (!options.ok) return null;
    return { passkey: await startAuthentication({ optionsJSON: options.data }) };
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const name = formText(form, 'name');
    const invalid = fieldErrors(
      {
        name: checkName(name, t),
        password: mode === 'password' && !form.get('password') ? c.required.password : undefined,
        code: mode === 'code' ? (!formText(form, 'code') ? c.required.code : formText(form, 'code').replace(/\D/g, '').length !== 6 ? c.codeFormat : undefined) : undefined,
      },
      c,
    );
    setErrors(invalid ?? NO_ERRORS);
    setNotice(null);
    if (invalid) return;
    setBusy(true);
    try {
      const proof = await proofOf(form);
      if (!proof) throw new Error('NotAllowedError');
      const options = await startPasskeyRegistration(proof);
      if (!options.ok) {
        if (options.status === 401) return props.onUnauthenticated();
        const field = mode === 'passkey' ? undefined : mode;
        setErrors(
          options.problem.code === 'invalid_proof'
            ? { fields: field ? { [field]: t.invalidProof } : {}, message: t.invalidProof }
            : failureToFormErrors(options, ['password', 'code'], c),
        );
        return;
      }
      const response = await startRegistration({ optionsJSON: options.data });
      const added = await finishPasskeyRegistration({ response, name });
      if (added.ok) {
        formRef.current?.reset();
        setMode('password');
        props.onAdded(added.data);
      } else if (added.status === 401) props.onUnauthenticated();
      else setErrors({ fields: {}, message: added.problem.code === 'passkey_exists' ? t.exists : t.notVerified });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const exists = name === 'InvalidStateError' || (error as { code?: string }).code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED';
      setErrors({ fields: {}, message: exists ? t.exists : t.cancelled });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="add-passkey-heading">
      <h2 id="add-passkey-heading">{t.addTitle}</h2>
      <p className="muted">{t.addIntro}</p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        <TextField label={t.name} name="name" hint={t.nameHint} maxLength={100} required error={errors.fields.name} />
        {mode === 'password' ? (
          <TextField label={t.password} name="password" type="password" autoComplete="current-password" required error={errors.fields.password} />
        ) : mode === 'code' ? (
          <TextField
            label={t.code}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={9}
            className="field--code"
            required
            error={errors.fields.code}
          />
        ) : null}
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.submit}
          </Button>
        </div>
      </form>
      <div className="actions">
        {mode !== 'code' ? (
          <Button variant="link" busy={busy} onClick={sendCode}>
            {t.useCode}
          </Button>
        ) : null}
        {mode !== 'passkey' && props.hasPasskeys ? (
          <Button variant="link" onClick={() => setMode('passkey')}>
            {t.usePasskey}
          </Button>
        ) : null}
        {mode !== 'password' ? (
          <Button variant="link" onClick={() => setMode('password')}>
            {t.usePassword}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

const linkMessages: Record<Locale, { title: string; intro: string }> = {
  fr: { title: 'Clés d’accès', intro: 'Connectez-vous sans mot de passe, avec le déverrouillage de votre appareil.' },
  en: { title: 'Passkeys', intro: 'Sign in without a password, by unlocking your device.' },
};

/** The account page's way to this page, beside the sessions (its security area). */
export function PasskeysLinkSection() {
  const t = useMessages(linkMessages);
  return (
    <section className="card" aria-labelledby="passkeys-link-heading">
      <h2 id="passkeys-link-heading">
        <Link to="/passkeys">{t.title}</Link>
      </h2>
      <p className="muted">{t.intro}</p>
    </section>
  );
}
