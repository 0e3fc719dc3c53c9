import { useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, SelectField, TextField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { inviteStaff, STAFF_ROLES, type StaffMe, type StaffRole } from '../backoffice-api';
import { common } from '../common.messages';
import { checkEmail, failureToFormErrors, fieldErrors, formText } from '../../../ui/form-outcome';
import { useSessionFailure } from '../staff-session';
import { staffMessages } from './staff.messages';

const FIELDS = ['email', 'name', 'role'] as const;

/** Creates the staff member and emails them their set-up link; the list reloads to show them. */
export function StaffInviteForm({ me, onInvited }: { me: StaffMe; onInvited: () => void }) {
  const c = useMessages(common);
  const t = useMessages(staffMessages);
  const onSessionFailure = useSessionFailure();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);
  const roles = STAFF_ROLES.filter((role) => role !== 'owner' || me.role === 'owner');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const email = formText(form, 'email');
    const name = formText(form, 'name');
    const role = formText(form, 'role') as StaffRole;
    const invalid = fieldErrors({ email: checkEmail(email, c), name: name ? undefined : c.required.name }, c);
    setErrors(invalid ?? NO_ERRORS);
    setSentTo(null);
    if (invalid) return;

    setBusy(true);
    const result = await inviteStaff({ email, name, role });
    setBusy(false);
    if (result.ok) {
      formElement.reset();
      setSentTo(email);
      onInvited();
    } else if (result.problem.code === 'staff_exists') setErrors({ fields: { email: t.staffExists }, message: t.staffExists });
    else if (!onSessionFailure(result)) setErrors(failureToFormErrors(result, FIELDS, c));
  }

  return (
    <section className="card" aria-labelledby="staff-invite">
      <h2 id="staff-invite">{t.inviteTitle}</h2>
      <p className="muted">{t.inviteIntro}</p>
      <Alert tone="success">{sentTo ? t.invited(sentTo) : null}</Alert>
      <Alert>{errors.message}</Alert>
      <form ref={formRef} noValidate onSubmit={submit}>
        <div className="field-row field-row--three">
          <TextField label={c.emailLabel} name="email" type="email" autoComplete="off" spellCheck={false} error={errors.fields.email} />
          <TextField label={c.nameLabel} name="name" autoComplete="off" error={errors.fields.name} />
          <SelectField
            label={c.roleLabel}
            name="role"
            defaultValue="support"
            options={roles.map((role) => ({ value: role, label: c.roles[role] }))}
            error={errors.fields.role}
          />
        </div>
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.invite}
          </Button>
        </div>
      </form>
    </section>
  );
}
