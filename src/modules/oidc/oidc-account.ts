import type { Account, AccountClaims, FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import type { TAppContext } from '../../context.js';
import { listSessions } from '../auth/sessions.service.js';
import { getBuyingContext, type TBuyingContext } from '../companies/buying-context.service.js';
import { findCustomerById } from '../customers/customers.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { CLIENT_MARKET_PROPERTY } from './oidc-clients.service.js';

/** Which claims each scope releases (OpenID Connect Core §5.4, and Comptoir's own). */
export const OIDC_CLAIMS_BY_SCOPE = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['given_name', 'family_name', 'name', 'locale'],
  comptoir: ['comptoir_context'],
};

/** The buying context as a storefront needs it at sign-in: who buys, for which company and location, on what terms. */
export type TComptoirContextClaim = Omit<TBuyingContext, 'customer' | 'choices'>;

/** The market a client belongs to, from the custom metadata the adapter serves. */
export function marketOfClient(client: { [key: string]: unknown } | undefined): string | undefined {
  const marketId = client?.[CLIENT_MARKET_PROPERTY];
  return typeof marketId === 'string' ? marketId : undefined;
}

/**
 * The customer's context without a session of their own on the storefront: their most
 * recently used Comptoir session's choice when they have one, else what getBuyingContext
 * decides alone (the only company and location, or "choice required"). A B2B-only market's
 * customer outside any company has none.
 */
async function buyingContextClaim(ctx: TAppContext, customer: TCustomerRow): Promise<TComptoirContextClaim | null> {
  const [latest] = await listSessions(ctx, { customerId: customer.id, currentSessionId: '' });
  try {
    const { customer: _customer, choices: _choices, ...context } = await getBuyingContext(ctx, { customer, sessionId: latest?.id ?? '' });
    return context;
  } catch {
    return null;
  }
}

/**
 * The subject is the customer id: stable across address changes, and meaningless outside the
 * shop. An account that is gone, disabled or of another market than the asking client has no
 * claims at all: its tokens stop working.
 */
export function createFindAccount(ctx: TAppContext): FindAccount {
  return async (koa: KoaContextWithOIDC, sub: string): Promise<Account | undefined> => {
    const customer = await findCustomerById(ctx.db, sub);
    if (!customer || customer.status !== 'active') return undefined;
    const clientMarket = marketOfClient(koa.oidc.client as unknown as Record<string, unknown> | undefined);
    if (clientMarket && clientMarket !== customer.marketId) return undefined;
    return {
      accountId: customer.id,
      async claims(_use: string, scope: string): Promise<AccountClaims> {
        const scopes = new Set(scope.split(' '));
        return {
          sub: customer.id,
          email: customer.email,
          email_verified: customer.emailVerifiedAt !== null,
          given_name: customer.firstName,
          family_name: customer.lastName,
          name: `${customer.firstName} ${customer.lastName}`.trim(),
          locale: customer.locale,
          ...(scopes.has('comptoir') ? { comptoir_context: await buyingContextClaim(ctx, customer) } : {}),
        };
      },
    };
  };
}
