import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../../ui/alert';
import { Button } from '../../../../ui/forms';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { useMessages } from '../../../../ui/i18n';
import { api } from '../../backoffice-api';
import { common } from '../../common.messages';
import { useSessionFailure } from '../../staff-session';
import { registryAdminMessages } from './registries.messages';

type Registry = { id: string; kind: string; title: string; publicCode: string; status: 'open' | 'closed'; eventDate: string | null };

/** The customer's gift registries (F5.6), loaded on demand: each look is audited. */
export function CustomerRegistriesSection({ customerId }: { customerId: string }) {
  const t = useMessages(registryAdminMessages);
  const c = useMessages(common);
  const onSessionFailure = useSessionFailure();
  const [items, setItems] = useState<Registry[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    setBusy(true);
    const result = await api.get<{ items: Registry[] }>(`/api/staff/customers/${encodeURIComponent(customerId)}/registries`);
    setBusy(false);
    if (result.ok) setItems(result.data.items);
    else if (!onSessionFailure(result)) setFailure(result);
  }

  return (
    <section className="card" aria-labelledby="customer-registries">
      <h2 id="customer-registries">{t.sectionTitle}</h2>
      <p className="muted">{t.sectionIntro}</p>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      {items === null ? (
        <div className="actions">
          <Button variant="secondary" busy={busy} onClick={load}>
            {t.show}
          </Button>
        </div>
      ) : items.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className="item-list" aria-labelledby="customer-registries">
          {items.map((registry) => (
            <li key={registry.id}>
              <p className="item__title">
                <Link to={`/registries/${registry.publicCode}`}>{registry.title}</Link>
                {registry.status === 'closed' ? <span className="badge">{t.closed}</span> : null}
              </p>
              <p className="item__meta">
                {t.kinds[registry.kind] ?? registry.kind} · {registry.publicCode}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
