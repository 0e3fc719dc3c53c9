import { useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { Button, SelectField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { common } from '../common.messages';
import { describeFailure, formText } from '../../../ui/form-outcome';
import type { CompanyMember } from '../portal-api';
import type { ColleaguesMessages } from './colleagues.messages';

export type Failure = Extract<ApiResult<unknown>, { ok: false }>;
export type Place = { id: string; name: string };
export type LocationRoles = CompanyMember['locations'];

export const fullName = (member: { firstName: string; lastName: string }) => `${member.firstName} ${member.lastName}`.trim();

/** The server's field messages are English; the one a location picker can cause is said here. */
export function issueMessage(issue: { code: string; message: string }, t: ColleaguesMessages): string {
  return issue.code === 'unknown_location' ? t.unknownLocation : issue.message;
}

/** Per location, a colleague's role (none, buyer, location administrator), saved at once with one PUT. */
export function LocationRolesEditor(props: {
  member: CompanyMember;
  titleId: string;
  locations: Place[];
  t: ColleaguesMessages;
  /** Resolves to the failure to show here; null once saved, or when the page showed it. */
  onSave: (roles: LocationRoles) => Promise<Failure | null>;
}) {
  const { member, titleId, locations, t } = props;
  const c = useMessages(common);
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(formRef, errors);
  const current = new Map(member.locations.map((location) => [location.locationId, location.role]));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const roles: LocationRoles = locations.flatMap((location) => {
      const role = formText(form, `role-${location.id}`);
      return role === 'buyer' || role === 'location_admin' ? [{ locationId: location.id, role }] : [];
    });
    setBusy(true);
    const failure = await props.onSave(roles);
    setBusy(false);
    if (!failure) {
      setErrors(NO_ERRORS);
      return;
    }
    const fields: Record<string, string> = {};
    const others: string[] = [];
    for (const issue of failure.problem.errors ?? []) {
      const index = /^locations\.(\d+)/.exec(issue.path)?.[1];
      const locationId = index === undefined ? undefined : roles[Number(index)]?.locationId;
      if (locationId) fields[locationId] ??= issueMessage(issue, t);
      else others.push(issueMessage(issue, t));
    }
    setErrors({ fields, message: [describeFailure(failure, c), ...others].join(' ') });
  }

  return (
    <details className="item__details">
      <summary aria-describedby={titleId}>{t.editLocations}</summary>
      <form ref={formRef} noValidate onSubmit={submit}>
        <Alert>{errors.message}</Alert>
        <fieldset className="field field--radios" aria-describedby={`${id}-help`}>
          <legend>{t.locationRolesLegend(fullName(member))}</legend>
          <p className="field-hint" id={`${id}-help`}>
            {t.locationRolesHelp}
          </p>
          {locations.map((location) => (
            <SelectField
              key={location.id}
              label={location.name}
              name={`role-${location.id}`}
              defaultValue={current.get(location.id) ?? ''}
              options={[
                { value: '', label: t.noLocationRole },
                { value: 'buyer', label: t.locationRoles.buyer },
                { value: 'location_admin', label: t.locationRoles.location_admin },
              ]}
              error={errors.fields[location.id]}
            />
          ))}
        </fieldset>
        <Button type="submit" variant="secondary" busy={busy} aria-describedby={titleId}>
          {t.saveLocations}
        </Button>
      </form>
    </details>
  );
}
