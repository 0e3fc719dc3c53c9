import { useEffect, useMemo, useState } from 'react';
import type { FieldIssue } from '../../../ui/api';
import { SelectField, TextField } from '../../../ui/forms';
import { useLocale, useMessages } from '../../../ui/i18n';
import { formText } from '../../../ui/form-outcome';
import { listAddressCountries, type CompanyIdentityFields as TFields, type CompanyKind } from '../portal-api';
import { companyIdentityMessages, type CompanyIdentityMessages } from './company-identity.messages';

export const COMPANY_FIELDS = [
  'name',
  'country',
  'siret',
  'vatNumber',
  'enterpriseNumber',
  'registrationNumber',
  'otherTaxId',
  'chorusServiceCode',
] as const satisfies readonly (keyof TFields)[];

export const COMPANY_KINDS: readonly CompanyKind[] = ['professional', 'company', 'public_body', 'association'];

/** The form's input name of a company field: `siret`, or `company_siret` inside the sign-up form. */
const inputName = (prefix: string, field: string) => `${prefix}${field}`;

/** The company's identity as typed; the server normalises and judges it. */
export function readCompanyIdentity(form: FormData, prefix = ''): TFields {
  return Object.fromEntries(COMPANY_FIELDS.map((field) => [field, formText(form, inputName(prefix, field))])) as TFields;
}

/**
 * The server's issues on company fields in the reader's language, renamed to the inputs:
 * `company.siret` becomes `company_siret` when the fields sit in the sign-up form.
 */
export function localizeCompanyIssues(issues: FieldIssue[] | undefined, t: CompanyIdentityMessages, options: { pathPrefix?: string; inputPrefix?: string } = {}): FieldIssue[] {
  const pathPrefix = options.pathPrefix ?? '';
  const inputPrefix = options.inputPrefix ?? '';
  return (issues ?? []).map((issue) => {
    if (!issue.path.startsWith(pathPrefix)) return issue;
    const field = issue.path.slice(pathPrefix.length);
    if (!(COMPANY_FIELDS as readonly string[]).includes(field) && field !== 'kind') return issue;
    const code = issue.code === 'invalid_type' || issue.code === 'too_small' ? 'required' : issue.code;
    return { ...issue, path: inputName(inputPrefix, field), message: t.issues[code] ?? issue.message };
  });
}

type CompanyIdentityInputsProps = {
  /** Prefix of the input names (`company_` in the sign-up form). */
  prefix?: string;
  kind: CompanyKind;
  errors: Record<string, string>;
};

/** Name, country and identifiers of a company; the Chorus Pro service code only for a public body. */
export function CompanyIdentityInputs({ prefix = '', kind, errors }: CompanyIdentityInputsProps) {
  const t = useMessages(companyIdentityMessages);
  const { locale } = useLocale();
  const [countryCodes, setCountryCodes] = useState<string[]>(['FR']);
  const [country, setCountry] = useState('FR');

  useEffect(() => {
    let current = true;
    void listAddressCountries().then((result) => {
      if (current && result.ok) setCountryCodes(result.data.items.map((item) => item.code));
    });
    return () => {
      current = false;
    };
  }, []);

  const options = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    return countryCodes
      .map((code) => ({ value: code, label: names.of(code) ?? code }))
      .sort((a, b) => a.label.localeCompare(b.label, locale));
  }, [countryCodes, locale]);

  const publicBodyInFrance = kind === 'public_body' && country === 'FR';
  const name = (field: (typeof COMPANY_FIELDS)[number]) => inputName(prefix, field);
  return (
    <>
      <TextField label={t.name} name={name('name')} hint={t.nameHint} autoComplete="organization" required error={errors[name('name')]} />
      <SelectField
        label={t.country}
        name={name('country')}
        options={options}
        value={country}
        onChange={(event) => setCountry(event.target.value)}
        autoComplete="country"
        error={errors[name('country')]}
      />
      <TextField
        label={publicBodyInFrance ? t.siret : t.siretOptional}
        name={name('siret')}
        hint={publicBodyInFrance ? t.siretPublicBodyHint : t.siretHint}
        inputMode="numeric"
        spellCheck={false}
        required={publicBodyInFrance}
        error={errors[name('siret')]}
      />
      <TextField label={t.vatNumber} name={name('vatNumber')} hint={t.vatNumberHint} spellCheck={false} error={errors[name('vatNumber')]} />
      {country === 'BE' ? (
        <TextField
          label={t.enterpriseNumber}
          name={name('enterpriseNumber')}
          hint={t.enterpriseNumberHint}
          inputMode="numeric"
          spellCheck={false}
          error={errors[name('enterpriseNumber')]}
        />
      ) : null}
      <TextField
        label={t.registrationNumber}
        name={name('registrationNumber')}
        hint={t.registrationNumberHint}
        error={errors[name('registrationNumber')]}
      />
      <TextField label={t.otherTaxId} name={name('otherTaxId')} spellCheck={false} error={errors[name('otherTaxId')]} />
      {kind === 'public_body' ? (
        <TextField
          label={t.chorusServiceCode}
          name={name('chorusServiceCode')}
          hint={t.chorusServiceCodeHint}
          spellCheck={false}
          error={errors[name('chorusServiceCode')]}
        />
      ) : null}
    </>
  );
}
