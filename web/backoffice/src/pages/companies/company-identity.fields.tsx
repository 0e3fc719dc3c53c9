import { useEffect, useMemo, useState } from 'react';
import type { Problem } from '../../../../ui/api';
import type { FormErrors } from '../../../../ui/form-errors';
import { formText } from '../../../../ui/form-outcome';
import { SelectField, TextField } from '../../../../ui/forms';
import { useLocale, useMessages } from '../../../../ui/i18n';
import { COMPANY_KINDS, listCountries, type CompanyIdentity, type CompanyKind } from '../../api/companies';
import { companyMessages, issueMessages } from './company.messages';

export const IDENTITY_FIELDS = [
  'name',
  'kind',
  'country',
  'siret',
  'vatNumber',
  'enterpriseNumber',
  'registrationNumber',
  'otherTaxId',
  'chorusServiceCode',
] as const;

/** The identity as typed; empty optional fields are sent as null (cleared), the server normalises and judges. */
export function readIdentity(form: FormData): CompanyIdentity {
  const optional = (name: string) => formText(form, name) || null;
  return {
    name: formText(form, 'name'),
    kind: formText(form, 'kind') as CompanyKind,
    country: formText(form, 'country'),
    siret: optional('siret'),
    vatNumber: optional('vatNumber'),
    enterpriseNumber: optional('enterpriseNumber'),
    registrationNumber: optional('registrationNumber'),
    otherTaxId: optional('otherTaxId'),
    chorusServiceCode: optional('chorusServiceCode'),
  };
}

/**
 * The server's field issues next to their fields, in the reader's language when the code is
 * known; issues on other paths join the general sentence.
 */
export function localizedFormErrors(problem: Problem, fieldNames: readonly string[], message: string, issues: Record<string, string>): FormErrors {
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of problem.errors ?? []) {
    const text = issues[issue.code === 'invalid_type' || issue.code === 'too_small' ? 'required' : issue.code] ?? issue.message;
    if (fieldNames.includes(issue.path)) fields[issue.path] ??= text;
    else unplaced.push(text);
  }
  return { fields, message: [message, ...unplaced].join(' ') };
}

export function useIssueMessages(): Record<string, string> {
  return useMessages(issueMessages);
}

/** Kind, name, country and identifiers; the enterprise number for Belgium and the Chorus code for public bodies. */
export function CompanyIdentityInputs({ initial, errors }: { initial?: Partial<CompanyIdentity>; errors: Record<string, string> }) {
  const t = useMessages(companyMessages);
  const { locale } = useLocale();
  const [codes, setCodes] = useState<string[]>([initial?.country ?? 'FR']);
  const [kind, setKind] = useState<CompanyKind>(initial?.kind ?? 'company');
  const [country, setCountry] = useState(initial?.country ?? 'FR');

  useEffect(() => {
    let current = true;
    void listCountries().then((result) => {
      if (current && result.ok) setCodes(result.data.items.map((item) => item.code));
    });
    return () => {
      current = false;
    };
  }, []);

  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    const all = codes.includes(country) ? codes : [...codes, country];
    return all.map((code) => ({ value: code, label: names.of(code) ?? code })).sort((a, b) => a.label.localeCompare(b.label, locale));
  }, [codes, country, locale]);

  return (
    <>
      <div className="field-row">
        <SelectField
          label={t.kind}
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as CompanyKind)}
          options={COMPANY_KINDS.map((value) => ({ value, label: t.kinds[value] }))}
          error={errors.kind}
        />
        <SelectField label={t.country} name="country" value={country} onChange={(event) => setCountry(event.currentTarget.value)} options={countries} error={errors.country} />
      </div>
      <TextField label={t.name} name="name" defaultValue={initial?.name ?? ''} autoComplete="off" required error={errors.name} />
      <div className="field-row">
        <TextField label={t.siret} name="siret" hint={t.siretHint} defaultValue={initial?.siret ?? ''} inputMode="numeric" spellCheck={false} error={errors.siret} />
        <TextField label={t.vatNumber} name="vatNumber" hint={t.vatNumberHint} defaultValue={initial?.vatNumber ?? ''} spellCheck={false} error={errors.vatNumber} />
      </div>
      <div className="field-row">
        {country === 'BE' || initial?.enterpriseNumber ? (
          <TextField
            label={t.enterpriseNumber}
            name="enterpriseNumber"
            defaultValue={initial?.enterpriseNumber ?? ''}
            inputMode="numeric"
            spellCheck={false}
            error={errors.enterpriseNumber}
          />
        ) : null}
        <TextField label={t.registrationNumber} name="registrationNumber" defaultValue={initial?.registrationNumber ?? ''} error={errors.registrationNumber} />
        <TextField label={t.otherTaxId} name="otherTaxId" defaultValue={initial?.otherTaxId ?? ''} spellCheck={false} error={errors.otherTaxId} />
      </div>
      {kind === 'public_body' || initial?.chorusServiceCode ? (
        <TextField
          label={t.chorusServiceCode}
          name="chorusServiceCode"
          hint={t.chorusServiceCodeHint}
          defaultValue={initial?.chorusServiceCode ?? ''}
          spellCheck={false}
          error={errors.chorusServiceCode}
        />
      ) : null}
    </>
  );
}
