import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { Button } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { getCompanyOrder, getMyOrder, type CompanyOrderDetail, type OrderDetail, type ReturnRequest } from '../portal-api';
import { OrderApproval } from './order-approval';
import { OrderDeliverySection, OrderDocumentsSection, OrderLinesSection, OrderReturnsSection, OrderSummarySection } from './order-detail.sections';
import { orderDetailMessages } from './order-detail.messages';
import { ReorderSection } from './order-reorder.section';
import { CreatedReturn, ReturnForm } from './order-return.form';
import { ordersMessages } from './orders.messages';
import { useLoad } from './use-load';

/** The returns of an order, the form to request one, and the one just requested. */
function ReturnsCard({ order, onCreated }: { order: OrderDetail; onCreated: () => void }) {
  const t = useMessages(orderDetailMessages);
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<ReturnRequest | null>(null);
  const returnable = order.lines.some((line) => line.returnableQuantity > 0);
  return (
    <OrderReturnsSection order={order}>
      <div role="status" aria-live="polite">
        {created ? <CreatedReturn created={created} /> : null}
      </div>
      {open ? (
        <ReturnForm
          orderId={order.id}
          lines={order.lines}
          onCancel={() => setOpen(false)}
          onCreated={(request) => {
            setCreated(request);
            setOpen(false);
            onCreated();
          }}
        />
      ) : returnable && order.status !== 'pending_approval' && order.status !== 'refused' ? (
        <div className="actions no-print">
          <Button variant="secondary" onClick={() => setOpen(true)}>
            {t.returnStart}
          </Button>
        </div>
      ) : null}
    </OrderReturnsSection>
  );
}

/** /orders/:orderId for one's own orders, /companies/:companyId/orders/:orderId for a colleague's. */
export function OrderPage() {
  const o = useMessages(ordersMessages);
  const c = useMessages(common);
  const { orderId = '', companyId } = useParams();
  const { data: order, setData, failure, reload } = useLoad<OrderDetail | CompanyOrderDetail>(
    () => (companyId ? getCompanyOrder(companyId, orderId) : getMyOrder(orderId)),
    `${companyId ?? ''}/${orderId}`,
  );
  const shown = order && order.id === orderId ? order : null;
  const heading = shown ? (shown.channel === 'store' ? o.receiptNumber(shown.number) : o.orderNumber(shown.number)) : o.title;
  const back = companyId ? `/companies/${encodeURIComponent(companyId)}/orders` : '/orders';
  const placedBy = companyId && shown ? (shown as CompanyOrderDetail).placedBy : undefined;

  return (
    <>
      <PageHeading>{heading}</PageHeading>
      <p className="no-print">
        <Link to={back}>{companyId ? o.backToCompanyOrders : o.backToOrders}</Link>
      </p>
      <Alert>{failure ? (failure.status === 404 ? o.notFound : describeFailure(failure, c)) : null}</Alert>
      {shown ? (
        <>
          <OrderSummarySection order={shown} placedBy={placedBy} />
          {companyId && shown.status === 'pending_approval' ? (
            <section className="card" aria-label={o.statuses.pending_approval}>
              <OrderApproval companyId={companyId} order={shown} onDecided={setData} />
            </section>
          ) : null}
          <OrderLinesSection order={shown} />
          <OrderDeliverySection order={shown} />
          <OrderDocumentsSection order={shown} companyId={companyId} />
          {companyId ? null : (
            <>
              <ReorderSection orderId={shown.id} />
              <ReturnsCard order={shown} onCreated={reload} />
            </>
          )}
        </>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}
