import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert } from '../../../ui/alert';
import { describeFailure } from '../../../ui/form-outcome';
import { useMessages } from '../../../ui/i18n';
import { PageHeading } from '../../../ui/layout';
import { common } from '../common.messages';
import { getSharedWishlist, type SharedWishlist } from '../wishlists-api';
import type { Failure } from './use-load';
import { WishlistItems } from './wishlist-items';
import { wishlistMessages } from './wishlists.messages';

/** A list someone shared: read-only, for anyone with the link, signed in or not. */
export function SharedWishlistPage() {
  const { token = '' } = useParams();
  const t = useMessages(wishlistMessages);
  const c = useMessages(common);
  const [list, setList] = useState<SharedWishlist | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  useEffect(() => {
    let current = true;
    void getSharedWishlist(token).then((result) => {
      if (!current) return;
      if (result.ok) setList(result.data);
      else setFailure(result);
    });
    return () => {
      current = false;
    };
  }, [token]);

  return (
    <>
      <PageHeading>{list ? t.sharedTitle(list.ownerFirstName) : t.title}</PageHeading>
      <Alert>{failure ? (failure.status === 404 ? t.sharedGone : describeFailure(failure, c)) : null}</Alert>
      {list ? (
        <section className="card" aria-labelledby="shared-heading">
          <h2 id="shared-heading">{list.name}</h2>
          <p className="muted">{t.sharedIntro}</p>
          <WishlistItems items={list.items} t={t} />
        </section>
      ) : failure ? null : (
        <p role="status">{c.loading}</p>
      )}
    </>
  );
}
