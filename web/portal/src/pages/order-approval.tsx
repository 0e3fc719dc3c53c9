import { useId, useState, type FormEvent } from 'react';
import { Alert } from '../../../ui/alert';
import { Button, TextField } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { common } from '../common.messages';
import { describeFailure, formText } from '../../../ui/form-outcome';
import { approveCompanyOrder, refuseCompanyOrder, type CompanyOrderDetail } from '../portal-api';
import { useFailureHandler, type Failure } from './use-load';

const fr = {
  approve: 'Approuver',
  refuse: 'Refuser',
  refuseTitle: (number: string) => `Refuser la commande n° ${number}`,
  reason: 'Motif du refus',
  reasonHint: 'Il sera communiqué à la personne qui a passé la commande.',
  reasonRequired: 'Indiquez le motif du refus.',
  confirmRefusal: 'Confirmer le refus',
  cancel: 'Annuler',
  forbidden: 'Vous n’avez pas le droit de valider les commandes de ce site.',
  notPending: 'Cette commande n’attend plus de validation.',
};

type Messages = typeof fr;

const messages: Record<Locale, Messages> = {
  fr,
  en: {
    approve: 'Approve',
    refuse: 'Refuse',
    refuseTitle: (number) => `Refuse order ${number}`,
    reason: 'Reason for refusing',
    reasonHint: 'It will be passed on to the person who placed the order.',
    reasonRequired: 'Give the reason for refusing.',
    confirmRefusal: 'Confirm the refusal',
    cancel: 'Cancel',
    forbidden: 'You are not allowed to approve the orders of this location.',
    notPending: 'This order is no longer waiting for approval.',
  },
};

function failureText(failure: Failure, t: Messages, c: Parameters<typeof describeFailure>[1]): string {
  if (failure.status === 403) return t.forbidden;
  if (failure.status === 409) return t.notPending;
  return describeFailure(failure, c);
}

type OrderApprovalProps = {
  companyId: string;
  order: { id: string; number: string };
  onDecided: (order: CompanyOrderDetail) => void;
};

/** "Approuver" / "Refuser" for a draft waiting for a location administrator (F3.5). */
export function OrderApproval({ companyId, order, onDecided }: OrderApprovalProps) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const id = useId();
  const [refusing, setRefusing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [reasonError, setReasonError] = useState<string | undefined>();
  const handleFailure = useFailureHandler(setFailure);

  async function decide(call: () => ReturnType<typeof approveCompanyOrder>) {
    setBusy(true);
    setFailure(null);
    const result = await call();
    setBusy(false);
    if (result.ok) onDecided(result.data);
    else handleFailure(result);
  }

  function refuse(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = formText(new FormData(event.currentTarget), 'reason');
    setReasonError(reason ? undefined : t.reasonRequired);
    if (reason) void decide(() => refuseCompanyOrder(companyId, order.id, reason));
  }

  return (
    <div className="item__details">
      <Alert>{failure ? failureText(failure, t, c) : null}</Alert>
      {refusing ? (
        <form onSubmit={refuse} noValidate aria-labelledby={`${id}-title`}>
          <p id={`${id}-title`} className="item__title">
            {t.refuseTitle(order.number)}
          </p>
          <TextField name="reason" label={t.reason} hint={t.reasonHint} maxLength={500} error={reasonError} autoFocus />
          <div className="actions">
            <Button type="submit" variant="danger" busy={busy}>
              {t.confirmRefusal}
            </Button>
            <Button variant="secondary" onClick={() => setRefusing(false)}>
              {t.cancel}
            </Button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <Button busy={busy} onClick={() => void decide(() => approveCompanyOrder(companyId, order.id))} aria-describedby={`${id}-order`}>
            {t.approve}
          </Button>
          <Button variant="danger" onClick={() => setRefusing(true)} aria-describedby={`${id}-order`}>
            {t.refuse}
          </Button>
          <span id={`${id}-order`} className="visually-hidden">
            {order.number}
          </span>
        </div>
      )}
    </div>
  );
}
