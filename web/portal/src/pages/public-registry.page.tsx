import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, type FormErrors } from '../../../ui/form-errors';
import { describeFailure, failureToFormErrors, formText } from '../../../ui/form-outcome';
import { Button, TextField } from '../../../ui/forms';
import { useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { getPublicRegistry, leaveRegistryMessage, reserveRegistryItem, type PublicRegistry } from '../registries-api';
import { formatMoney } from '../wishlists-api';
import { registryMessages, type RegistryMessages } from './registries.messages';
import { formatDate } from './registry-format';
import type { Failure } from './use-load';

type Item = PublicRegistry['items'][number];

/** A registry's public page, signed out: its gifts, what is left of each, reserving one, a message. */
export function PublicRegistryPage() {
  const { code = '' } = useParams();
  const t = useMessages(registryMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const [registry, setRegistry] = useState<PublicRegistry | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [accessCode, setAccessCode] = useState<string | null>(null);
  const [needsCode, setNeedsCode] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [reserving, setReserving] = useState<Item | null>(null);

  const load = useCallback(
    async (withCode: string | null) => {
      const result = await getPublicRegistry(code, withCode);
      if (result.ok) {
        setRegistry(result.data);
        setNeedsCode(false);
        setFailure(null);
      } else if (result.status === 403) {
        setNeedsCode(true);
        setFailure(withCode ? result : null);
      } else setFailure(result);
    },
    [code],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  function openWithCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = formText(new FormData(event.currentTarget), 'accessCode');
    setAccessCode(typed);
    void load(typed);
  }

  const failureText = failure
    ? failure.status === 404
      ? t.notFound
      : failure.problem.code === 'invalid_access_code'
        ? t.wrongCode
        : describeFailure(failure, c)
    : null;

  return (
    <>
      <PageHeading>{registry?.title ?? t.findTitle}</PageHeading>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failureText}</Alert>
      {needsCode && !registry ? (
        <section className="card" aria-labelledby="access-heading">
          <h2 id="access-heading">{t.accessTitle}</h2>
          <p className="muted">{t.accessIntro}</p>
          <form onSubmit={openWithCode} noValidate>
            <TextField label={t.accessCode} name="accessCode" maxLength={32} autoComplete="off" required />
            <div className="actions">
              <Button type="submit">{t.open}</Button>
            </div>
          </form>
        </section>
      ) : null}
      {registry ? (
        <>
          <section className="card" aria-labelledby="about-heading">
            <h2 id="about-heading">{t.publicIntro(registry.ownerNames)}</h2>
            {registry.photoUrl ? <img src={registry.photoUrl} alt={t.photoAlt} className="registry-photo" width={320} /> : null}
            <p className="muted">
              {t.kinds[registry.kind]}
              {registry.eventDate ? ` · ${t.eventOn(formatDate(locale, registry.eventDate))}` : ''}
            </p>
            {registry.message ? <p>{registry.message}</p> : null}
          </section>
          <section className="card" aria-labelledby="gifts-heading">
            <h2 id="gifts-heading">{t.items}</h2>
            <ul className="item-list" aria-labelledby="gifts-heading">
              {registry.items.map((item) => (
                <li key={item.id}>
                  <div className="item__main">
                    {item.imageUrl ? <img src={item.imageUrl} alt="" width={64} height={64} loading="lazy" /> : null}
                    <p className="item__title">{item.name}</p>
                    <p className="item__meta">{t.remaining(item.remainingQuantity)}</p>
                  </div>
                  {item.price ? <p className="item__amount">{formatMoney(locale, item.price)}</p> : null}
                  {item.remainingQuantity > 0 ? (
                    <div className="actions">
                      <Button variant="secondary" aria-label={t.reserveTitle(item.name)} onClick={() => setReserving(item)}>
                        {t.reserve}
                      </Button>
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
          {reserving ? (
            <ReserveForm
              key={reserving.id}
              t={t}
              code={code}
              item={reserving}
              accessCode={accessCode}
              onDone={() => {
                setNotice(t.reserved(reserving.name));
                setReserving(null);
                void load(accessCode);
              }}
            />
          ) : null}
          {registry.fundEnabled ? (
            <section className="card" aria-labelledby="fund-heading">
              <h2 id="fund-heading">{t.fund}</h2>
              <p>{t.fundIntro}</p>
              <p>{t.codeLine(registry.publicCode)}</p>
            </section>
          ) : null}
          <MessageForm t={t} code={code} accessCode={accessCode} onDone={() => setNotice(t.messageSent)} />
        </>
      ) : failure || needsCode ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}

const VISITOR_FIELDS = ['name', 'email', 'message', 'quantity'] as const;

function ReserveForm(props: { t: RegistryMessages; code: string; item: Item; accessCode: string | null; onDone: () => void }) {
  const { t } = props;
  const c = useMessages(common);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = formText(data, 'name');
    if (!name) {
      setErrors({ fields: { name: t.required }, message: c.fieldsToFix });
      return;
    }
    setBusy(true);
    const result = await reserveRegistryItem(props.code, {
      itemId: props.item.id,
      quantity: Number(formText(data, 'quantity') || '1'),
      name,
      email: formText(data, 'email') || null,
      message: formText(data, 'message') || null,
      ...(props.accessCode ? { accessCode: props.accessCode } : {}),
    });
    setBusy(false);
    if (result.ok) props.onDone();
    else if (result.problem.code === 'item_fully_reserved') setErrors({ fields: {}, message: t.fullyReserved });
    else setErrors(failureToFormErrors(result, VISITOR_FIELDS, c));
  }

  return (
    <section className="card" aria-labelledby="reserve-heading">
      <h2 id="reserve-heading">{t.reserveTitle(props.item.name)}</h2>
      <form onSubmit={submit} noValidate>
        <Alert>{errors.message}</Alert>
        <TextField label={t.yourName} name="name" maxLength={100} autoComplete="name" required error={errors.fields.name} autoFocus />
        <TextField label={t.yourEmail} name="email" type="email" hint={t.yourEmailHint} autoComplete="email" error={errors.fields.email} />
        <TextField label={t.yourMessage} name="message" maxLength={2000} error={errors.fields.message} />
        {props.item.remainingQuantity > 1 ? (
          <TextField label={t.quantityLabel} name="quantity" type="number" min={1} max={props.item.remainingQuantity} defaultValue="1" error={errors.fields.quantity} />
        ) : null}
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t.confirmReserve}
          </Button>
        </div>
      </form>
    </section>
  );
}

function MessageForm(props: { t: RegistryMessages; code: string; accessCode: string | null; onDone: () => void }) {
  const { t } = props;
  const c = useMessages(common);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = formText(data, 'name');
    const message = formText(data, 'message');
    const missing = Object.fromEntries(Object.entries({ name, message }).filter(([, value]) => !value).map(([field]) => [field, t.required]));
    if (Object.keys(missing).length) {
      setErrors({ fields: missing, message: c.fieldsToFix });
      return;
    }
    setBusy(true);
    const result = await leaveRegistryMessage(props.code, { name, message, email: formText(data, 'email') || null, ...(props.accessCode ? { accessCode: props.accessCode } : {}) });
    setBusy(false);
    if (result.ok) {
      setErrors(NO_ERRORS);
      form.reset();
      props.onDone();
    } else setErrors(failureToFormErrors(result, VISITOR_FIELDS, c));
  }

  return (
    <section className="card" aria-labelledby="message-heading">
      <h2 id="message-heading">{t.leaveMessage}</h2>
      <form onSubmit={submit} noValidate>
        <Alert>{errors.message}</Alert>
        <TextField label={t.yourName} name="name" maxLength={100} autoComplete="name" required error={errors.fields.name} />
        <TextField label={t.yourMessage.replace(/ \((facultatif|optional)\)$/, '')} name="message" maxLength={2000} required error={errors.fields.message} />
        <div className="actions">
          <Button type="submit" variant="secondary" busy={busy}>
            {t.messageSend}
          </Button>
        </div>
      </form>
    </section>
  );
}
