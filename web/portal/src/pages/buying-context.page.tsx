import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { Button } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import { chooseBuyingContext, getBuyingContext, type BuyingContext } from '../portal-api';
import { buyingContextMessages, type BuyingContextMessages } from './buying-context.messages';

type Failure = Extract<ApiResult<unknown>, { ok: false }>;
const CONSUMER = 'consumer';

/** The terms of the chosen location, read-only: the shop sets them. */
export function TermsList({ terms, t }: { terms: NonNullable<BuyingContext['location']>; t: BuyingContextMessages }) {
  return (
    <dl className="details">
      <dt>{t.catalog}</dt>
      <dd>{terms.catalogRef ?? t.noCatalog}</dd>
      <dt>{t.paymentTerms}</dt>
      <dd>{t.terms(terms.paymentTerms)}</dd>
      <dt>{t.approval}</dt>
      <dd>{terms.requiresApproval ? t.approvalNeeded : t.approvalNone}</dd>
    </dl>
  );
}

/** The location picker (/context): "Je commande pour …", saved with PUT /api/me/context. */
export function BuyingContextPage() {
  const t = useMessages(buyingContextMessages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const id = useId();
  const [context, setContext] = useState<BuyingContext | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const showFailure = useCallback(
    (result: Failure) => {
      if (result.status === 401) void navigate('/sign-in', { replace: true });
      else setFailure(describeFailure(result, c));
    },
    [navigate, c],
  );

  useEffect(() => {
    let current = true;
    void getBuyingContext().then((result) => {
      if (!current) return;
      if (result.ok) setContext(result.data);
      else showFailure(result);
    });
    return () => {
      current = false;
    };
  }, [showFailure]);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const choice = new FormData(event.currentTarget).get('buying-for');
    setFailure(null);
    setNotice(null);
    if (typeof choice !== 'string') {
      setFailure(t.pickOne);
      return;
    }
    const [companyId, locationId] = choice === CONSUMER ? [null, null] : choice.split('|');
    setBusy(true);
    const result = await chooseBuyingContext({ companyId: companyId ?? null, locationId: locationId ?? null });
    setBusy(false);
    if (!result.ok) return showFailure(result);
    setContext(result.data);
    const chosen = result.data;
    setNotice(t.saved(chosen.company && chosen.location ? t.savedFor(chosen.company.name, chosen.location.name) : t.savedConsumer));
  }

  const current = context
    ? context.kind === 'business' && context.company
      ? `${context.company.id}|${context.location?.id ?? ''}`
      : context.choiceRequired
        ? undefined
        : CONSUMER
    : undefined;

  return (
    <>
      <PageHeading>{t.pickerTitle}</PageHeading>
      <Alert>{failure}</Alert>
      <Alert tone="success">{notice}</Alert>
      {!context ? (
        failure ? null : <p role="status">{c.loading}</p>
      ) : (
        <>
          <section className="card" aria-labelledby={`${id}-now`}>
            <h2 id={`${id}-now`}>
              {context.kind === 'business' && context.company
                ? t.businessNow(context.company.name, context.location?.name ?? null)
                : context.choiceRequired
                  ? t.choiceRequired
                  : t.consumerNow}
            </h2>
            {context.location && context.company ? (
              <>
                <TermsList terms={context.location} t={t} />
                <p className="muted">{t.termsSetByShop}</p>
                <p>
                  <Link to={`/companies/${encodeURIComponent(context.company.id)}/locations/${encodeURIComponent(context.location.id)}`}>
                    {t.seeLocation(context.location.name)}
                  </Link>
                </p>
              </>
            ) : null}
          </section>
          {context.choices.length === 0 ? (
            <p>{t.noCompany}</p>
          ) : (
            <form className="card" onSubmit={save} key={current ?? 'none'} aria-labelledby={`${id}-pick`}>
              <h2 id={`${id}-pick`}>{t.pickerTitle}</h2>
              <p className="muted">{t.pickerIntro}</p>
              {context.choices.map((choice) => (
                <fieldset className="field field--radios" key={choice.companyId}>
                  <legend>{t.locationsOf(choice.companyName)}</legend>
                  {choice.locations.length === 0 ? <p className="muted">{t.noLocation}</p> : null}
                  {choice.locations.map((location) => {
                    const value = `${choice.companyId}|${location.id}`;
                    return (
                      <div className="radio" key={location.id}>
                        <input type="radio" id={`${id}-${location.id}`} name="buying-for" value={value} defaultChecked={value === current} />
                        <label htmlFor={`${id}-${location.id}`}>{`${choice.companyName} — ${location.name}`}</label>
                      </div>
                    );
                  })}
                </fieldset>
              ))}
              <div className="radio">
                <input type="radio" id={`${id}-consumer`} name="buying-for" value={CONSUMER} defaultChecked={current === CONSUMER} />
                <label htmlFor={`${id}-consumer`}>{t.asConsumer}</label>
              </div>
              <div className="actions">
                <Button type="submit" busy={busy}>
                  {t.save}
                </Button>
              </div>
            </form>
          )}
          <p>
            <Link to="/">{t.backToAccount}</Link>
          </p>
        </>
      )}
    </>
  );
}
