import { useEffect, useState } from 'react';
import { api } from '../backoffice-api';
import type { CustomerDetail } from './customers';

// Markets (F1.8): src/modules/markets/markets.routes.ts. The branding of a market is its own page.

export type MarketLocale = 'fr' | 'en';
export type AccountApprovalMode = 'none' | 'business' | 'all';
export type BusinessProgramme = 'mixed' | 'separate';

export type Market = {
  id: string;
  code: string;
  name: string;
  countries: string[];
  defaultLocale: MarketLocale;
  locales: MarketLocale[];
  currency: string;
  /** Null for the default market on PUBLIC_URL. */
  publicUrl: string | null;
  host: string | null;
  /** Null: the environment's setting (see `effective`). */
  b2bOnly: boolean | null;
  businessProgramme: BusinessProgramme | null;
  accountApproval: AccountApprovalMode;
  isDefault: boolean;
  effective: { publicUrl: string; b2bOnly: boolean; businessProgramme: BusinessProgramme };
  createdAt: string;
  updatedAt: string;
};

export type MarketRef = { id: string; code: string; name: string };

export type MarketInput = {
  code: string;
  name: string;
  countries: string[];
  defaultLocale: MarketLocale;
  locales: MarketLocale[];
  currency: string;
  publicUrl: string | null;
  b2bOnly: boolean | null;
  businessProgramme: BusinessProgramme | null;
  accountApproval: AccountApprovalMode;
};

export const listMarkets = () => api.get<{ items: Market[] }>('/api/staff/markets');
export const createMarket = (body: MarketInput) => api.post<Market>('/api/staff/markets', body);
export const updateMarket = (marketId: string, body: Partial<MarketInput>) => api.patch<Market>(`/api/staff/markets/${encodeURIComponent(marketId)}`, body);

export const moveCustomerToMarket = (customerId: string, marketId: string) =>
  api.post<CustomerDetail>(`/api/staff/customers/${encodeURIComponent(customerId)}/market`, { marketId });

/**
 * The markets, read once per page: for selects and filters. `workable`: those the signed-in
 * member works in (all of them, unless they are limited to some).
 */
export function useMarkets(marketIds: string[] | null | undefined): { all: Market[]; workable: Market[] } {
  const [all, setAll] = useState<Market[]>([]);
  useEffect(() => {
    let current = true;
    void listMarkets().then((result) => {
      if (current && result.ok) setAll(result.data.items);
    });
    return () => {
      current = false;
    };
  }, []);
  const workable = marketIds ? all.filter((market) => marketIds.includes(market.id)) : all;
  return { all, workable };
}

export const marketLabel = (market: Pick<MarketRef, 'code' | 'name'>) => `${market.name} (${market.code})`;
