import { useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { describeFailure, failureToFormErrors, formText } from '../../../ui/form-outcome';
import { Button, TextField } from '../../../ui/forms';
import { useLocale, useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import {
  addRegistryItem,
  getRegistry,
  ownerPhotoUrl,
  removeRegistryItem,
  setRegistryOpen,
  updateRegistry,
  uploadRegistryPhoto,
  type RegistryDetail,
} from '../registries-api';
import { formatMoney } from '../wishlists-api';
import { ConfirmAction } from './confirm-action';
import { registryMessages } from './registries.messages';
import { REGISTRY_FIELDS, RegistryFields, registryBodyOf } from './registry-fields';
import { RegistryGiftsSection } from './registry-gifts.section';
import { useFailureHandler, useLoad, type Failure } from './use-load';

/** One registry as its owner manages it: link and code, photo, gifts wished for and received, settings, closing. */
export function MyRegistryPage() {
  const { registryId = '' } = useParams();
  const t = useMessages(registryMessages);
  const c = useMessages(common);
  const { locale } = useLocale();
  const { data: registry, setData, failure, reload } = useLoad(() => getRegistry(registryId), registryId);
  const [actionFailure, setActionFailure] = useState<Failure | null>(null);
  const handleFailure = useFailureHandler(setActionFailure);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const settingsForm = useRef<HTMLFormElement>(null);
  const itemForm = useRef<HTMLFormElement>(null);
  const [settingsErrors, setSettingsErrors] = useState<FormErrors>(NO_ERRORS);
  const [itemErrors, setItemErrors] = useState<FormErrors>(NO_ERRORS);
  const [photoError, setPhotoError] = useState<string | null>(null);
  useFocusFirstInvalid(settingsForm, settingsErrors);
  useFocusFirstInvalid(itemForm, itemErrors);

  const done = (message: string, data?: RegistryDetail) => {
    setNotice(message);
    if (data) setData(data);
    else reload();
  };

  async function saveSettings(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    setBusy('settings');
    const result = await updateRegistry(registryId, registryBodyOf(new FormData(event.currentTarget)));
    setBusy(null);
    if (result.ok) {
      setSettingsErrors(NO_ERRORS);
      done(t.saved, result.data);
    } else setSettingsErrors(failureToFormErrors(result, REGISTRY_FIELDS, c));
  }

  async function addItem(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setNotice(null);
    const data = new FormData(event.currentTarget);
    const name = formText(data, 'name');
    const productId = formText(data, 'productId');
    const wantedQuantity = Number(formText(data, 'wantedQuantity') || '1');
    const missing = Object.fromEntries(Object.entries({ name, productId }).filter(([, value]) => !value).map(([field]) => [field, t.required]));
    if (Object.keys(missing).length) {
      setItemErrors({ fields: missing, message: c.fieldsToFix });
      return;
    }
    setBusy('item');
    const result = await addRegistryItem(registryId, { name, productId, wantedQuantity });
    setBusy(null);
    if (result.ok) {
      setItemErrors(NO_ERRORS);
      itemForm.current?.reset();
      done(t.added);
    } else setItemErrors(failureToFormErrors(result, ['name', 'productId', 'wantedQuantity'], c));
  }

  async function uploadPhoto(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get('photo');
    if (!(file instanceof File) || file.size === 0) {
      setPhotoError(t.photoRefused);
      return;
    }
    setBusy('photo');
    const result = await uploadRegistryPhoto(registryId, file);
    setBusy(null);
    if (result.ok) {
      setPhotoError(null);
      done(t.uploaded);
    } else setPhotoError(result.status === 0 ? c.networkError : t.photoRefused);
  }

  async function run(key: string, action: () => Promise<{ ok: true } | Failure | { ok: true; data: RegistryDetail }>, message: string) {
    setBusy(key);
    setNotice(null);
    setActionFailure(null);
    const result = await action();
    setBusy(null);
    if (result.ok) done(message);
    else handleFailure(result);
  }

  const open = registry?.status === 'open';
  const publicLink = registry ? `${window.location.origin}/registries/${registry.publicCode}` : '';

  return (
    <>
      <PageHeading>{registry?.title ?? t.title}</PageHeading>
      <p>
        <Link to="/my-registries">{t.backToRegistries}</Link>
      </p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? describeFailure(failure, c) : actionFailure ? describeFailure(actionFailure, c) : null}</Alert>
      {registry ? (
        <>
          {open ? null : <p className="alert alert--info">{t.closedNotice}</p>}
          <section className="card" aria-labelledby="public-heading">
            <h2 id="public-heading">{t.publicPage}</h2>
            <dl className="details">
              <dt>{t.codeIs}</dt>
              <dd id="registry-code">{registry.publicCode}</dd>
              <dt>{t.linkIs}</dt>
              <dd>
                <a href={publicLink}>{publicLink}</a>
              </dd>
              <dt>{t.visibilityLabel}</dt>
              <dd>{t.visibilities[registry.visibility]}</dd>
            </dl>
          </section>

          <section className="card" aria-labelledby="items-heading">
            <h2 id="items-heading">{t.items}</h2>
            {registry.items.length === 0 ? (
              <p>{t.noItems}</p>
            ) : (
              <ul className="item-list" aria-labelledby="items-heading">
                {registry.items.map((item) => (
                  <li key={item.id}>
                    <div className="item__main">
                      <p className="item__title">{item.name}</p>
                      <p className="item__meta">{t.wantedOf(item.remainingQuantity, item.wantedQuantity)}</p>
                      <p className="item__meta">{t.givenCounts(item.reservedQuantity, item.purchasedQuantity)}</p>
                    </div>
                    {item.price ? <p className="item__amount">{formatMoney(locale, item.price)}</p> : null}
                    {open && item.reservedQuantity + item.purchasedQuantity === 0 ? (
                      <div className="actions">
                        <button
                          type="button"
                          className="button button--link"
                          aria-label={t.removeItem(item.name)}
                          onClick={() => void run(item.id, () => removeRegistryItem(registryId, item.id), t.removed)}
                        >
                          {t.removeShort}
                        </button>
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {open ? (
              <form ref={itemForm} onSubmit={addItem} noValidate aria-labelledby="add-item-heading">
                <h3 id="add-item-heading" className="subheading">
                  {t.addItem}
                </h3>
                <Alert>{itemErrors.message}</Alert>
                <TextField label={t.itemName} name="name" maxLength={300} required error={itemErrors.fields.name} />
                <TextField label={t.itemRef} name="productId" maxLength={200} required error={itemErrors.fields.productId} />
                <TextField label={t.wantedLabel} name="wantedQuantity" type="number" min={1} max={999} defaultValue="1" inputMode="numeric" error={itemErrors.fields.wantedQuantity} />
                <div className="actions">
                  <Button type="submit" busy={busy === 'item'}>
                    {t.add}
                  </Button>
                </div>
              </form>
            ) : null}
          </section>

          <RegistryGiftsSection registry={registry} t={t} onChanged={reload} />

          <section className="card" aria-labelledby="photo-heading">
            <h2 id="photo-heading">{t.photo}</h2>
            {registry.hasPhoto ? <img src={ownerPhotoUrl(registry.id, registry.updatedAt)} alt={t.photoAlt} className="registry-photo" width={320} /> : null}
            {open ? (
              <form onSubmit={uploadPhoto} noValidate>
                <Alert>{photoError}</Alert>
                <div className="field">
                  <label htmlFor="registry-photo">{t.photoLabel}</label>
                  <input id="registry-photo" name="photo" type="file" accept="image/png,image/jpeg,image/webp" />
                </div>
                <div className="actions">
                  <Button type="submit" variant="secondary" busy={busy === 'photo'}>
                    {t.upload}
                  </Button>
                </div>
              </form>
            ) : null}
          </section>

          {open ? (
            <section className="card" aria-labelledby="settings-heading">
              <h2 id="settings-heading">{t.settings}</h2>
              <form ref={settingsForm} onSubmit={saveSettings} noValidate key={registry.updatedAt}>
                <Alert>{settingsErrors.message}</Alert>
                <RegistryFields t={t} errors={settingsErrors} registry={registry} />
                <div className="actions">
                  <Button type="submit" busy={busy === 'settings'}>
                    {t.save}
                  </Button>
                </div>
              </form>
            </section>
          ) : null}

          <div className="actions actions--page">
            {open ? (
              <ConfirmAction label={t.close} question={t.confirmClose} busy={busy === 'close'} onConfirm={() => void run('close', () => setRegistryOpen(registryId, false), t.saved)} />
            ) : (
              <Button variant="secondary" busy={busy === 'reopen'} onClick={() => void run('reopen', () => setRegistryOpen(registryId, true), t.saved)}>
                {t.reopen}
              </Button>
            )}
          </div>
        </>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}
