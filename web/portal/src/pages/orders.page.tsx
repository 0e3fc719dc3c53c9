import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { Button } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { getBuyingContext, listMyOrders, type OrderFilters } from '../portal-api';
import { filtersFromSearch, OrderFiltersForm } from './order-filters.form';
import { OrderList } from './order-list';
import { ordersMessages } from './orders.messages';
import { usePagedList } from './use-load';

/** The locations of every company the caller buys for, named with their company when there are several. */
function useMyLocations() {
  const [locations, setLocations] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    let current = true;
    void getBuyingContext().then((result) => {
      if (!current || !result.ok) return;
      const several = result.data.choices.length > 1;
      setLocations(
        result.data.choices.flatMap((choice) =>
          choice.locations.map((location) => ({ id: location.id, name: several ? `${choice.companyName} – ${location.name}` : location.name })),
        ),
      );
    });
    return () => {
      current = false;
    };
  }, []);
  return locations;
}

export function OrdersPage() {
  const t = useMessages(ordersMessages);
  const c = useMessages(common);
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const key = JSON.stringify(filters);
  const list = usePagedList((cursor) => listMyOrders(filters, cursor), key);
  const locations = useMyLocations();

  const apply = (next: OrderFilters) => setSearch(new URLSearchParams(next as Record<string, string>));
  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p className="no-print">
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <p className="muted">{t.intro}</p>
      <OrderFiltersForm filters={filters} locations={locations} onApply={apply} />
      <section className="card" aria-labelledby="orders-heading">
        <h2 id="orders-heading">{t.listLabel}</h2>
        <Alert>{list.failure ? describeFailure(list.failure, c) : null}</Alert>
        {list.items === null ? (
          list.failure ? null : <p role="status">{c.loading}</p>
        ) : list.items.length === 0 ? (
          <p>{filtered ? t.emptyFiltered : t.empty}</p>
        ) : (
          <OrderList orders={list.items} label={t.listLabel} detailPath={(order) => `/orders/${encodeURIComponent(order.id)}`} />
        )}
        {list.nextCursor ? (
          <div className="actions">
            <Button variant="secondary" busy={list.busy} onClick={list.more}>
              {t.more}
            </Button>
          </div>
        ) : null}
      </section>
    </>
  );
}
