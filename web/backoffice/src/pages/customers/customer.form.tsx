import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert } from '../../../../ui/alert';
import type { FieldIssue } from '../../../../ui/api';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../../ui/form-errors';
import { CheckboxField, Button, SelectField, TextField } from '../../../../ui/forms';
import type { Market } from '../../api/markets';
import { MarketSelectField } from '../markets/market-parts';
import { checkEmail, describeFailure, formText, type Failure } from '../../../../ui/form-outcome';
import { useMessages, type Locale } from '../../../../ui/i18n';
import {
  ACCOUNT_TYPES,
  CONSENT_FIELDS,
  GENDERS,
  listAddressCountries,
  type AccountType,
  type AddressCountry,
  type AddressInput,
  type CustomerDetail,
  type CustomerInput,
  type Gender,
} from '../../api/customers';
import { common } from '../../common.messages';
import { addressFromForm, CustomerAddressFields, sameAddress } from './customer-address.fields';
import { customerMessages } from './customer.messages';

const issueTexts = {
  fr: {
    required: 'Ce champ est obligatoire.',
    invalid_phone: 'Ce numéro n’est pas valide ; un numéro étranger commence par +.',
    not_a_mobile_number: 'C’est un numéro de fixe : indiquez-le comme téléphone.',
    invalid_date: 'Indiquez une date valide.',
    birth_date_in_future: 'Une date de naissance est dans le passé.',
    birth_date_implausible: 'Indiquez une date de naissance à partir de 1900.',
    only_for_business: 'Réservé aux clients professionnels : choisissez un type d’entreprise.',
    invalid_siret: 'Ce SIRET n’existe pas (14 chiffres, clé de contrôle).',
    invalid_siren: 'Ce SIREN n’existe pas (9 chiffres, clé de contrôle).',
    invalid_enterprise_number: 'Ce numéro d’entreprise belge n’existe pas.',
    invalid_vat_number: 'Ce numéro de TVA n’est pas valide (préfixe du pays puis le numéro, ex. FR40303265045).',
    mobile_required: 'Les SMS demandent un numéro de mobile.',
    billing_address_required: 'Saisissez l’adresse de facturation pour y livrer.',
    invalid_postal_code: 'Ce code postal n’a pas le format du pays.',
    too_big: 'Ce texte est trop long.',
  },
  en: {
    required: 'This field is required.',
    invalid_phone: 'This number is not valid; a foreign number starts with +.',
    not_a_mobile_number: 'This is a landline: give it as the phone.',
    invalid_date: 'Enter a valid date.',
    birth_date_in_future: 'A birth date is in the past.',
    birth_date_implausible: 'Enter a birth date from 1900 on.',
    only_for_business: 'For business customers only: choose a business type.',
    invalid_siret: 'This SIRET does not exist (14 digits, check digit).',
    invalid_siren: 'This SIREN does not exist (9 digits, check digit).',
    invalid_enterprise_number: 'This Belgian enterprise number does not exist.',
    invalid_vat_number: 'This VAT number is not valid (country prefix then the number, e.g. FR40303265045).',
    mobile_required: 'Text messages need a mobile number.',
    billing_address_required: 'Enter the billing address to ship to it.',
    invalid_postal_code: 'This postal code does not have the country’s format.',
    too_big: 'This text is too long.',
  },
} satisfies Record<Locale, Record<string, string>>;

type Props = {
  /** The customer being edited; null to create one. */
  customer: CustomerDetail | null;
  /** Level of the section headings: 2 on a page of its own, 3 inside the customer page. */
  headingLevel: 2 | 3;
  submitLabel: string;
  submit: (body: Partial<CustomerInput>) => Promise<{ ok: true; data: CustomerDetail } | Failure>;
  onSaved: (customer: CustomerDetail) => void;
  onSessionFailure: (failure: Failure) => boolean;
  onCancel?: () => void;
  /** At creation: the markets the member may create in (a select when there is a choice). */
  markets?: Market[];
};

const blankToNull = (value: string) => value || null;

/**
 * The customer form, for creation and for editing (Lightspeed's sections): personal
 * information, contact, type (business details only for a business type), billing and
 * shipping addresses, marketing consents. Every error the server lists lands on its field.
 */
export function CustomerForm({ customer, headingLevel, submitLabel, submit, onSaved, onSessionFailure, onCancel, markets = [] }: Props) {
  const t = useMessages(customerMessages);
  const c = useMessages(common);
  const issues = useMessages(issueTexts);
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [countries, setCountries] = useState<AddressCountry[]>([]);
  const billing = customer?.addresses.find((address) => address.kind === 'billing') ?? null;
  const delivery = customer?.addresses.find((address) => address.kind === 'delivery' && address.isDefault) ?? null;
  const [accountType, setAccountType] = useState<AccountType>(customer?.accountType ?? 'individual');
  const [withBilling, setWithBilling] = useState(billing !== null);
  const [sameAsBilling, setSameAsBilling] = useState(billing !== null && delivery !== null && sameAddress(billing, delivery));
  const [withShipping, setWithShipping] = useState(delivery !== null);
  useFocusFirstInvalid(formRef, errors);

  useEffect(() => {
    let current = true;
    void listAddressCountries().then((result) => {
      if (current && result.ok) setCountries(result.data.items);
    });
    return () => {
      current = false;
    };
  }, []);

  const Heading = `h${headingLevel}` as const;
  const section = (id: string, title: string, children: ReactNode) => (
    <section className="customer-form__section" aria-labelledby={id}>
      <Heading id={id}>{title}</Heading>
      {children}
    </section>
  );

  function bodyOf(form: FormData): Partial<CustomerInput> {
    const body: Partial<CustomerInput> = {
      email: formText(form, 'email'),
      firstName: formText(form, 'firstName'),
      initials: blankToNull(formText(form, 'initials')),
      lastName: formText(form, 'lastName'),
      phone: blankToNull(formText(form, 'phone')),
      mobile: blankToNull(formText(form, 'mobile')),
      locale: formText(form, 'locale') as CustomerInput['locale'],
      gender: (blankToNull(formText(form, 'gender')) as Gender | null) ?? null,
      birthDate: blankToNull(formText(form, 'birthDate')),
      accountType,
      ...(customer === null && formText(form, 'marketId') ? { marketId: formText(form, 'marketId') } : {}),
    };
    if (accountType !== 'individual') {
      for (const field of ['businessName', 'businessIdentifier', 'businessRegistrationNumber', 'businessVatNumber'] as const) body[field] = blankToNull(formText(form, field));
    }
    for (const field of CONSENT_FIELDS) body[field] = form.get(field) === 'on';
    const billingInput: AddressInput | null = withBilling ? addressFromForm(form, 'billingAddress') : null;
    const shippingInput: AddressInput | null = withBilling && sameAsBilling ? null : withShipping ? addressFromForm(form, 'shippingAddress') : null;
    if (!customer) {
      if (billingInput) body.billingAddress = billingInput;
      if (withBilling && sameAsBilling) body.shippingSameAsBilling = true;
      else if (shippingInput) body.shippingAddress = shippingInput;
      body.sendPasswordLink = form.get('sendPasswordLink') === 'on';
      return body;
    }
    // Editing: addresses are sent only when the form changes them (a missing one is deleted).
    if (!sameAddress(billingInput, billing)) body.billingAddress = billingInput;
    const wasSame = billing !== null && delivery !== null && sameAddress(billing, delivery);
    if (withBilling && sameAsBilling) {
      if (!wasSame || body.billingAddress !== undefined) body.shippingSameAsBilling = true;
    } else if (!sameAddress(shippingInput, delivery)) body.shippingAddress = shippingInput;
    return body;
  }

  function toFormErrors(failure: Failure): FormErrors {
    const fields: Record<string, string> = {};
    const unplaced: string[] = [];
    const fieldNames = new Set([...formRef.current!.elements].map((element) => (element as HTMLInputElement).name).filter(Boolean));
    for (const issue of failure.problem.errors ?? ([] as FieldIssue[])) {
      const message = (issues as Record<string, string>)[issue.code] ?? issue.message;
      if (fieldNames.has(issue.path)) fields[issue.path] ??= message;
      else unplaced.push(message);
    }
    return { fields, message: [describeFailure(failure, c), ...unplaced].join(' ') };
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const body = bodyOf(new FormData(event.currentTarget));
    const local: Record<string, string> = {};
    const emailIssue = checkEmail(body.email ?? '', c);
    if (emailIssue) local.email = emailIssue;
    if (!body.firstName) local.firstName = issues.required;
    if (!body.lastName) local.lastName = issues.required;
    if (Object.keys(local).length > 0) {
      setErrors({ fields: local, message: c.fieldsToFix });
      return;
    }
    setErrors(NO_ERRORS);
    setBusy(true);
    const result = await submit(body);
    setBusy(false);
    if (result.ok) return onSaved(result.data);
    if (onSessionFailure(result)) return;
    if (result.problem.code === 'email_taken') setErrors({ fields: { email: t.emailTaken }, message: t.emailTaken });
    else setErrors(toFormErrors(result));
  }

  const f = t.fields;
  const e = errors.fields;
  const business = accountType !== 'individual';
  return (
    <>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={onSubmit} className="customer-form">
        {section(
          'customer-personal',
          t.sections.personal,
          <>
            {customer === null ? <MarketSelectField markets={markets} error={e.marketId} /> : null}
            <div className="field-row field-row--three">
              <TextField label={f.firstName} name="firstName" required autoComplete="off" defaultValue={customer?.firstName ?? ''} error={e.firstName} />
              <TextField label={f.initials} name="initials" autoComplete="off" defaultValue={customer?.initials ?? ''} error={e.initials} />
              <TextField label={f.lastName} name="lastName" required autoComplete="off" defaultValue={customer?.lastName ?? ''} error={e.lastName} />
            </div>
            <TextField label={f.email} name="email" type="email" required autoComplete="off" spellCheck={false} defaultValue={customer?.email ?? ''} error={e.email} />
          </>,
        )}
        {section(
          'customer-contact',
          t.sections.contact,
          <>
            <div className="field-row">
              <TextField label={f.phone} name="phone" type="tel" autoComplete="off" hint={f.phoneHint} defaultValue={customer?.phoneNational ?? ''} error={e.phone} />
              <TextField label={f.mobile} name="mobile" type="tel" autoComplete="off" hint={f.phoneHint} defaultValue={customer?.mobileNational ?? ''} error={e.mobile} />
            </div>
            <div className="field-row field-row--three">
              <SelectField
                label={f.locale}
                name="locale"
                defaultValue={customer?.locale ?? 'fr'}
                options={(['fr', 'en'] as const).map((value) => ({ value, label: t.locales[value] }))}
                error={e.locale}
              />
              <SelectField
                label={f.gender}
                name="gender"
                defaultValue={customer?.gender ?? ''}
                options={[{ value: '', label: t.genders.none }, ...GENDERS.map((value) => ({ value, label: t.genders[value] }))]}
                error={e.gender}
              />
              <TextField label={f.birthDate} name="birthDate" type="date" autoComplete="off" defaultValue={customer?.birthDate ?? ''} error={e.birthDate} />
            </div>
          </>,
        )}
        {section(
          'customer-type',
          t.sections.type,
          <SelectField
            label={f.accountType}
            name="accountType"
            value={accountType}
            onChange={(event) => setAccountType(event.target.value as AccountType)}
            options={ACCOUNT_TYPES.map((value) => ({ value, label: t.accountTypes[value] }))}
            error={e.accountType}
          />,
        )}
        {business
          ? section(
              'customer-business',
              t.sections.business,
              <>
                <TextField label={f.businessName} name="businessName" autoComplete="off" defaultValue={customer?.businessName ?? ''} error={e.businessName} />
                <div className="field-row field-row--three">
                  <TextField label={f.businessIdentifier} name="businessIdentifier" autoComplete="off" defaultValue={customer?.businessIdentifier ?? ''} error={e.businessIdentifier} />
                  <TextField
                    label={f.businessRegistrationNumber}
                    name="businessRegistrationNumber"
                    autoComplete="off"
                    defaultValue={customer?.businessRegistrationNumber ?? ''}
                    error={e.businessRegistrationNumber}
                  />
                  <TextField label={f.businessVatNumber} name="businessVatNumber" autoComplete="off" defaultValue={customer?.businessVatNumber ?? ''} error={e.businessVatNumber} />
                </div>
              </>,
            )
          : null}
        {section(
          'customer-billing',
          t.sections.billing,
          <>
            <CheckboxField label={f.withBilling} name="withBilling" checked={withBilling} onChange={(event) => setWithBilling(event.target.checked)} />
            {withBilling ? <CustomerAddressFields prefix="billingAddress" address={billing} countries={countries} errors={e} /> : null}
          </>,
        )}
        {section(
          'customer-shipping',
          t.sections.shipping,
          <>
            {withBilling ? (
              <CheckboxField
                label={f.sameAsBilling}
                name="shippingSameAsBilling"
                checked={sameAsBilling}
                onChange={(event) => setSameAsBilling(event.target.checked)}
                error={e.shippingSameAsBilling}
              />
            ) : null}
            {withBilling && sameAsBilling ? null : (
              <>
                <CheckboxField label={f.withShipping} name="withShipping" checked={withShipping} onChange={(event) => setWithShipping(event.target.checked)} />
                {withShipping ? <CustomerAddressFields prefix="shippingAddress" address={delivery} countries={countries} errors={e} /> : null}
              </>
            )}
          </>,
        )}
        {section(
          'customer-consents',
          t.sections.consents,
          <>
            <p className="field-hint">{t.consentHint}</p>
            {CONSENT_FIELDS.map((field) => (
              <CheckboxField key={field} label={t.consents[field]} name={field} defaultChecked={customer?.consents[field].granted ?? false} error={e[field]} />
            ))}
          </>,
        )}
        {customer ? null : <CheckboxField label={f.sendPasswordLink} name="sendPasswordLink" error={e.sendPasswordLink} />}
        <div className="actions">
          <Button type="submit" busy={busy}>
            {submitLabel}
          </Button>
          {onCancel ? (
            <Button variant="secondary" onClick={onCancel}>
              {t.cancel}
            </Button>
          ) : null}
        </div>
      </form>
    </>
  );
}
