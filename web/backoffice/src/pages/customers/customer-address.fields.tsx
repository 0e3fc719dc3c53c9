import { useMemo, useState } from 'react';
import { SelectField, TextField } from '../../../../ui/forms';
import { useLocale, useMessages } from '../../../../ui/i18n';
import type { AddressCountry, AddressInput } from '../../api/customers';
import { customerMessages } from './customer.messages';

export const ADDRESS_INPUT_FIELDS = [
  'firstName',
  'lastName',
  'company',
  'attention',
  'line1',
  'line2',
  'houseNumber',
  'houseNumberExtension',
  'postalCode',
  'city',
  'region',
  'country',
  'phone',
] as const satisfies readonly (keyof AddressInput)[];

type Props = {
  /** `billingAddress` or `shippingAddress`: the prefix of the input names and of the server's error paths. */
  prefix: 'billingAddress' | 'shippingAddress';
  address: Partial<AddressInput> | null;
  countries: AddressCountry[];
  errors: Record<string, string>;
};

/** One address's fields, named `<prefix>.<field>` so the server's errors land on them. */
export function CustomerAddressFields({ prefix, address, countries, errors }: Props) {
  const t = useMessages(customerMessages);
  const { locale } = useLocale();
  const [country, setCountry] = useState(address?.country ?? 'FR');
  const options = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    const codes = countries.length > 0 ? countries.map((item) => item.code) : ['FR'];
    return codes.map((code) => ({ value: code, label: names.of(code) ?? code })).sort((a, b) => a.label.localeCompare(b.label, locale));
  }, [countries, locale]);
  const rules = countries.find((item) => item.code === country);
  const f = t.fields;
  const text = (name: (typeof ADDRESS_INPUT_FIELDS)[number], label: string, extra: { required?: boolean; hint?: string } = {}) => (
    // Off: the staff member's browser must not fill in their own address.
    <TextField label={label} name={`${prefix}.${name}`} autoComplete="off" defaultValue={address?.[name] ?? ''} error={errors[`${prefix}.${name}`]} {...extra} />
  );
  return (
    <>
      <div className="field-row">
        {text('firstName', f.firstName)}
        {text('lastName', f.lastName)}
      </div>
      <div className="field-row">
        {text('company', f.company)}
        {text('attention', f.attention)}
      </div>
      <SelectField
        label={f.country}
        name={`${prefix}.country`}
        options={options}
        value={country}
        onChange={(event) => setCountry(event.target.value)}
        error={errors[`${prefix}.country`]}
      />
      {text('line1', f.line1, { required: true })}
      <div className="field-row">
        {text('houseNumber', f.houseNumber, { required: rules?.houseNumberRequired ?? false })}
        {text('houseNumberExtension', f.houseNumberExtension)}
      </div>
      {text('line2', f.line2)}
      <div className="field-row">
        {text('postalCode', f.postalCode, { required: rules?.postalCodeRequired ?? false, ...(rules?.postalCodeExample ? { hint: f.example(rules.postalCodeExample) } : {}) })}
        {text('city', f.city, { required: true })}
      </div>
      {text('region', f.region, { required: rules?.regionRequired ?? false })}
      {text('phone', f.addressPhone)}
    </>
  );
}

/** The address a form holds, blanks as null; null when its required fields are all empty. */
export function addressFromForm(form: FormData, prefix: Props['prefix']): AddressInput {
  const value = (name: string) => {
    const raw = form.get(`${prefix}.${name}`);
    return typeof raw === 'string' ? raw.trim() : '';
  };
  const orNull = (name: string) => value(name) || null;
  return {
    firstName: orNull('firstName'),
    lastName: orNull('lastName'),
    company: orNull('company'),
    attention: orNull('attention'),
    line1: value('line1'),
    line2: orNull('line2'),
    houseNumber: orNull('houseNumber'),
    houseNumberExtension: orNull('houseNumberExtension'),
    postalCode: orNull('postalCode'),
    city: value('city'),
    region: orNull('region'),
    country: value('country') || 'FR',
    phone: orNull('phone'),
  };
}

/** The fields a stored address would be sent with, to tell whether the form changed it. */
export function sameAddress(a: Partial<AddressInput> | null | undefined, b: Partial<AddressInput> | null | undefined): boolean {
  if (!a || !b) return a === b;
  return ADDRESS_INPUT_FIELDS.every((field) => (a[field] ?? null) === (b[field] ?? null));
}
