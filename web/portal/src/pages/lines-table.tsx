import { useLocale, useMessages } from '../../../ui/i18n';
import type { Money, TaxLine } from '../portal-api';
import { orderDetailMessages } from './order-detail.messages';
import { formatMoney, formatRate } from './orders.format';

export type TableLine = {
  key: string;
  name: string;
  sku: string | null;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  taxRateBasisPoints: number | null;
  returnedQuantity?: number;
};

/** The lines of an order or a document: a real table, so each amount is read with its column. */
export function LinesTable({ caption, lines }: { caption: string; lines: readonly TableLine[] }) {
  const t = useMessages(orderDetailMessages);
  const { locale } = useLocale();
  return (
    <div className="table-wrap">
      <table className="lines-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.article}</th>
            <th scope="col" className="num col-detail">
              {t.quantity}
            </th>
            <th scope="col" className="num col-detail">
              {t.unitPrice}
            </th>
            <th scope="col" className="num">
              {t.lineTotal}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.key}>
              <th scope="row">
                {line.name}
                {/* On a phone the quantity and unit price columns give way to this line. */}
                <span className="line__meta narrow-only">{t.quantityTimesPrice(line.quantity, formatMoney(locale, line.unitPrice))}</span>
                {line.sku ? <span className="line__meta">{t.sku(line.sku)}</span> : null}
                {line.taxRateBasisPoints !== null ? <span className="line__meta">{t.vat(formatRate(locale, line.taxRateBasisPoints))}</span> : null}
                {line.returnedQuantity ? <span className="line__meta">{t.returned(line.returnedQuantity)}</span> : null}
              </th>
              <td className="num col-detail">{line.quantity}</td>
              <td className="num col-detail">{formatMoney(locale, line.unitPrice)}</td>
              <td className="num">{formatMoney(locale, line.lineTotal)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type TotalsProps = {
  subtotal?: Money | null;
  discount?: Money | null;
  shipping?: Money | null;
  taxes: readonly TaxLine[];
  taxTotal?: Money | null;
  total: Money;
};

/** Subtotal, discount, shipping, each tax and the total; zero discounts and shipping are left out. */
export function Totals({ subtotal, discount, shipping, taxes, taxTotal, total }: TotalsProps) {
  const t = useMessages(orderDetailMessages);
  const { locale } = useLocale();
  const row = (label: string, money: Money | null | undefined, negative = false) =>
    money ? (
      <div className="totals__row" key={label}>
        <dt>{label}</dt>
        <dd>{negative && money.amount > 0 ? `− ${formatMoney(locale, money)}` : formatMoney(locale, money)}</dd>
      </div>
    ) : null;
  return (
    <dl className="totals">
      {row(t.subtotal, subtotal)}
      {discount && discount.amount > 0 ? row(t.discount, discount, true) : null}
      {shipping && shipping.amount > 0 ? row(t.shipping, shipping) : null}
      {taxes.map((tax, index) => (
        <div className="totals__row" key={`${tax.label}-${index}`}>
          <dt>{t.tax(tax.label, formatRate(locale, tax.rateBasisPoints))}</dt>
          <dd>{formatMoney(locale, tax.amount)}</dd>
        </div>
      ))}
      {taxes.length === 0 ? row(t.taxTotal, taxTotal) : null}
      <div className="totals__row totals__row--total">
        <dt>{t.total}</dt>
        <dd>{formatMoney(locale, total)}</dd>
      </div>
    </dl>
  );
}
