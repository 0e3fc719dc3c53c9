import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../../ui/form-errors';
import { checkEmail, describeFailure, fieldErrors, formText } from '../../../../ui/form-outcome';
import { Button, TextField } from '../../../../ui/forms';
import { useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { createCompany } from '../../api/companies';
import { useMarkets } from '../../api/markets';
import { MarketSelectField } from '../markets/market-parts';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { CompanyIdentityInputs, IDENTITY_FIELDS, localizedFormErrors, readIdentity, useIssueMessages } from './company-identity.fields';
import { companyMessages } from './company.messages';

const FIELDS = [...IDENTITY_FIELDS, 'administratorEmail', 'marketId'] as const;

/** /companies/new: the identity (checked by the server, every bad field shown at once), then the company's page. */
export function CompanyNewPage() {
  const c = useMessages(common);
  const t = useMessages(companyMessages);
  const issues = useIssueMessages();
  const { me } = useStaffSession();
  const navigate = useNavigate();
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);
  const markets = useMarkets(me.marketIds);

  if (!can(me, 'companies.edit')) {
    return (
      <>
        <PageHeading>{t.newTitle}</PageHeading>
        <Alert>{c.forbidden}</Alert>
      </>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const identity = readIdentity(form);
    const administratorEmail = formText(form, 'administratorEmail');
    const marketId = formText(form, 'marketId');
    const invalid = fieldErrors(
      { name: identity.name ? undefined : issues.required, administratorEmail: administratorEmail ? checkEmail(administratorEmail, c) : undefined },
      c,
    );
    setErrors(invalid ?? NO_ERRORS);
    if (invalid) return;
    setBusy(true);
    const result = await createCompany({ ...identity, ...(administratorEmail ? { administratorEmail } : {}), ...(marketId ? { marketId } : {}) });
    setBusy(false);
    if (result.ok) {
      void navigate(`/companies/${result.data.id}`);
      return;
    }
    if (!onSessionFailure(result)) setErrors(localizedFormErrors(result.problem, FIELDS, describeFailure(result, c), issues));
  }

  return (
    <>
      <PageHeading>{t.newTitle}</PageHeading>
      <p>
        <Link to="/companies">{t.back}</Link>
      </p>
      <section className="card" aria-labelledby="company-new-form">
        <h2 id="company-new-form" className="visually-hidden">
          {t.identity}
        </h2>
        <p className="muted">{t.newIntro}</p>
        <Alert>{errors.message}</Alert>
        <form ref={formRef} noValidate onSubmit={submit}>
          <MarketSelectField markets={markets.workable} error={errors.fields.marketId} />
          <CompanyIdentityInputs errors={errors.fields} />
          <TextField
            label={t.administratorEmail}
            hint={t.administratorEmailHint}
            name="administratorEmail"
            type="email"
            autoComplete="off"
            spellCheck={false}
            error={errors.fields.administratorEmail}
          />
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.create}
            </Button>
          </div>
        </form>
      </section>
    </>
  );
}
