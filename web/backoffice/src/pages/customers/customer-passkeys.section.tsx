import { useEffect, useState } from 'react';
import { Alert } from '../../../../ui/alert';
import { Button } from '../../../../ui/forms';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { useLocale, useMessages, type Locale } from '../../../../ui/i18n';
import { api } from '../../backoffice-api';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { ConfirmDialog } from './confirm.dialog';
import { formatDateTime } from './customer.messages';

type Passkey = { id: string; name: string; deviceType: 'singleDevice' | 'multiDevice'; backedUp: boolean; createdAt: string; lastUsedAt: string | null };

const fr = {
  title: 'Clés d’accès',
  intro: 'Les clés d’accès (passkeys) avec lesquelles le client se connecte. Retirez celle d’un appareil perdu, à sa demande : il en est averti par e-mail.',
  none: 'Aucune clé d’accès.',
  synced: 'synchronisée',
  singleDevice: 'un seul appareil',
  added: (date: string) => `ajoutée le ${date}`,
  lastUsed: (date: string) => `utilisée le ${date}`,
  neverUsed: 'jamais utilisée',
  remove: 'Retirer',
  removeLabel: (name: string) => `Retirer la clé d’accès « ${name} »`,
  confirmTitle: 'Retirer cette clé d’accès ?',
  confirmText: (name: string) => `« ${name} » ne permettra plus au client de se connecter. Il en sera averti par e-mail.`,
  cancel: 'Annuler',
  removed: 'La clé d’accès a été retirée ; le client en a été averti.',
};
const messages: Record<Locale, typeof fr> = {
  fr,
  en: {
    title: 'Passkeys',
    intro: 'The passkeys the customer signs in with. Remove a lost device’s one at their request: they are told by email.',
    none: 'No passkey.',
    synced: 'synced',
    singleDevice: 'single device',
    added: (date) => `added on ${date}`,
    lastUsed: (date) => `used on ${date}`,
    neverUsed: 'never used',
    remove: 'Remove',
    removeLabel: (name) => `Remove the passkey “${name}”`,
    confirmTitle: 'Remove this passkey?',
    confirmText: (name) => `“${name}” will no longer sign the customer in. They will be told by email.`,
    cancel: 'Cancel',
    removed: 'The passkey has been removed; the customer has been told.',
  },
};

/** The customer's passkeys (F1.10): reading them is audited; removing one needs customers.edit. */
export function CustomerPasskeysSection({ customerId }: { customerId: string }) {
  const t = useMessages(messages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const { me } = useStaffSession();
  const onSessionFailure = useSessionFailure();
  const [items, setItems] = useState<Passkey[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Passkey | null>(null);
  const [busy, setBusy] = useState(false);
  const mayEdit = can(me, 'customers.edit');

  useEffect(() => {
    let current = true;
    void api.get<{ items: Passkey[] }>(`/api/staff/customers/${encodeURIComponent(customerId)}/passkeys`).then((result) => {
      if (!current) return;
      if (result.ok) setItems(result.data.items);
      else if (!onSessionFailure(result)) setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [customerId, onSessionFailure]);

  async function remove(passkey: Passkey) {
    setBusy(true);
    const result = await api.delete(`/api/staff/customers/${encodeURIComponent(customerId)}/passkeys/${encodeURIComponent(passkey.id)}`);
    setBusy(false);
    setRemoving(null);
    if (result.ok || result.status === 404) {
      setItems((list) => (list ?? []).filter((item) => item.id !== passkey.id));
      setFailure(null);
      setNotice(t.removed);
    } else if (!onSessionFailure(result)) setFailure(result);
  }

  return (
    <section className="card" aria-labelledby="customer-passkeys">
      <h2 id="customer-passkeys">{t.title}</h2>
      <p className="muted">{t.intro}</p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? describeFailure(failure, c) : null}</Alert>
      {items === null && !failure ? <p role="status">{c.loading}</p> : null}
      {items?.length === 0 ? <p>{t.none}</p> : null}
      {items && items.length > 0 ? (
        <ul className="customer-notes">
          {items.map((passkey) => (
            <li key={passkey.id} className="customer-note">
              <p className="customer-note__meta">
                <strong>{passkey.name}</strong> · {passkey.deviceType === 'multiDevice' ? t.synced : t.singleDevice} ·{' '}
                {t.added(formatDateTime(locale, passkey.createdAt))} ·{' '}
                {passkey.lastUsedAt ? t.lastUsed(formatDateTime(locale, passkey.lastUsedAt)) : t.neverUsed}
              </p>
              {mayEdit ? (
                <Button variant="link" aria-label={t.removeLabel(passkey.name)} onClick={() => setRemoving(passkey)}>
                  {t.remove}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={t.confirmTitle}
          text={t.confirmText(removing.name)}
          confirmLabel={t.remove}
          cancelLabel={t.cancel}
          danger
          busy={busy}
          onConfirm={() => void remove(removing)}
          onCancel={() => setRemoving(null)}
        />
      ) : null}
    </section>
  );
}
