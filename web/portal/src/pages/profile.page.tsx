import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { FieldIssue } from '../../../ui/api';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, SelectField, TextField } from '../../../ui/forms';
import { isLocale, LOCALE_NAMES, LOCALES, useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure, failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import { getMe, updateProfile, type Customer, type Gender, type ProfileChanges } from '../portal-api';
import { EmailChangeSection } from './email-change.section';
import { profileMessages, type ProfileMessages } from './profile.messages';

const FIELDS = ['firstName', 'initials', 'lastName', 'phone', 'mobile', 'locale', 'gender', 'birthDate'] as const;
const GENDERS = ['', 'female', 'male', 'non_binary', 'prefer_not_to_say'] as const;

/** The server's field codes in the reader's language; its English message otherwise. */
function localizeIssue(issue: FieldIssue, t: ProfileMessages): string {
  const i = t.issues;
  const byCode: Record<string, string> = {
    required: i.required,
    invalid_type: i.required,
    invalid_phone: i.invalidPhone,
    not_a_mobile_number: i.notMobile,
    invalid_date: i.invalidDate,
    birth_date_in_future: i.future,
    birth_date_implausible: i.implausible,
    invalid_locale: i.invalidChoice,
    invalid_gender: i.invalidChoice,
    too_big: i.tooLong,
  };
  return byCode[issue.code] ?? issue.message;
}

export function ProfilePage() {
  const t = useMessages(profileMessages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const toSignIn = useCallback(() => void navigate('/sign-in', { replace: true }), [navigate]);

  useEffect(() => {
    let current = true;
    void getMe().then((result) => {
      if (!current) return;
      if (result.ok) setCustomer(result.data);
      else if (result.status === 401) toSignIn();
      else setFailure(describeFailure(result, c));
    });
    return () => {
      current = false;
    };
  }, [toSignIn, c]);

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <Alert>{failure}</Alert>
      {customer ? (
        <>
          <ProfileForm customer={customer} onSaved={setCustomer} onUnauthenticated={toSignIn} />
          <EmailChangeSection email={customer.email} onUnauthenticated={toSignIn} />
        </>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}

type ProfileFormProps = { customer: Customer; onSaved: (customer: Customer) => void; onUnauthenticated: () => void };

function ProfileForm({ customer, onSaved, onUnauthenticated }: ProfileFormProps) {
  const t = useMessages(profileMessages);
  const c = useMessages(common);
  const { setLocale } = useLocale();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const text = (name: (typeof FIELDS)[number]) => formText(form, name);
    const body: ProfileChanges = {
      firstName: text('firstName'),
      lastName: text('lastName'),
      initials: text('initials') || null,
      phone: text('phone') || null,
      mobile: text('mobile') || null,
      locale: text('locale'),
      gender: (text('gender') || null) as Gender | null,
      birthDate: text('birthDate') || null,
    };
    const invalid = fieldErrors(
      { firstName: body.firstName ? undefined : c.required.firstName, lastName: body.lastName ? undefined : c.required.lastName },
      c,
    );
    setNotice(null);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;
    setBusy(true);
    const result = await updateProfile(body);
    setBusy(false);
    if (result.ok) {
      onSaved(result.data);
      setNotice(t.saved);
      // Show the numbers as the shop writes them, the way they will read on the next visit.
      const inputs = formRef.current?.elements;
      const show = (name: string, value: string | null) => {
        const input = inputs?.namedItem(name);
        if (input instanceof HTMLInputElement) input.value = value ?? '';
      };
      show('phone', result.data.phoneNational);
      show('mobile', result.data.mobileNational);
      // The language chosen is the one of these pages too.
      if (isLocale(result.data.locale)) setLocale(result.data.locale);
      return;
    }
    if (result.status === 401) return onUnauthenticated();
    const issues = result.problem.errors?.map((issue) => ({ ...issue, message: localizeIssue(issue, t) }));
    setErrors(failureToFormErrors({ ...result, problem: { ...result.problem, errors: issues } }, FIELDS, c));
  }

  const field = (name: 'firstName' | 'initials' | 'lastName') => ({ name, error: errors.fields[name], defaultValue: customer[name] ?? '' });
  return (
    <section className="card" aria-labelledby="profile-details-heading">
      <h2 id="profile-details-heading">{t.detailsTitle}</h2>
      <Alert tone="success">{notice}</Alert>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        <div className="field-row">
          <TextField label={t.firstName} {...field('firstName')} required autoComplete="given-name" />
          <TextField label={t.initials} {...field('initials')} hint={t.initialsHint} />
        </div>
        <TextField label={t.lastName} {...field('lastName')} required autoComplete="family-name" />
        <TextField
          label={t.phone}
          name="phone"
          type="tel"
          defaultValue={customer.phoneNational ?? ''}
          hint={t.phoneHint}
          autoComplete="tel"
          error={errors.fields.phone}
        />
        <TextField
          label={t.mobile}
          name="mobile"
          type="tel"
          defaultValue={customer.mobileNational ?? ''}
          hint={t.mobileHint}
          autoComplete="tel"
          error={errors.fields.mobile}
        />
        <SelectField
          label={t.language}
          name="locale"
          defaultValue={customer.locale}
          options={LOCALES.map((locale) => ({ value: locale, label: LOCALE_NAMES[locale] }))}
          error={errors.fields.locale}
        />
        <SelectField
          label={t.gender}
          name="gender"
          defaultValue={customer.gender ?? ''}
          options={GENDERS.map((gender) => ({ value: gender, label: t.genders[gender] }))}
          error={errors.fields.gender}
        />
        <TextField
          label={t.birthDate}
          name="birthDate"
          type="date"
          min="1900-01-01"
          defaultValue={customer.birthDate ?? ''}
          autoComplete="bday"
          error={errors.fields.birthDate}
        />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.save}
          </Button>
        </div>
      </form>
    </section>
  );
}
