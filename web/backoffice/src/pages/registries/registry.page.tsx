import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { Button, TextField } from '../../../../ui/forms';
import { describeFailure, formText, type Failure } from '../../../../ui/form-outcome';
import { useLocale, useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import { api } from '../../backoffice-api';
import { common } from '../../common.messages';
import { useSessionFailure } from '../../staff-session';
import { formatMoney, registryAdminMessages, type Money } from './registries.messages';

type RegistryView = {
  id: string;
  customerId: string;
  kind: string;
  title: string;
  ownerNames: string;
  eventDate: string | null;
  publicCode: string;
  visibility: string;
  status: 'open' | 'closed';
  items: { id: string; name: string; wantedQuantity: number; reservedQuantity: number; purchasedQuantity: number }[];
  gifts: { id: string; giverName: string; quantity: number; status: string; item: { name: string } }[];
  contributions: { id: string; giverName: string; amount: Money }[];
};

/** A registry found by its code (`/registries/:code`), read-only; the form finds another. */
export function RegistryPage() {
  const { code = '' } = useParams();
  const t = useMessages(registryAdminMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const navigate = useNavigate();
  const onSessionFailure = useSessionFailure();
  const [registry, setRegistry] = useState<RegistryView | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    if (!code) return;
    let current = true;
    setRegistry(null);
    setFailure(null);
    void api.get<RegistryView>(`/api/staff/registries/${encodeURIComponent(code)}`).then((result) => {
      if (!current) return;
      if (result.ok) setRegistry(result.data);
      else if (!onSessionFailure(result)) setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [code, onSessionFailure]);

  function find(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = formText(new FormData(event.currentTarget), 'code').replace(/\s/g, '').toUpperCase();
    if (typed) void navigate(`/registries/${encodeURIComponent(typed)}`);
  }

  return (
    <>
      <PageHeading>{registry?.title ?? t.pageTitle}</PageHeading>
      <section className="card" aria-labelledby="find-registry">
        <h2 id="find-registry">{t.findTitle}</h2>
        <form onSubmit={find} noValidate>
          <TextField label={t.codeLabel} name="code" hint={t.codeHint} defaultValue={code} autoComplete="off" />
          <div className="actions">
            <Button type="submit">{t.find}</Button>
          </div>
        </form>
      </section>
      <Alert>{failure ? (failure.status === 404 ? t.notFound : describeFailure(failure, c)) : null}</Alert>
      {registry ? (
        <>
          <section className="card" aria-labelledby="registry-summary">
            <h2 id="registry-summary">{t.kinds[registry.kind] ?? registry.kind}</h2>
            <dl className="details">
              <dt>{t.owner}</dt>
              <dd>
                <Link to={`/customers/${registry.customerId}`}>{t.ownerLink}</Link>
              </dd>
              <dt>{t.ownerNames}</dt>
              <dd>{registry.ownerNames}</dd>
              <dt>{t.codeLabel}</dt>
              <dd>{registry.publicCode}</dd>
              <dt>{t.visibility}</dt>
              <dd>{t.visibilities[registry.visibility] ?? registry.visibility}</dd>
              <dt>{t.status}</dt>
              <dd>{registry.status === 'open' ? t.open : t.closed}</dd>
              {registry.eventDate ? (
                <>
                  <dt>{t.eventDate}</dt>
                  <dd>{registry.eventDate}</dd>
                </>
              ) : null}
            </dl>
          </section>
          <ListSection id="registry-items" title={t.items} empty={t.nothing} lines={registry.items.map((item) => [item.id, t.itemLine(item.name, item.wantedQuantity, item.reservedQuantity, item.purchasedQuantity)])} />
          <ListSection
            id="registry-gifts"
            title={t.gifts}
            empty={t.nothing}
            lines={registry.gifts.map((gift) => [gift.id, t.giftLine(gift.giverName, gift.quantity, gift.item.name, t.giftStatus[gift.status] ?? gift.status)])}
          />
          <ListSection
            id="registry-contributions"
            title={t.contributions}
            empty={t.nothing}
            lines={registry.contributions.map((contribution) => [contribution.id, t.contributionLine(contribution.giverName, formatMoney(locale, contribution.amount))])}
          />
        </>
      ) : null}
    </>
  );
}

function ListSection(props: { id: string; title: string; empty: string; lines: [string, string][] }) {
  return (
    <section className="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.lines.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <ul className="item-list" aria-labelledby={props.id}>
          {props.lines.map(([key, line]) => (
            <li key={key}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
