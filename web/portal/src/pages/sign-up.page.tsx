import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, CheckboxField, RadioGroup, TextField, type RadioOption } from '../../../ui/forms';
import { useLocale, useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { checkEmail, checkNewPassword, failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import { registerCustomer, type AccountType, type RegisterBody } from '../portal-api';
import { COMPANY_FIELDS, CompanyIdentityInputs, localizeCompanyIssues, readCompanyIdentity } from './company-identity.fields';
import { companyIdentityMessages } from './company-identity.messages';

const fr = {
  title: 'Créer mon compte',
  accountType: 'Type de compte',
  accountTypes: {
    individual: 'Particulier',
    professional: 'Professionnel',
    company: 'Entreprise',
    public_body: 'Organisme public',
    association: 'Association',
  } satisfies Record<AccountType, string>,
  firstName: 'Prénom',
  lastName: 'Nom',
  organisation: 'Votre organisation',
  newsletter: 'Je souhaite recevoir la newsletter (offres et nouveautés, désinscription à tout moment)',
  submit: 'Créer mon compte',
  haveAccount: 'Vous avez déjà un compte ?',
  sentBody: (email: string) =>
    `Nous avons envoyé un e-mail à ${email}. Ouvrez le lien qu’il contient pour confirmer votre adresse et accéder à votre compte.`,
  sentHelp: 'Rien reçu ? Regardez dans les courriers indésirables, ou connectez-vous avec un code reçu par e-mail.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Create my account',
    accountType: 'Account type',
    accountTypes: {
      individual: 'Individual',
      professional: 'Professional',
      company: 'Company',
      public_body: 'Public body',
      association: 'Association',
    },
    firstName: 'First name',
    lastName: 'Last name',
    organisation: 'Your organisation',
    newsletter: 'Send me the newsletter (offers and news, unsubscribe at any time)',
    submit: 'Create my account',
    haveAccount: 'Already have an account?',
    sentBody: (email) => `We sent an email to ${email}. Open the link inside to confirm your address and reach your account.`,
    sentHelp: 'Nothing arrived? Look in your spam folder, or sign in with a code sent by email.',
  },
};

const ACCOUNT_TYPES: readonly AccountType[] = ['individual', 'professional', 'company', 'public_body', 'association'];
/** The company's inputs are named `company_<field>`; the server reports them as `company.<field>`. */
const COMPANY_PREFIX = 'company_';
const FIELDS = ['accountType', 'firstName', 'lastName', 'email', 'password', 'marketingEmail', ...COMPANY_FIELDS.map((field) => `${COMPANY_PREFIX}${field}`)];

function isAccountType(value: string): value is AccountType {
  return (ACCOUNT_TYPES as readonly string[]).includes(value);
}

export function SignUpPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const ti = useMessages(companyIdentityMessages);
  const { locale } = useLocale();
  const [accountType, setAccountType] = useState<AccountType>('individual');
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const chosenType = formText(form, 'accountType');
    const body: RegisterBody = {
      accountType: isAccountType(chosenType) ? chosenType : 'individual',
      firstName: formText(form, 'firstName'),
      lastName: formText(form, 'lastName'),
      email: formText(form, 'email'),
      // Spaces can be part of a passphrase: never trim it.
      password: String(form.get('password') ?? ''),
      marketingEmail: form.get('marketingEmail') === 'on',
      locale,
    };
    if (body.accountType !== 'individual') body.company = readCompanyIdentity(form, COMPANY_PREFIX);
    const invalid = fieldErrors(
      {
        firstName: body.firstName ? undefined : c.required.firstName,
        lastName: body.lastName ? undefined : c.required.lastName,
        email: checkEmail(body.email, c),
        password: checkNewPassword(body.password, c),
        [`${COMPANY_PREFIX}name`]: body.company && !body.company.name ? ti.issues.required : undefined,
      },
      c,
    );
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;

    setBusy(true);
    const result = await registerCustomer(body);
    setBusy(false);
    if (result.ok) setSentTo(body.email);
    else {
      const issues = localizeCompanyIssues(result.problem.errors, ti, { pathPrefix: 'company.', inputPrefix: COMPANY_PREFIX });
      setErrors(failureToFormErrors({ ...result, problem: { ...result.problem, errors: issues } }, FIELDS, c));
    }
  }

  if (sentTo) {
    return (
      // The key remounts the heading so focus moves to the confirmation.
      <section className="card narrow" key="sent">
        <PageHeading>{c.checkInbox}</PageHeading>
        <p>{t.sentBody(sentTo)}</p>
        <p className="muted">{t.sentHelp}</p>
        <p>
          <Link to="/sign-in">{c.signInLink}</Link>
        </p>
      </section>
    );
  }

  const options: RadioOption<AccountType>[] = ACCOUNT_TYPES.map((value) => ({ value, label: t.accountTypes[value] }));
  return (
    <section className="card narrow" key="form">
      <PageHeading>{t.title}</PageHeading>
      <Alert>{errors.message}</Alert>
      <form
        ref={formRef}
        noValidate
        onSubmit={submit}
        onChange={(event) => {
          // The radios' choice decides which fields follow.
          const target: EventTarget = event.target;
          if (target instanceof HTMLInputElement && target.name === 'accountType' && isAccountType(target.value)) setAccountType(target.value);
        }}
      >
        <RadioGroup
          legend={t.accountType}
          name="accountType"
          options={options}
          defaultValue="individual"
          error={errors.fields.accountType}
        />
        {accountType === 'individual' ? null : (
          <fieldset className="field field--radios">
            <legend>{t.organisation}</legend>
            <CompanyIdentityInputs prefix={COMPANY_PREFIX} kind={accountType} errors={errors.fields} />
          </fieldset>
        )}
        <TextField label={t.firstName} name="firstName" autoComplete="given-name" required error={errors.fields.firstName} />
        <TextField label={t.lastName} name="lastName" autoComplete="family-name" required error={errors.fields.lastName} />
        <TextField
          label={c.emailLabel}
          name="email"
          type="email"
          autoComplete="email"
          spellCheck={false}
          required
          error={errors.fields.email}
        />
        <TextField
          label={c.passwordLabel}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          hint={c.passwordHint}
          error={errors.fields.password}
        />
        <CheckboxField label={t.newsletter} name="marketingEmail" error={errors.fields.marketingEmail} />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.submit}
          </Button>
        </div>
      </form>
      <p className="links">
        {t.haveAccount} <Link to="/sign-in">{c.signInLink}</Link>
      </p>
    </section>
  );
}
