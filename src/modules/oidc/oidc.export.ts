import type { TErasureCleanup } from '../privacy/privacy.extension.js';
import { endOidcSessionsOfCustomer } from './oidc-logout.service.js';

/**
 * The provider's objects name the customer by `account_id`, with no foreign key (oidc-provider
 * stores them opaquely), so no cascade reaches them: the erasure ends them, and the storefronts
 * get their back-channel logout.
 */
export const oidcErasure: TErasureCleanup = {
  name: 'storefront sign-in sessions and tokens',
  tables: ['oidc_payloads'],
  erase: (db, options) => endOidcSessionsOfCustomer(db, { customerId: options.customerId }),
};
