import { useState, type FormEvent } from 'react';
import { Alert } from '../../../ui/alert';
import { describeFailure, formText } from '../../../ui/form-outcome';
import { Button, TextField } from '../../../ui/forms';
import { formatDateTime, useLocale, useMessages } from '../../../ui/i18n';
import { common } from '../common.messages';
import {
  cancelReservation,
  listRegistryContributions,
  listRegistryGifts,
  thankContribution,
  thankGift,
  type RegistryDetail,
} from '../registries-api';
import { formatMoney } from '../wishlists-api';
import type { RegistryMessages } from './registries.messages';
import { useFailureHandler, useLoad, type Failure } from './use-load';

type Thanked = { emailed: boolean };

/** Who gave what (gifts, then the fund), each with its "thank" action. */
export function RegistryGiftsSection({ registry, t, onChanged }: { registry: RegistryDetail; t: RegistryMessages; onChanged: () => void }) {
  const c = useMessages(common);
  const { locale } = useLocale();
  const key = `${registry.id}:${registry.totals.gifts}:${registry.totals.unthanked}:${registry.updatedAt}`;
  const gifts = useLoad(() => listRegistryGifts(registry.id), key);
  const contributions = useLoad(() => listRegistryContributions(registry.id), key);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const handleFailure = useFailureHandler(setFailure);

  const thanked = (result: Thanked) => {
    setNotice(result.emailed ? t.thankedEmailed : t.thankedNoEmail);
    gifts.reload();
    contributions.reload();
    onChanged();
  };

  return (
    <section className="card" aria-labelledby="gifts-heading">
      <h2 id="gifts-heading">{t.gifts}</h2>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      {gifts.data === null ? (
        <p role="status">{c.loading}</p>
      ) : gifts.data.items.length === 0 ? (
        <p>{t.noGifts}</p>
      ) : (
        <ul className="item-list" aria-labelledby="gifts-heading">
          {gifts.data.items.map((gift) => (
            <li key={gift.id}>
              <div className="item__main">
                <p className="item__title">
                  {t.giftLine(gift.giverName, gift.quantity, gift.item.name)}
                  <span className={gift.status === 'cancelled' ? 'badge badge--muted' : 'badge'}>{t.giftStatus[gift.status]}</span>
                  {gift.thankedAt ? <span className="badge badge--muted">{t.thanked}</span> : null}
                </p>
                {gift.message ? <p className="item__meta">« {gift.message} »</p> : null}
                <p className="item__meta">{formatDateTime(locale, gift.createdAt)}{gift.hasEmail ? '' : ` · ${t.noEmail}`}</p>
                {gift.status !== 'cancelled' && !gift.thankedAt ? (
                  <ThankForm t={t} giver={gift.giverName} send={(message) => thankGift(registry.id, gift.id, message)} onDone={thanked} onFailure={handleFailure} />
                ) : null}
                {gift.status === 'reserved' ? (
                  <div className="actions">
                    <Button
                      variant="link"
                      onClick={async () => {
                        const result = await cancelReservation(registry.id, gift.id);
                        if (result.ok) {
                          gifts.reload();
                          onChanged();
                        } else handleFailure(result);
                      }}
                    >
                      {t.cancelReservation}
                    </Button>
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {registry.fundEnabled || (contributions.data?.items.length ?? 0) > 0 ? (
        <>
          <h3 className="subheading" id="contributions-heading">
            {t.contributions}
          </h3>
          <p>{t.total(formatMoney(locale, registry.totals.contributions))}</p>
          {contributions.data && contributions.data.items.length === 0 ? <p>{t.noContributions}</p> : null}
          {contributions.data && contributions.data.items.length > 0 ? (
            <ul className="item-list" aria-labelledby="contributions-heading">
              {contributions.data.items.map((contribution) => (
                <li key={contribution.id}>
                  <div className="item__main">
                    <p className="item__title">
                      {contribution.giverName}
                      {contribution.thankedAt ? <span className="badge badge--muted">{t.thanked}</span> : null}
                    </p>
                    {contribution.message ? <p className="item__meta">« {contribution.message} »</p> : null}
                    {!contribution.thankedAt ? (
                      <ThankForm
                        t={t}
                        giver={contribution.giverName}
                        send={(message) => thankContribution(registry.id, contribution.id, message)}
                        onDone={thanked}
                        onFailure={handleFailure}
                      />
                    ) : null}
                  </div>
                  <p className="item__amount">{formatMoney(locale, contribution.amount)}</p>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function ThankForm(props: {
  t: RegistryMessages;
  giver: string;
  send: (message: string) => Promise<{ ok: true; data: Thanked } | Failure>;
  onDone: (result: Thanked) => void;
  onFailure: (failure: Failure) => void;
}) {
  const { t } = props;
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  if (!open) {
    return (
      <div className="actions">
        <Button variant="secondary" onClick={() => setOpen(true)} aria-label={`${t.thank} ${props.giver}`}>
          {t.thank}
        </Button>
      </div>
    );
  }
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const message = formText(new FormData(event.currentTarget), 'message');
    if (!message) {
      setError(t.required);
      return;
    }
    setBusy(true);
    const result = await props.send(message);
    setBusy(false);
    if (result.ok) props.onDone(result.data);
    else props.onFailure(result);
  }
  return (
    <form onSubmit={submit} noValidate>
      <TextField label={t.thankLabel(props.giver)} name="message" maxLength={2000} required error={error} autoFocus />
      <div className="actions">
        <Button type="submit" busy={busy}>
          {t.thankSend}
        </Button>
      </div>
    </form>
  );
}
