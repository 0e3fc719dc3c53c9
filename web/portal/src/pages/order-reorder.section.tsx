import { useState } from 'react';
import { Alert } from '../../../ui/alert';
import { Button } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { reorder, type Reorder } from '../portal-api';
import { orderDetailMessages } from './order-detail.messages';
import { useFailureHandler, type Failure } from './use-load';

/** "Commander à nouveau": what goes back in the cart, what no longer can, and the shop's cart. */
export function ReorderSection({ orderId }: { orderId: string }) {
  const t = useMessages(orderDetailMessages);
  const c = useMessages(common);
  const [outcome, setOutcome] = useState<Reorder | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const handleFailure = useFailureHandler(setFailure);

  async function run() {
    setBusy(true);
    setFailure(null);
    const result = await reorder(orderId);
    setBusy(false);
    if (result.ok) setOutcome(result.data);
    else handleFailure(result);
  }

  return (
    <section className="card no-print" aria-labelledby="reorder-heading">
      <h2 id="reorder-heading">{t.reorder}</h2>
      <p className="muted">{t.reorderIntro}</p>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      <div role="status" aria-live="polite">
        {outcome ? (
          <div className="stack">
            {outcome.lines.length > 0 ? (
              <>
                <h3 className="subheading">{t.reorderLines}</h3>
                <ul className="plain-list" aria-label={t.reorderLines}>
                  {outcome.lines.map((line) => (
                    <li key={line.sku}>{t.returnLine(line.quantity, line.name)}</li>
                  ))}
                </ul>
              </>
            ) : (
              <p>{t.reorderNothing}</p>
            )}
            {outcome.unavailable.length > 0 ? (
              <>
                <h3 className="subheading">{t.reorderUnavailable}</h3>
                <ul className="plain-list" aria-label={t.reorderUnavailable}>
                  {outcome.unavailable.map((line) => (
                    <li key={line.sku}>{line.name}</li>
                  ))}
                </ul>
              </>
            ) : null}
            {outcome.lines.length > 0 ? (
              outcome.cartUrl ? (
                <p>
                  <a className="button button--primary" href={outcome.cartUrl}>
                    {t.openCart}
                  </a>
                </p>
              ) : (
                <p className="muted">{t.noCart}</p>
              )
            ) : null}
          </div>
        ) : null}
      </div>
      {outcome ? null : (
        <div className="actions">
          <Button busy={busy} onClick={run}>
            {t.reorder}
          </Button>
        </div>
      )}
    </section>
  );
}
