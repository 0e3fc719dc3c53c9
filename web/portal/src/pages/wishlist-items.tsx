import { useLocale } from '../../../ui/i18n';
import { formatMoney, type WishlistItem } from '../wishlists-api';
import type { WishlistMessages } from './wishlists.messages';

/** The products of a list; `onRemove` adds a remove button to each (the owner's view). */
export function WishlistItems(props: { items: WishlistItem[]; t: WishlistMessages; onRemove?: (item: WishlistItem) => void; busyId?: string | null }) {
  const { locale } = useLocale();
  const { t } = props;
  if (props.items.length === 0) return <p>{t.noItems}</p>;
  return (
    <ul className="item-list" aria-label={t.items}>
      {props.items.map((item) => (
        <li key={item.id}>
          <div className="item__main">
            {item.imageUrl ? <img src={item.imageUrl} alt="" width={64} height={64} className="item__image" loading="lazy" /> : null}
            <p className="item__title">{item.name}</p>
            <p className="item__meta">{t.quantity(item.quantity)}</p>
          </div>
          {item.price ? <p className="item__amount">{formatMoney(locale, item.price)}</p> : null}
          {props.onRemove ? (
            <div className="actions">
              <button type="button" className="button button--link" aria-label={t.remove(item.name)} aria-disabled={props.busyId === item.id || undefined} onClick={() => props.onRemove?.(item)}>
                {t.removeShort}
              </button>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
