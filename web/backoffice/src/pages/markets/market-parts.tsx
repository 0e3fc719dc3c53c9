import { SelectField } from '../../../../ui/forms';
import { useMessages, type Locale } from '../../../../ui/i18n';
import { marketLabel, type Market, type MarketRef } from '../../api/markets';

const words: Record<Locale, { market: string; any: string; marketHint: string }> = {
  fr: { market: 'Marché', any: 'Tous', marketHint: 'Le compte s’inscrit et se connecte sur l’adresse de ce marché.' },
  en: { market: 'Market', any: 'All', marketHint: 'The account signs in at this market’s address.' },
};

export function useMarketWords() {
  return useMessages(words);
}

/** A shop with one market needs no market column or filter. */
export const showsMarkets = (markets: Market[]) => markets.length > 1;

/** The `market` search filter (a market's code, kept in the address bar). */
export function MarketFilterField({ markets, value }: { markets: Market[]; value: string | undefined }) {
  const w = useMarketWords();
  if (!showsMarkets(markets)) return null;
  return (
    <SelectField
      label={w.market}
      name="market"
      defaultValue={value ?? ''}
      options={[{ value: '', label: w.any }, ...markets.map((market) => ({ value: market.code, label: marketLabel(market) }))]}
    />
  );
}

/** The market a staff member creates in; shown only when there is a choice. */
export function MarketSelectField({ markets, name = 'marketId', error }: { markets: Market[]; name?: string; error?: string | undefined }) {
  const w = useMarketWords();
  if (markets.length <= 1) return null;
  const fallback = markets.find((market) => market.isDefault) ?? markets[0];
  return (
    <SelectField
      label={w.market}
      name={name}
      defaultValue={fallback?.id}
      options={markets.map((market) => ({ value: market.id, label: marketLabel(market) }))}
      error={error}
    />
  );
}

export function MarketCell({ market }: { market: MarketRef }) {
  return <td className="nowrap">{market.code}</td>;
}
