import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { Button } from '../../../ui/forms';
import { useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { getCompany, listCompanyOrders, type Company, type CompanyOrderSummary, type OrderFilters } from '../portal-api';
import { OrderApproval } from './order-approval';
import { filtersFromSearch, OrderFiltersForm } from './order-filters.form';
import { OrderList } from './order-list';
import { ordersMessages } from './orders.messages';
import { useLoad, usePagedList } from './use-load';

const fr = {
  title: 'Commandes de l’entreprise',
  titleOf: (name: string) => `Commandes – ${name}`,
  intro: {
    admin: 'En tant qu’administrateur, vous voyez toutes les commandes et tous les tickets de l’entreprise, y compris ceux de collaborateurs partis.',
    locationAdmin: 'Vous voyez les commandes des sites que vous administrez, et les vôtres.',
    member: 'Vous voyez les commandes que vous avez passées pour l’entreprise.',
  },
  backToCompany: 'Retour à l’entreprise',
  placedBy: (name: string) => `Passée par ${name}`,
  formerColleague: 'Passée par un ancien collaborateur',
  decided: (number: string, status: string) => `Commande n° ${number} : ${status}.`,
  notFound: 'Cette entreprise n’existe pas, ou vous n’en faites pas partie.',
};

const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Company orders',
    titleOf: (name) => `Orders – ${name}`,
    intro: {
      admin: 'As an administrator, you see every order and receipt of the company, including those of colleagues who have left.',
      locationAdmin: 'You see the orders of the locations you manage, and your own.',
      member: 'You see the orders you placed for the company.',
    },
    backToCompany: 'Back to the company',
    placedBy: (name) => `Placed by ${name}`,
    formerColleague: 'Placed by a former colleague',
    decided: (number, status) => `Order ${number}: ${status}.`,
    notFound: 'This company does not exist, or you do not belong to it.',
  },
};

/** Company administrators approve everywhere, location administrators at their locations (F3.5). */
function mayApprove(company: Company, order: CompanyOrderSummary): boolean {
  if (company.myRole === 'admin') return true;
  return company.locations.some((location) => location.id === order.location?.id && location.myRole === 'location_admin');
}

export function CompanyOrdersPage() {
  const t = useMessages(messages);
  const o = useMessages(ordersMessages);
  const c = useMessages(common);
  const { companyId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const { data: company, failure: companyFailure } = useLoad(() => getCompany(companyId), companyId);
  const list = usePagedList((cursor) => listCompanyOrders(companyId, filters, cursor), `${companyId}${JSON.stringify(filters)}`);
  const [notice, setNotice] = useState<string | null>(null);

  const apply = (next: OrderFilters) => setSearch(new URLSearchParams(next as Record<string, string>));
  const failure = companyFailure ?? list.failure;
  const intro = company
    ? company.myRole === 'admin'
      ? t.intro.admin
      : company.locations.some((location) => location.myRole === 'location_admin')
        ? t.intro.locationAdmin
        : t.intro.member
    : null;

  return (
    <>
      <PageHeading>{company ? t.titleOf(company.name) : t.title}</PageHeading>
      <p>
        <Link to={`/companies/${encodeURIComponent(companyId)}`}>{t.backToCompany}</Link>
      </p>
      {intro ? <p className="muted">{intro}</p> : null}
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? (failure.status === 404 ? t.notFound : describeFailure(failure, c)) : null}</Alert>
      {company ? <OrderFiltersForm filters={filters} locations={company.locations} onApply={apply} /> : null}
      <section className="card" aria-labelledby="company-orders-heading">
        <h2 id="company-orders-heading">{o.listLabel}</h2>
        {list.items === null ? (
          list.failure ? null : <p role="status">{c.loading}</p>
        ) : list.items.length === 0 ? (
          <p>{Object.keys(filters).length ? o.emptyFiltered : o.empty}</p>
        ) : (
          <OrderList
            orders={list.items}
            label={o.listLabel}
            detailPath={(order) => `/companies/${encodeURIComponent(companyId)}/orders/${encodeURIComponent(order.id)}`}
            extra={(order) => (
              <>
                <p className="item__meta">{order.placedBy ? t.placedBy(order.placedBy.name) : t.formerColleague}</p>
                {order.status === 'pending_approval' && company && mayApprove(company, order) ? (
                  <OrderApproval
                    companyId={companyId}
                    order={order}
                    onDecided={(decided) => {
                      list.setItems((items) => items?.map((item) => (item.id === decided.id ? { ...item, ...decided } : item)) ?? null);
                      setNotice(t.decided(decided.number, o.statuses[decided.status]));
                    }}
                  />
                ) : null}
              </>
            )}
          />
        )}
        {list.nextCursor ? (
          <div className="actions">
            <Button variant="secondary" busy={list.busy} onClick={list.more}>
              {o.more}
            </Button>
          </div>
        ) : null}
      </section>
    </>
  );
}
