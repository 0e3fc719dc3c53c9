import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { Button } from '../../../../ui/forms';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { formatDateTime, useLocale, useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { approveCustomer, listPendingApprovals, refuseCustomer, type PendingApproval } from '../../api/approval';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { usePagedList } from '../use-paged-list';
import { ApprovalRefuseForm } from './approval-refuse.form';
import { approvalMessages } from './approval.messages';
import { ListTable, MoreButton } from '../list-parts';

const DAY_MS = 86_400_000;

const fullName = (item: PendingApproval) => `${item.firstName} ${item.lastName}`.trim() || item.email;

type RowProps = {
  item: PendingApproval;
  onDecided: (item: PendingApproval, outcome: 'approved' | 'refused' | 'already_decided') => void;
  onFailure: (failure: Failure) => void;
};

function ApprovalRow({ item, onDecided, onFailure }: RowProps) {
  const t = useMessages(approvalMessages);
  const { locale } = useLocale();
  const [busy, setBusy] = useState(false);
  const [refusing, setRefusing] = useState(false);
  const controls = useRef<HTMLTableCellElement>(null);
  const name = fullName(item);
  const days = Math.max(0, Math.floor((Date.now() - Date.parse(item.createdAt)) / DAY_MS));

  async function decide(decision: 'approve' | 'refuse', reason = '') {
    if (busy) return;
    setBusy(true);
    const result = decision === 'approve' ? await approveCustomer(item.id) : await refuseCustomer(item.id, reason);
    setBusy(false);
    if (result.ok) return onDecided(item, result.data.approvalStatus === 'approved' ? 'approved' : 'refused');
    if (result.status === 409 && result.problem.code === 'already_decided') return onDecided(item, 'already_decided');
    onFailure(result);
  }

  const wasRefusing = useRef(false);
  // Closing the form removes the focused field: give the focus back to the button that opened it.
  useEffect(() => {
    if (wasRefusing.current && !refusing) controls.current?.querySelector<HTMLButtonElement>('[data-refuse]')?.focus();
    wasRefusing.current = refusing;
  }, [refusing]);

  const business = [item.businessName, item.businessIdentifier ? `${t.identifier} ${item.businessIdentifier}` : null, item.businessVatNumber ? `${t.vat} ${item.businessVatNumber}` : null].filter(Boolean);
  return (
    <tr>
      <th scope="row">
        <Link to={`/customers/${encodeURIComponent(item.id)}`}>{name}</Link>
      </th>
      <td>{item.email}</td>
      <td>{t.accountTypes[item.accountType] ?? item.accountType}</td>
      <td>
        {business.length ? (
          business.map((line) => (
            <span key={line} className="approval-business">
              {line}
            </span>
          ))
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>{item.emailVerified ? t.yes : <span className="badge badge--warning">{t.no}</span>}</td>
      <td className="nowrap">
        <time dateTime={item.createdAt}>{formatDateTime(locale, item.createdAt)}</time>
        <span className="approval-age muted">{t.daysAgo(days)}</span>
      </td>
      <td ref={controls}>
        {refusing ? (
          <ApprovalRefuseForm label={t.refuseOf(name)} busy={busy} onConfirm={(reason) => void decide('refuse', reason)} onCancel={() => setRefusing(false)} />
        ) : (
          <div className="row-control">
            <Button busy={busy} aria-label={t.approveOf(name)} onClick={() => void decide('approve')}>
              {t.approve}
            </Button>
            <Button data-refuse variant="secondary" aria-label={t.refuseOf(name)} onClick={() => setRefusing(true)}>
              {t.refuse}
            </Button>
          </div>
        )}
      </td>
    </tr>
  );
}

/** /approvals: the queue of accounts waiting for a decision (F1.7), oldest first. */
export function ApprovalsPage() {
  const t = useMessages(approvalMessages);
  const c = useMessages(common);
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const list = usePagedList((cursor) => listPendingApprovals(cursor), 'approvals');
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  function onDecided(item: PendingApproval, outcome: 'approved' | 'refused' | 'already_decided') {
    const name = fullName(item);
    setFailure(null);
    setNotice(outcome === 'approved' ? t.approved(name) : outcome === 'refused' ? t.refused(name) : t.alreadyDecided(name));
    setDecided((ids) => new Set(ids).add(item.id));
    // The row and its focused button are gone: the focus goes to the list's heading, not the page's start.
    heading.current?.focus();
  }

  function onFailure(problem: Failure) {
    setNotice(null);
    if (!onSessionFailure(problem)) setFailure(problem);
  }

  const items = list.items?.filter((item) => !decided.has(item.id)) ?? null;
  const shownFailure = failure ?? list.failure;
  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>{t.intro}</p>
      {can(me, 'settings.manage') ? (
        <p>
          <Link to="/settings">{t.settingsLink}</Link>
        </p>
      ) : null}
      <section className="card" aria-labelledby="approvals-list">
        <h2 id="approvals-list" ref={heading} tabIndex={-1}>
          {t.listTitle}
        </h2>
        <Alert tone="success">{notice}</Alert>
        <Alert>{shownFailure ? describeFailure(shownFailure, c) : null}</Alert>
        {items === null && !list.failure ? <p role="status">{c.loading}</p> : null}
        {items !== null ? <p className="muted">{items.length ? t.shown(items.length) : t.empty}</p> : null}
        {items && items.length > 0 ? (
          <ListTable headers={[t.columns.name, t.columns.email, t.columns.type, t.columns.business, t.columns.verified, t.columns.waiting, t.columns.actions]} className="approvals-table">
            {items.map((item) => (
              <ApprovalRow key={item.id} item={item} onDecided={onDecided} onFailure={onFailure} />
            ))}
          </ListTable>
        ) : null}
        <MoreButton list={list} label={t.more} />
      </section>
    </>
  );
}
