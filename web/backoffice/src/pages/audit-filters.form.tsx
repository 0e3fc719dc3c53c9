import type { FormEvent } from 'react';
import { Button, SelectField, TextField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import type { StaffUser } from '../backoffice-api';
import { formText } from '../../../ui/form-outcome';
import { actionLabel, auditMessages, AUDIT_ACTIONS } from './audit.messages';

/** The filters as the address bar holds them: dates are days (YYYY-MM-DD), the rest as sent. */
export const AUDIT_FILTER_NAMES = ['staffId', 'action', 'targetType', 'targetId', 'from', 'to'] as const;
export type AuditFilterValues = Partial<Record<(typeof AUDIT_FILTER_NAMES)[number], string>>;

type Props = {
  values: AuditFilterValues;
  /** Null when the reader may not list the staff: the filter by person is then left out. */
  staff: StaffUser[] | null;
  onApply: (values: AuditFilterValues) => void;
};

export function AuditFiltersForm({ values, staff, onApply }: Props) {
  const t = useMessages(auditMessages);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: AuditFilterValues = {};
    for (const name of AUDIT_FILTER_NAMES) {
      const value = formText(form, name);
      if (value) next[name] = value;
    }
    onApply(next);
  }

  return (
    <section className="card" aria-labelledby="audit-filters">
      <h2 id="audit-filters">{t.filtersTitle}</h2>
      {/* Keyed on the values so that clearing them empties the fields too. */}
      <form noValidate onSubmit={submit} key={JSON.stringify(values)}>
        <div className="field-row field-row--three">
          {staff ? (
            <SelectField
              label={t.staffLabel}
              name="staffId"
              defaultValue={values.staffId ?? ''}
              options={[{ value: '', label: t.anyone }, ...staff.map((user) => ({ value: user.id, label: `${user.name} (${user.email})` }))]}
            />
          ) : null}
          <SelectField
            label={t.actionLabel}
            name="action"
            defaultValue={values.action ?? ''}
            options={[{ value: '', label: t.anyAction }, ...AUDIT_ACTIONS.map((action) => ({ value: action, label: actionLabel(t, action) }))]}
          />
          <TextField label={t.targetTypeLabel} name="targetType" hint={t.targetTypeHint} defaultValue={values.targetType ?? ''} spellCheck={false} />
          <TextField label={t.targetIdLabel} name="targetId" defaultValue={values.targetId ?? ''} spellCheck={false} />
          <TextField label={t.fromLabel} name="from" type="date" defaultValue={values.from ?? ''} />
          <TextField label={t.toLabel} name="to" type="date" defaultValue={values.to ?? ''} />
        </div>
        <div className="actions">
          <Button type="submit">{t.apply}</Button>
          <Button variant="link" onClick={() => onApply({})}>
            {t.clear}
          </Button>
        </div>
      </form>
    </section>
  );
}
