import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../ui/alert';
import type { ApiResult } from '../../../ui/api';
import { Button } from '../../../ui/forms';
import { useLocale, useMessages, type Locale } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { describeFailure } from '../../../ui/form-outcome';
import {
  copyBillingToDelivery,
  deleteAddress,
  listAddressCountries,
  listAddresses,
  makeDefaultAddress,
  type Address,
  type AddressCountry,
  type AddressKind,
} from '../portal-api';
import { AddressForm } from './address.form';
import { addressesMessages, type AddressesMessages } from './addresses.messages';

type Failure = Extract<ApiResult<unknown>, { ok: false }>;
type Editing = { kind: AddressKind; address: Address | null } | null;

/** The address as it would be written on an envelope, one line per array item. */
function addressLines(address: Address, t: AddressesMessages, locale: Locale): string[] {
  const name = [address.firstName, address.lastName].filter(Boolean).join(' ');
  const street = [address.line1, address.houseNumber, address.houseNumberExtension].filter(Boolean).join(' ');
  const country = new Intl.DisplayNames([locale], { type: 'region' }).of(address.country) ?? address.country;
  return [
    name,
    address.company,
    address.attention ? t.attentionOf(address.attention) : null,
    street,
    address.line2,
    [address.postalCode, address.city].filter(Boolean).join(' '),
    address.region,
    country,
    address.phoneNational ? t.phoneLine(address.phoneNational) : null,
  ].filter((line): line is string => Boolean(line));
}

type AddressItemProps = { address: Address; busy: boolean; onEdit: () => void; onMakeDefault: () => void; onDelete: () => void };

function AddressItem({ address, busy, onEdit, onMakeDefault, onDelete }: AddressItemProps) {
  const t = useMessages(addressesMessages);
  const { locale } = useLocale();
  const titleId = useId();
  const lines = addressLines(address, t, locale);
  // Without a label the first line (the name) titles the address.
  const title = address.label ?? lines.shift();
  return (
    <li>
      <div>
        <p className="item__title" id={titleId}>
          {title}
          {address.isDefault ? <span className="badge">{t.isDefault}</span> : null}
        </p>
        <p className="address item__meta">{lines.join('\n')}</p>
      </div>
      <div className="actions">
        <Button variant="secondary" aria-describedby={titleId} onClick={onEdit}>
          {t.edit}
        </Button>
        {address.kind === 'delivery' && !address.isDefault ? (
          <Button variant="secondary" busy={busy} aria-describedby={titleId} onClick={onMakeDefault}>
            {t.makeDefault}
          </Button>
        ) : null}
        <Button variant="danger" busy={busy} aria-describedby={titleId} onClick={onDelete}>
          {t.delete}
        </Button>
      </div>
    </li>
  );
}

export function AddressesPage() {
  const t = useMessages(addressesMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const navigate = useNavigate();
  const id = useId();
  const [addresses, setAddresses] = useState<Address[] | null>(null);
  const [countries, setCountries] = useState<AddressCountry[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headings = { billing: useRef<HTMLHeadingElement>(null), delivery: useRef<HTMLHeadingElement>(null) };

  /** Sign-in lost or a refusal the page explains: true when nothing is left for the caller to show. */
  const handleFailure = useCallback(
    (result: Failure): boolean => {
      if (result.status === 401) {
        void navigate('/sign-in', { replace: true });
        return true;
      }
      const refusal = t.refusals[result.problem.code];
      if (refusal) setFailure(refusal);
      return Boolean(refusal);
    },
    [navigate, t],
  );

  const showFailure = useCallback(
    (result: Failure) => {
      if (!handleFailure(result)) setFailure(describeFailure(result, c));
    },
    [handleFailure, c],
  );

  const reload = useCallback(async () => {
    const result = await listAddresses();
    if (result.ok) setAddresses(result.data.items);
    else showFailure(result);
  }, [showFailure]);

  useEffect(() => {
    void reload();
    void listAddressCountries().then((result) => {
      if (result.ok) setCountries(result.data.items);
    });
  }, [reload]);

  async function act(kind: AddressKind, action: () => Promise<ApiResult<unknown>>, success: string) {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    setNotice(null);
    const result = await action();
    setBusy(false);
    if (result.ok) setNotice(success);
    else showFailure(result);
    await reload();
    // The button pressed may be gone: keep the keyboard in its section rather than at the page start.
    headings[kind].current?.focus();
  }

  function remove(address: Address) {
    const name = address.label ?? addressLines(address, t, locale)[0] ?? '';
    if (window.confirm(t.confirmDelete(name))) void act(address.kind, () => deleteAddress(address.id), t.notices.deleted);
  }

  if (editing) {
    return (
      <AddressForm
        kind={editing.kind}
        address={editing.address}
        countries={countries}
        onCancel={() => setEditing(null)}
        onFailure={(result) => {
          const handled = handleFailure(result);
          if (handled) setEditing(null);
          return handled;
        }}
        onSaved={() => {
          setNotice(editing.address ? t.notices.updated : t.notices.created);
          setFailure(null);
          setEditing(null);
          void reload();
        }}
      />
    );
  }

  const billing = addresses?.find((address) => address.kind === 'billing') ?? null;
  const deliveries = addresses?.filter((address) => address.kind === 'delivery') ?? [];
  const shared = deliveries.some((address) => address.billingAddressId !== null);

  const item = (address: Address) => (
    <AddressItem
      key={address.id}
      address={address}
      busy={busy}
      onEdit={() => setEditing({ kind: address.kind, address })}
      onMakeDefault={() => act('delivery', () => makeDefaultAddress(address.id), t.notices.defaultSet)}
      onDelete={() => remove(address)}
    />
  );

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure}</Alert>
      {addresses === null ? (
        failure ? null : <p role="status">{c.loading}</p>
      ) : (
        <>
          <section className="card" aria-labelledby={`${id}-billing`}>
            <h2 id={`${id}-billing`} ref={headings.billing} tabIndex={-1}>
              {t.billingTitle}
            </h2>
            <p className="muted">{shared ? t.sharedBilling : t.billingIntro}</p>
            {billing ? (
              <ul className="item-list">{item(billing)}</ul>
            ) : (
              <>
                <p>{t.noBilling}</p>
                <Button onClick={() => setEditing({ kind: 'billing', address: null })}>{t.addBilling}</Button>
              </>
            )}
          </section>
          <section className="card" aria-labelledby={`${id}-delivery`}>
            <h2 id={`${id}-delivery`} ref={headings.delivery} tabIndex={-1}>
              {t.deliveryTitle}
            </h2>
            <p className="muted">{t.deliveryIntro}</p>
            {deliveries.length ? <ul className="item-list">{deliveries.map(item)}</ul> : <p>{t.noDelivery}</p>}
            <div className="actions">
              <Button onClick={() => setEditing({ kind: 'delivery', address: null })}>{t.addDelivery}</Button>
              {billing ? (
                <Button variant="secondary" busy={busy} onClick={() => act('delivery', copyBillingToDelivery, t.notices.copied)}>
                  {t.sameAsBilling}
                </Button>
              ) : null}
            </div>
          </section>
        </>
      )}
    </>
  );
}
