import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, RadioGroup } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { failureToFormErrors, fieldErrors } from '../../../ui/form-outcome';
import { createCompany, type CompanyKind } from '../portal-api';
import { COMPANY_FIELDS, COMPANY_KINDS, CompanyIdentityInputs, localizeCompanyIssues, readCompanyIdentity } from './company-identity.fields';
import { companyIdentityMessages } from './company-identity.messages';

const fr = {
  title: 'Créer une entreprise',
  intro: 'Vous en serez l’administrateur : vous pourrez ensuite inviter vos collègues. Un premier site portant son nom est créé avec elle.',
  submit: 'Créer l’entreprise',
  cancel: 'Retour à mon compte',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Create a company',
    intro: 'You will be its administrator and can then invite your colleagues. A first location bearing its name is created with it.',
    submit: 'Create the company',
    cancel: 'Back to my account',
  },
};

const FIELDS = ['kind', ...COMPANY_FIELDS] as const;

function isCompanyKind(value: string): value is CompanyKind {
  return (COMPANY_KINDS as readonly string[]).includes(value);
}

export function CompanyNewPage() {
  const t = useMessages(messages);
  const ti = useMessages(companyIdentityMessages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<CompanyKind>('company');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const body = { ...readCompanyIdentity(form), kind };
    const invalid = fieldErrors({ name: body.name ? undefined : ti.issues.required }, c);
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;
    setBusy(true);
    const result = await createCompany(body);
    setBusy(false);
    if (result.ok) {
      void navigate(`/companies/${encodeURIComponent(result.data.id)}`, { state: { notice: 'companyCreated' } });
      return;
    }
    if (result.status === 401) {
      void navigate('/sign-in', { replace: true });
      return;
    }
    const issues = localizeCompanyIssues(result.problem.errors, ti);
    setErrors(failureToFormErrors({ ...result, problem: { ...result.problem, errors: issues } }, FIELDS, c));
  }

  return (
    <section className="card narrow">
      <PageHeading>{t.title}</PageHeading>
      <p className="muted">{t.intro}</p>
      <Alert>{errors.message}</Alert>
      <form
        ref={formRef}
        noValidate
        onSubmit={submit}
        onChange={(event) => {
          // The radios' choice decides which fields follow.
          const target: EventTarget = event.target;
          if (target instanceof HTMLInputElement && target.name === 'kind' && isCompanyKind(target.value)) setKind(target.value);
        }}
      >
        <RadioGroup
          legend={ti.kind}
          name="kind"
          options={COMPANY_KINDS.map((value) => ({ value, label: ti.kinds[value] }))}
          defaultValue="company"
          error={errors.fields.kind}
        />
        <CompanyIdentityInputs kind={kind} errors={errors.fields} />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.submit}
          </Button>
        </div>
      </form>
      <p className="links">
        <Link to="/">{t.cancel}</Link>
      </p>
    </section>
  );
}

