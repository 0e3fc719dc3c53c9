import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../../ui/form-errors';
import { checkEmail, describeFailure, formText } from '../../../../ui/form-outcome';
import { Button, CheckboxField, TextField } from '../../../../ui/forms';
import { useMessages } from '../../../../ui/i18n';
import { nameAdministrator } from '../../api/companies';
import type { StaffMe } from '../../backoffice-api';
import { common } from '../../common.messages';
import { useSessionFailure } from '../../staff-session';
import { localizedFormErrors, useIssueMessages } from './company-identity.fields';
import { companyMessages } from './company.messages';

/**
 * F3.8: an existing customer becomes administrator. Prominent (a warning card first on the
 * page) when the company has none; otherwise only owners and administrators may force it.
 */
export function CompanyAdminForm({ companyId, administrators, me, onNamed }: { companyId: string; administrators: number; me: StaffMe; onNamed: (notice: string) => void }) {
  const c = useMessages(common);
  const t = useMessages(companyMessages);
  const issues = useIssueMessages();
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);
  const mayForce = me.role === 'owner' || me.role === 'administrator';
  const orphan = administrators === 0;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const email = formText(form, 'email');
    const force = form.get('force') === 'on';
    const invalid = checkEmail(email, c);
    if (invalid) {
      setErrors({ fields: { email: invalid }, message: c.fieldsToFix });
      return;
    }
    setBusy(true);
    const result = await nameAdministrator(companyId, { email, ...(force ? { force } : {}) });
    setBusy(false);
    if (result.ok) {
      setErrors(NO_ERRORS);
      formElement.reset();
      onNamed(t.adminNamed(email));
      return;
    }
    if (onSessionFailure(result)) return;
    if (result.problem.code === 'company_has_admin') setErrors({ fields: {}, message: t.companyHasAdmin });
    else if (result.problem.code === 'company_merged') setErrors({ fields: {}, message: t.companyMerged });
    else setErrors(localizedFormErrors(result.problem, ['email'], describeFailure(result, c), issues));
  }

  if (!orphan && !mayForce) return null;
  return (
    <section className={orphan ? 'card company-orphan' : 'card'} aria-labelledby="company-name-admin">
      <h2 id="company-name-admin">{t.nameAdmin}</h2>
      {orphan ? <p className="alert alert--info">{t.noAdmin}</p> : <p className="muted">{t.nameAdminWhileAdmins(administrators)}</p>}
      <p className="muted">{t.nameAdminIntro}</p>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        <TextField label={t.adminEmail} name="email" type="email" autoComplete="off" spellCheck={false} required error={errors.fields.email} />
        {!orphan ? <CheckboxField label={t.force} name="force" /> : null}
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.nameAdmin}
          </Button>
        </div>
      </form>
    </section>
  );
}
