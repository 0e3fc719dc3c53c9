import { Link } from 'react-router';
import { Alert } from '../../../ui/alert';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { listPaymentMethods, type PaymentMethod } from '../portal-api';
import { useLoad } from './use-load';

const fr = {
  title: 'Mes moyens de paiement',
  intro: 'Les moyens de paiement enregistrés lors de vos achats. Nous ne conservons jamais le numéro complet de votre carte : seuls la marque, les quatre derniers chiffres et la date d’expiration sont affichés.',
  backToAccount: 'Retour à mon compte',
  listLabel: 'Moyens de paiement enregistrés',
  none: 'Aucun moyen de paiement enregistré.',
  kinds: { card: 'Carte bancaire', sepa_debit: 'Prélèvement SEPA', paypal: 'PayPal', bank_transfer: 'Virement', other: 'Autre moyen' } satisfies Record<
    PaymentMethod['kind'],
    string
  >,
  endingIn: (last4: string) => `se terminant par ${last4}`,
  expires: (date: string) => `Expire fin ${date}`,
  expiredOn: (date: string) => `A expiré fin ${date}`,
  expired: 'Expiré',
  default: 'Par défaut',
  manage: 'Pour ajouter ou retirer un moyen de paiement, passez par la boutique lors de votre prochain achat.',
};

type Messages = typeof fr;

const messages: Record<Locale, Messages> = {
  fr,
  en: {
    title: 'My payment methods',
    intro: 'The payment methods saved when you bought from us. We never keep your full card number: only the brand, the last four digits and the expiry date are shown.',
    backToAccount: 'Back to my account',
    listLabel: 'Saved payment methods',
    none: 'No saved payment method.',
    kinds: { card: 'Card', sepa_debit: 'SEPA Direct Debit', paypal: 'PayPal', bank_transfer: 'Bank transfer', other: 'Other method' },
    endingIn: (last4) => `ending in ${last4}`,
    expires: (date) => `Expires end of ${date}`,
    expiredOn: (date) => `Expired end of ${date}`,
    expired: 'Expired',
    default: 'Default',
    manage: 'To add or remove a payment method, go through the shop when you next buy.',
  },
};

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', cb: 'CB', maestro: 'Maestro' };

function MethodItem({ method, t }: { method: PaymentMethod; t: Messages }) {
  const brand = method.brand ? (BRANDS[method.brand.toLowerCase()] ?? method.brand) : t.kinds[method.kind];
  const expiry =
    method.expiryMonth && method.expiryYear ? `${String(method.expiryMonth).padStart(2, '0')}/${method.expiryYear}` : null;
  return (
    <li>
      <div className="item__main">
        <p className="item__title">
          {brand}
          {method.last4 ? (
            <>
              {' '}
              <span aria-hidden="true">•••• {method.last4}</span>
              <span className="visually-hidden">{t.endingIn(method.last4)}</span>
            </>
          ) : null}
          {method.isDefault ? <span className="badge">{t.default}</span> : null}
          {method.expired ? <span className="badge badge--danger">{t.expired}</span> : null}
        </p>
        {method.brand ? <p className="item__meta">{t.kinds[method.kind]}</p> : null}
        {expiry ? <p className="item__meta">{method.expired ? t.expiredOn(expiry) : t.expires(expiry)}</p> : null}
      </div>
    </li>
  );
}

export function PaymentMethodsPage() {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { data, failure } = useLoad(listPaymentMethods, 'payment-methods');
  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <p className="muted">{t.intro}</p>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      <section className="card" aria-labelledby="payment-methods-heading">
        <h2 id="payment-methods-heading">{t.listLabel}</h2>
        {data ? (
          data.items.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <ul className="item-list" aria-label={t.listLabel}>
              {data.items.map((method) => (
                <MethodItem key={method.id} method={method} t={t} />
              ))}
            </ul>
          )
        ) : failure ? null : (
          <p role="status">{c.loading}</p>
        )}
        <p className="muted">{t.manage}</p>
      </section>
    </>
  );
}
