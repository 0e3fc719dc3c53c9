import { markets, type TStoredBranding } from '../../src/modules/markets/markets.tables.js';
import type { TMarket } from '../../src/modules/markets/market-directory.js';
import { newId } from '../../src/platform/ids.js';
import type { TTestApp } from './test-app.js';

/**
 * A second market straight in the database (staff would create it in the back office), its
 * host `<code>.comptoir.test`, and the directory reloaded so requests to that host reach it.
 */
export async function createTestMarket(
  t: TTestApp,
  options: {
    code: string;
    name?: string;
    countries?: string[];
    b2bOnly?: boolean | null;
    accountApproval?: 'none' | 'business' | 'all';
    businessProgramme?: 'mixed' | 'separate' | null;
    branding?: TStoredBranding;
  },
): Promise<TMarket & { hostHeader: { host: string } }> {
  const host = `${options.code}.comptoir.test`;
  const id = `mkt_${options.code}_${newId('cus').slice(-6)}`;
  await t.ctx.db.insert(markets).values({
    id,
    code: options.code,
    name: options.name ?? options.code.toUpperCase(),
    countries: options.countries ?? ['BE'],
    locales: ['fr', 'en'],
    publicUrl: `http://${host}`,
    host,
    b2bOnly: options.b2bOnly ?? null,
    accountApproval: options.accountApproval ?? 'none',
    businessProgramme: options.businessProgramme ?? null,
    branding: options.branding ?? {},
  });
  await t.ctx.markets.reload();
  return { ...t.ctx.markets.get(id), hostHeader: { host } };
}
