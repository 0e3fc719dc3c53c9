import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useLocale, useMessages } from '../../../ui/i18n';
import type { OrderStatus, OrderSummary } from '../portal-api';
import { formatDay, formatMoney } from './orders.format';
import { ordersMessages } from './orders.messages';

/** Orders that went through are shown plainly; those waiting or stopped stand out. */
export function statusBadgeClass(status: OrderStatus): string {
  if (status === 'pending_approval') return 'badge badge--warning';
  if (status === 'cancelled' || status === 'refused') return 'badge badge--muted';
  return 'badge';
}

type OrderListProps<O extends OrderSummary> = {
  orders: readonly O[];
  label: string;
  detailPath: (order: O) => string;
  /** What a page adds under an order: who placed it, approval buttons. */
  extra?: (order: O) => ReactNode;
};

/** Orders and receipts in one list, each a link to its detail. */
export function OrderList<O extends OrderSummary>({ orders, label, detailPath, extra }: OrderListProps<O>) {
  const t = useMessages(ordersMessages);
  const { locale } = useLocale();
  return (
    <ul className="item-list" aria-label={label}>
      {orders.map((order) => (
        <li key={order.id}>
          <div className="item__main">
            <p className="item__title">
              <Link to={detailPath(order)}>{order.channel === 'store' ? t.receiptNumber(order.number) : t.orderNumber(order.number)}</Link>
              <span className={order.channel === 'store' ? 'badge badge--store' : 'badge badge--online'}>{t.channels[order.channel]}</span>
            </p>
            <p className="item__meta">
              {t.placedOn(formatDay(locale, order.placedAt))} · {t.items(order.itemCount)}
            </p>
            <p className="item__meta">
              <span className={statusBadgeClass(order.status)}>{t.statuses[order.status]}</span>
            </p>
            {order.storeName ? <p className="item__meta">{t.store(order.storeName)}</p> : null}
            {order.company ? <p className="item__meta">{t.forLocation(order.company.name, order.location?.name ?? null)}</p> : null}
            {order.poNumber ? <p className="item__meta">{t.poNumber(order.poNumber)}</p> : null}
            {extra ? extra(order) : null}
          </div>
          <p className="item__amount">
            <span className="visually-hidden">{t.total} </span>
            {formatMoney(locale, order.total)}
          </p>
        </li>
      ))}
    </ul>
  );
}
