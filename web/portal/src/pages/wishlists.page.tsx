import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../ui/alert';
import { NO_ERRORS, useFocusFirstInvalid, type FormErrors } from '../../../ui/form-errors';
import { failureToFormErrors, formText } from '../../../ui/form-outcome';
import { Button, TextField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { createWishlist, listWishlists } from '../wishlists-api';
import { usePagedList } from './use-load';
import { wishlistMessages } from './wishlists.messages';

/** Listes d'envies: every list of the customer, and a form to start one. */
export function WishlistsPage() {
  const t = useMessages(wishlistMessages);
  const c = useMessages(common);
  const lists = usePagedList(listWishlists, 'wishlists');
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useFocusFirstInvalid(form, errors);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = formText(new FormData(event.currentTarget), 'name');
    setNotice(null);
    if (!name) {
      setErrors({ fields: { name: t.nameRequired }, message: c.fieldsToFix });
      return;
    }
    setBusy(true);
    const result = await createWishlist({ name });
    setBusy(false);
    if (result.ok) {
      setErrors(NO_ERRORS);
      form.current?.reset();
      setNotice(t.created);
      lists.reload();
    } else setErrors(failureToFormErrors(result, ['name'], c));
  }

  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      <p className="muted">{t.intro}</p>
      <p>
        <Link to="/">{t.backToAccount}</Link>
      </p>
      <Alert tone="success">{notice}</Alert>
      <section className="card" aria-labelledby="lists-heading">
        <h2 id="lists-heading">{t.listsLabel}</h2>
        <Alert>{lists.failure ? c.unexpected : null}</Alert>
        {lists.items === null ? (
          <p role="status">{c.loading}</p>
        ) : lists.items.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ul className="item-list" aria-labelledby="lists-heading">
            {lists.items.map((list) => (
              <li key={list.id}>
                <div className="item__main">
                  <p className="item__title">
                    <Link to={`/wishlists/${list.id}`}>{list.name}</Link>
                    {list.shared ? <span className="badge">{t.sharedBadge}</span> : null}
                  </p>
                  <p className="item__meta">{t.count(list.itemCount)}</p>
                  {list.location ? <p className="item__meta">{t.forLocation(list.location.locationName, list.location.companyName)}</p> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="new-list-heading">
        <h2 id="new-list-heading">{t.newList}</h2>
        <form ref={form} onSubmit={create} noValidate>
          <Alert>{errors.message}</Alert>
          <TextField label={t.nameLabel} name="name" maxLength={100} required error={errors.fields.name} />
          <div className="actions">
            <Button type="submit" busy={busy}>
              {t.create}
            </Button>
          </div>
        </form>
      </section>
    </>
  );
}
