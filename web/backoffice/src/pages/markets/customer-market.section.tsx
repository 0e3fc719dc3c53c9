import { useId, useState } from 'react';
import { Alert } from '../../../../ui/alert';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { Button, SelectField } from '../../../../ui/forms';
import { useMessages, type Locale } from '../../../../ui/i18n';
import type { CustomerDetail } from '../../api/customers';
import { marketLabel, moveCustomerToMarket, useMarkets } from '../../api/markets';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { ConfirmDialog } from '../customers/confirm.dialog';

const fr = {
  title: 'Marché',
  current: (name: string) => `Ce compte appartient au marché ${name} : il s’y inscrit et s’y connecte.`,
  target: 'Déplacer vers',
  move: 'Déplacer',
  confirmTitle: 'Déplacer ce compte ?',
  confirmText: (from: string, to: string) =>
    `Le compte passe de ${from} à ${to} : il se connectera désormais sur l’adresse de ${to}, et toutes ses sessions sont fermées. Ses commandes et documents restent dans ${from}.`,
  cancel: 'Annuler',
  moved: (name: string) => `Compte déplacé vers ${name}.`,
  emailTaken: 'Un autre compte de ce marché utilise déjà cette adresse e-mail : rien n’a changé.',
  inCompany: 'Ce client est membre d’une entreprise, qui reste dans son marché : retirez-le d’abord de l’entreprise.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Market',
    current: (name) => `This account belongs to the market ${name}: it signs up and signs in there.`,
    target: 'Move to',
    move: 'Move',
    confirmTitle: 'Move this account?',
    confirmText: (from, to) =>
      `The account goes from ${from} to ${to}: it will sign in at ${to}’s address from now on, and all its sessions end. Its orders and documents stay in ${from}.`,
    cancel: 'Cancel',
    moved: (name) => `Account moved to ${name}.`,
    emailTaken: 'Another account of that market already uses this email address: nothing changed.',
    inCompany: 'This customer is a member of a company, which stays in its market: remove them from the company first.',
  },
};

/** The customer's market and, for owners and administrators, moving the account to another (F1.8). */
export function CustomerMarketSection({ customer, onMoved }: { customer: CustomerDetail; onMoved: (customer: CustomerDetail) => void }) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const id = useId();
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const markets = useMarkets(me.marketIds);
  const others = markets.workable.filter((market) => market.id !== customer.market.id);
  const [target, setTarget] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const chosen = others.find((market) => market.id === (target || others[0]?.id));
  if (markets.all.length <= 1) return null;

  async function move() {
    if (!chosen) return;
    setBusy(true);
    const result = await moveCustomerToMarket(customer.id, chosen.id);
    setBusy(false);
    setConfirming(false);
    if (result.ok) {
      setFailure(null);
      setNotice(t.moved(chosen.name));
      onMoved(result.data);
      return;
    }
    setNotice(null);
    if (onSessionFailure(result)) return;
    const code = result.problem.code;
    setFailure(code === 'email_taken_in_market' ? t.emailTaken : code === 'customer_in_company' ? t.inCompany : describeFailure(result as Failure, c));
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.title}</h2>
      <p>{t.current(marketLabel(customer.market))}</p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure}</Alert>
      {can(me, 'customers.erase') && others.length > 0 && chosen ? (
        <div className="field-row market-move">
          <SelectField
            label={t.target}
            name="targetMarket"
            value={chosen.id}
            onChange={(event) => setTarget(event.target.value)}
            options={others.map((market) => ({ value: market.id, label: marketLabel(market) }))}
          />
          <div className="actions">
            <Button variant="secondary" onClick={() => setConfirming(true)}>
              {t.move}
            </Button>
          </div>
        </div>
      ) : null}
      {confirming && chosen ? (
        <ConfirmDialog
          title={t.confirmTitle}
          text={t.confirmText(customer.market.name, chosen.name)}
          confirmLabel={t.move}
          cancelLabel={t.cancel}
          busy={busy}
          onConfirm={() => void move()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}
