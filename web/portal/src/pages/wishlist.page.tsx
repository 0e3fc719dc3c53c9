import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { describeFailure, failureToFormErrors, formText } from '../../../ui/form-outcome';
import { Button, SelectField, TextField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { getBuyingContext, type BuyingContext } from '../portal-api';
import {
  deleteWishlist,
  emptyWishlist,
  getWishlist,
  removeWishlistItem,
  requestWishlistReorder,
  revokeWishlistShare,
  shareWishlist,
  updateWishlist,
  type ReorderRequest,
  type WishlistItem,
} from '../wishlists-api';
import { ConfirmAction } from './confirm-action';
import { useFailureHandler, useLoad, type Failure } from './use-load';
import { WishlistItems } from './wishlist-items';
import { wishlistMessages } from './wishlists.messages';

/** One list: its products (remove, empty), its name and site, its share link, its reorder request. */
export function WishlistPage() {
  const { wishlistId = '' } = useParams();
  const t = useMessages(wishlistMessages);
  const c = useMessages(common);
  const navigate = useNavigate();
  const { data: list, setData, failure, reload } = useLoad(() => getWishlist(wishlistId), wishlistId);
  const [actionFailure, setActionFailure] = useState<Failure | null>(null);
  const handleFailure = useFailureHandler(setActionFailure);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [reorder, setReorder] = useState<ReorderRequest | null>(null);
  const [context, setContext] = useState<BuyingContext | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  useFocusFirstInvalid(form, errors);

  useEffect(() => {
    void getBuyingContext().then((result) => {
      if (result.ok) setContext(result.data);
    });
  }, []);

  async function act(key: string, run: () => Promise<{ ok: boolean } & ({ ok: true } | Failure)>, done: string) {
    setBusy(key);
    setActionFailure(null);
    setNotice(null);
    const result = await run();
    setBusy(null);
    if (result.ok) {
      setNotice(done);
      reload();
    } else handleFailure(result as Failure);
  }

  const remove = (item: WishlistItem) => act(item.id, () => removeWishlistItem(wishlistId, item.id), t.removed);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = formText(data, 'name');
    if (!name) {
      setErrors({ fields: { name: t.nameRequired }, message: c.fieldsToFix });
      return;
    }
    const place = formText(data, 'location');
    const [companyId, locationId] = place.split('|');
    setBusy('save');
    const result = await updateWishlist(wishlistId, { name, ...(context ? { location: companyId && locationId ? { companyId, locationId } : null } : {}) });
    setBusy(null);
    if (result.ok) {
      setErrors(NO_ERRORS);
      setData(result.data);
      setNotice(t.saved);
    } else setErrors(failureToFormErrors(result, ['name', 'location'], c));
  }

  async function share() {
    setBusy('share');
    setActionFailure(null);
    const result = await shareWishlist(wishlistId);
    setBusy(null);
    if (result.ok) {
      setLink(result.data.url.replace(/^https?:\/\/[^/]+/, window.location.origin));
      reload();
    } else handleFailure(result);
  }

  async function sendReorder() {
    setBusy('reorder');
    setActionFailure(null);
    const result = await requestWishlistReorder(wishlistId);
    setBusy(null);
    if (result.ok) setReorder(result.data);
    else handleFailure(result);
  }

  async function destroy() {
    setBusy('delete');
    const result = await deleteWishlist(wishlistId);
    setBusy(null);
    if (result.ok) void navigate('/wishlists');
    else handleFailure(result);
  }

  const locations = (context?.choices ?? []).flatMap((choice) =>
    choice.locations.map((location) => ({ value: `${choice.companyId}|${location.id}`, label: `${location.name} (${choice.companyName})` })),
  );

  return (
    <>
      <PageHeading>{list?.name ?? t.title}</PageHeading>
      <p>
        <Link to="/wishlists">{t.backToLists}</Link>
      </p>
      <Alert tone="success">{notice}</Alert>
      <Alert>{failure ? describeFailure(failure, c) : actionFailure ? describeFailure(actionFailure, c) : null}</Alert>
      {list ? (
        <>
          <section className="card" aria-labelledby="items-heading">
            <h2 id="items-heading">{t.items}</h2>
            {list.location ? <p className="muted">{t.forLocation(list.location.locationName, list.location.companyName)}</p> : null}
            <WishlistItems items={list.items} t={t} onRemove={remove} busyId={busy} />
            {list.items.length > 0 ? (
              <div className="actions">
                <ConfirmAction label={t.empty} question={t.confirmEmpty} busy={busy === 'empty'} onConfirm={() => void act('empty', () => emptyWishlist(wishlistId), t.emptied)} />
              </div>
            ) : null}
          </section>

          <section className="card" aria-labelledby="share-heading">
            <h2 id="share-heading">{t.share}</h2>
            <p className="muted">{t.shareIntro}</p>
            <p>{list.shared ? t.sharedNow : t.notShared}</p>
            {link ? (
              <div className="stack" role="status">
                <TextField label={t.linkLabel} name="shareLink" value={link} readOnly hint={t.linkOnce} onFocus={(event) => event.currentTarget.select()} />
              </div>
            ) : null}
            <div className="actions">
              <Button busy={busy === 'share'} onClick={share}>
                {list.shared ? t.newLink : t.makeLink}
              </Button>
              {list.shared ? (
                <Button
                  variant="secondary"
                  busy={busy === 'revoke'}
                  onClick={() => {
                    setLink(null);
                    void act('revoke', () => revokeWishlistShare(wishlistId), t.revoked);
                  }}
                >
                  {t.revoke}
                </Button>
              ) : null}
            </div>
          </section>

          {list.location ? (
            <section className="card" aria-labelledby="reorder-heading">
              <h2 id="reorder-heading">{t.reorder}</h2>
              <p className="muted">{t.reorderIntro}</p>
              <div role="status" aria-live="polite">
                {reorder ? (
                  <div className="stack">
                    <p>{t.reorderSent}</p>
                    {reorder.cartUrl ? (
                      <p>
                        <a href={reorder.cartUrl}>{t.openCart}</a>
                      </p>
                    ) : null}
                  </div>
                ) : null}
              </div>
              {reorder ? null : (
                <div className="actions">
                  <Button busy={busy === 'reorder'} onClick={sendReorder}>
                    {t.sendReorder}
                  </Button>
                </div>
              )}
            </section>
          ) : null}

          <section className="card" aria-labelledby="rename-heading">
            <h2 id="rename-heading">{t.rename}</h2>
            <form ref={form} onSubmit={save} noValidate key={list.updatedAt}>
              <Alert>{errors.message}</Alert>
              <TextField label={t.nameLabel} name="name" defaultValue={list.name} maxLength={100} required error={errors.fields.name} />
              {locations.length > 0 ? (
                <SelectField
                  label={t.locationLabel}
                  name="location"
                  defaultValue={list.location ? `${list.location.companyId}|${list.location.locationId}` : ''}
                  options={[{ value: '', label: t.noLocation }, ...locations]}
                  error={errors.fields.location}
                />
              ) : null}
              <div className="actions">
                <Button type="submit" busy={busy === 'save'}>
                  {t.save}
                </Button>
              </div>
            </form>
            <div className="actions">
              <ConfirmAction label={t.deleteList} question={t.confirmDelete} busy={busy === 'delete'} onConfirm={() => void destroy()} />
            </div>
          </section>
        </>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}
