import { useEffect, useRef, useState } from 'react';
import { Alert } from '../../../../ui/alert';
import { Button } from '../../../../ui/forms';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { useMessages } from '../../../../ui/i18n';
import { approveCustomer, refuseCustomer, type ApprovalStatus } from '../../api/approval';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { ApprovalRefuseForm } from './approval-refuse.form';
import { approvalMessages } from './approval.messages';

type Props = { customerId: string; approvalStatus: ApprovalStatus; onDecided?: () => void };

/**
 * The approval block of a customer's page (F1.7): the status, and approve / refuse for staff who
 * may. Nothing for an approved account, unless it was approved here a moment ago (the notice stays).
 */
export function CustomerApprovalSection({ customerId, approvalStatus, onDecided }: Props) {
  const t = useMessages(approvalMessages);
  const c = useMessages(common);
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const [busy, setBusy] = useState(false);
  const [refusing, setRefusing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const mayDecide = can(me, 'customers.approve');
  const controls = useRef<HTMLDivElement>(null);
  const wasRefusing = useRef(false);
  // Closing the form removes the focused field: give the focus back to the Refuse button.
  useEffect(() => {
    if (wasRefusing.current && !refusing) controls.current?.querySelector<HTMLButtonElement>('[data-refuse]')?.focus();
    wasRefusing.current = refusing;
  }, [refusing]);

  if (approvalStatus === 'approved' && !notice) return null;

  async function decide(decision: 'approve' | 'refuse', reason = '') {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    const result =
      decision === 'approve' ? await approveCustomer(customerId, { reconsider: approvalStatus === 'refused' }) : await refuseCustomer(customerId, reason);
    setBusy(false);
    setRefusing(false);
    if (result.ok) {
      setNotice(result.data.approvalStatus === 'approved' ? t.decidedApproved : t.decidedRefused);
      onDecided?.();
    } else if (result.status === 409 && result.problem.code === 'already_decided') {
      setNotice(t.alreadyDecidedHere);
      onDecided?.();
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  return (
    <section className="card" aria-labelledby="customer-approval">
      <h2 id="customer-approval">{t.sectionTitle}</h2>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      {approvalStatus === 'pending' ? <p>{t.pendingText}</p> : null}
      {approvalStatus === 'refused' ? <p>{t.refusedText}</p> : null}
      {mayDecide && approvalStatus !== 'approved' ? (
        refusing ? (
          <ApprovalRefuseForm label={t.refuseThis} busy={busy} onConfirm={(reason) => void decide('refuse', reason)} onCancel={() => setRefusing(false)} />
        ) : (
          <div className="actions" ref={controls}>
            <Button busy={busy} onClick={() => void decide('approve')}>
              {approvalStatus === 'refused' ? t.reconsider : t.approve}
            </Button>
            {approvalStatus === 'pending' ? (
              <Button data-refuse variant="secondary" onClick={() => setRefusing(true)}>
                {t.refuse}
              </Button>
            ) : null}
          </div>
        )
      ) : null}
    </section>
  );
}
