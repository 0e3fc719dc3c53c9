import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { formatDateTime, useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { listAudit, listStaff, type AuditEvent, type AuditFilters, type StaffUser } from '../backoffice-api';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { can, useStaffSession } from '../staff-session';
import { AUDIT_FILTER_NAMES, AuditFiltersForm, type AuditFilterValues } from './audit-filters.form';
import { actionLabel, auditMessages } from './audit.messages';
import { usePagedList } from './use-paged-list';
import { ListTable, MoreButton } from './list-parts';

/** A day of the filter is the reader's local day: from its first to its last millisecond. */
function dayBound(day: string | undefined, end: boolean): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (end) {
    date.setDate(date.getDate() + 1);
    date.setMilliseconds(-1);
  }
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function toApiFilters(values: AuditFilterValues): AuditFilters {
  const { from, to, ...rest } = values;
  return { ...rest, from: dayBound(from, false), to: dayBound(to, true) };
}

/** `details` holds names, roles and counts: shown as short "key: value" pairs. */
function detailsText(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(', ');
}

function AuditRow({ event }: { event: AuditEvent }) {
  const t = useMessages(auditMessages);
  const { locale } = useLocale();
  return (
    <tr>
      <td className="nowrap">{formatDateTime(locale, event.at)}</td>
      <td>{event.staff ? `${event.staff.name} (${event.staff.email})` : <span className="muted">{t.nobody}</span>}</td>
      <th scope="row">{actionLabel(t, event.action)}</th>
      <td>{event.targetType ? `${event.targetType} ${event.targetId ?? ''}` : ''}</td>
      <td>
        {event.ip}
        {event.userAgent ? <span className="audit__agent muted">{event.userAgent}</span> : null}
      </td>
      <td>{detailsText(event.details)}</td>
    </tr>
  );
}

export function AuditPage() {
  const t = useMessages(auditMessages);
  const c = useMessages(common);
  const { me } = useStaffSession();
  const [params, setParams] = useSearchParams();
  const [staff, setStaff] = useState<StaffUser[] | null>(null);
  const values: AuditFilterValues = {};
  for (const name of AUDIT_FILTER_NAMES) {
    const value = params.get(name);
    if (value) values[name] = value;
  }
  const key = params.toString();
  const list = usePagedList((cursor) => listAudit(toApiFilters(values), cursor), key);
  const canListStaff = can(me, 'staff.view') || can(me, 'staff.manage');

  useEffect(() => {
    if (!canListStaff) return;
    void listStaff().then((result) => {
      if (result.ok) setStaff(result.data.items);
    });
  }, [canListStaff]);

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>{t.intro}</p>
      <AuditFiltersForm values={values} staff={staff} onApply={(next) => setParams(next as Record<string, string>)} />
      <section className="card" aria-labelledby="audit-events">
        <h2 id="audit-events">{t.listTitle}</h2>
        <Alert>{list.failure ? describeFailure(list.failure, c) : null}</Alert>
        <Alert tone="info">{list.items ? (list.items.length ? t.shown(list.items.length) : t.empty) : null}</Alert>
        {list.items === null && !list.failure ? <p role="status">{c.loading}</p> : null}
        {list.items && list.items.length > 0 ? (
          <ListTable headers={[t.columns.at, t.columns.who, t.columns.action, t.columns.target, t.columns.origin, t.columns.details]}>
            {list.items.map((event) => (
              <AuditRow key={event.id} event={event} />
            ))}
          </ListTable>
        ) : null}
        <MoreButton list={list} label={t.more} />
      </section>
    </>
  );
}
