import { useMemo, useRef, useState, type ComponentProps, type FormEvent } from 'react';
import { Alert } from '../../../ui/alert';
import type { ApiResult, FieldIssue } from '../../../ui/api';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, SelectField, TextField } from '../../../ui/forms';
import { useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import { createAddress, updateAddress, type Address, type AddressCountry, type AddressFields, type AddressKind } from '../portal-api';
import { addressesMessages, type AddressesMessages } from './addresses.messages';

const FIELDS = ['label', 'firstName', 'lastName', 'company', 'attention', 'line1', 'line2', 'houseNumber', 'houseNumberExtension', 'postalCode', 'city', 'region', 'country', 'phone'] as const;

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

/** The server's field codes in the reader's language; its English message otherwise. */
function localizeIssue(issue: FieldIssue, t: AddressesMessages, country: AddressCountry | undefined): string {
  const i = t.issues;
  const byCode: Record<string, string> = {
    required: issue.path === 'lastName' ? i.recipient : issue.path === 'houseNumber' ? i.houseNumber : i.required,
    invalid_type: i.required,
    invalid_postal_code: i.postalCode(country?.postalCodeExample ?? null),
    invalid_phone: i.phone,
    invalid_house_number: i.houseNumberDigits,
    requires_house_number: i.extensionAlone,
    invalid_region: i.region,
    invalid_country: i.country,
    too_big: i.tooLong,
  };
  return byCode[issue.code] ?? issue.message;
}

type AddressFormProps = {
  kind: AddressKind;
  address: Address | null;
  countries: AddressCountry[];
  onSaved: (address: Address) => void;
  onCancel: () => void;
  onFailure: (failure: Failure) => boolean;
};

export function AddressForm({ kind, address, countries, onSaved, onCancel, onFailure }: AddressFormProps) {
  const t = useMessages(addressesMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const formRef = useRef<HTMLFormElement>(null);
  const [country, setCountry] = useState(address?.country ?? 'FR');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  const options = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    return countries
      .map((item) => ({ value: item.code, label: names.of(item.code) ?? item.code }))
      .sort((a, b) => a.label.localeCompare(b.label, locale));
  }, [countries, locale]);
  const rules = countries.find((item) => item.code === country);
  const f = t.form;
  const section = kind === 'billing' ? 'billing' : 'shipping';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const body = Object.fromEntries(FIELDS.map((name) => [name, formText(form, name)])) as AddressFields;
    const invalid = fieldErrors(
      {
        lastName: body.lastName || body.company ? undefined : t.issues.recipient,
        line1: body.line1 ? undefined : t.issues.required,
        city: body.city ? undefined : t.issues.required,
        postalCode: body.postalCode || !rules?.postalCodeRequired ? undefined : t.issues.required,
      },
      c,
    );
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;
    setBusy(true);
    const result = address ? await updateAddress(address.id, body) : await createAddress({ ...body, kind });
    setBusy(false);
    if (result.ok) return onSaved(result.data);
    if (onFailure(result)) return;
    const issues = result.problem.errors?.map((issue) => ({ ...issue, message: localizeIssue(issue, t, rules) }));
    setErrors(failureToFormErrors({ ...result, problem: { ...result.problem, errors: issues } }, FIELDS, c));
  }

  // The phone as people write it in that country, rather than E.164.
  const value = (name: (typeof FIELDS)[number]) => (name === 'phone' ? address?.phoneNational : address?.[name]) ?? '';
  const text = (name: (typeof FIELDS)[number], label: string, extra: Partial<ComponentProps<typeof TextField>> = {}) => (
    <TextField label={label} name={name} defaultValue={value(name)} error={errors.fields[name]} {...extra} />
  );
  return (
    <section className="card">
      <PageHeading>{address ? f.editTitle : kind === 'billing' ? f.newBilling : f.newDelivery}</PageHeading>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        {text('label', f.label, { hint: f.labelHint })}
        <div className="field-row">
          {text('firstName', f.firstName, { autoComplete: `${section} given-name` })}
          {text('lastName', f.lastName, { autoComplete: `${section} family-name` })}
        </div>
        {text('company', f.company, { autoComplete: `${section} organization` })}
        {text('attention', f.attention)}
        <SelectField
          label={f.country}
          name="country"
          options={options}
          value={country}
          onChange={(event) => setCountry(event.target.value)}
          autoComplete={`${section} country`}
          error={errors.fields.country}
        />
        {text('line1', f.line1, { required: true, hint: f.line1Hint, autoComplete: `${section} address-line1` })}
        <div className="field-row">
          {text('houseNumber', rules?.houseNumberRequired ? f.houseNumber : f.houseNumberOptional, {
            hint: rules?.houseNumberRequired ? f.houseNumberHint : undefined,
          })}
          {text('houseNumberExtension', f.houseNumberExtension)}
        </div>
        {text('line2', f.line2, { hint: f.line2Hint, autoComplete: `${section} address-line2` })}
        <div className="field-row">
          {text('postalCode', rules?.postalCodeRequired ? f.postalCode : f.postalCodeOptional, {
            required: rules?.postalCodeRequired,
            hint: rules?.postalCodeExample ? f.example(rules.postalCodeExample) : undefined,
            autoComplete: `${section} postal-code`,
          })}
          {text('city', f.city, { required: true, autoComplete: `${section} address-level2` })}
        </div>
        {text('region', rules?.regionRequired ? f.province : f.region, { required: rules?.regionRequired, autoComplete: `${section} address-level1` })}
        {text('phone', f.phone, { type: 'tel', hint: f.phoneHint, autoComplete: `${section} tel` })}
        <div className="actions">
          <Button type="submit" busy={busy}>
            {f.save}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            {f.cancel}
          </Button>
        </div>
      </form>
    </section>
  );
}
