import { addressesExport } from '../addresses/addresses.export.js';
import { emailLinksExport, securityEventsExport, sessionsExport } from '../auth/auth.export.js';
import { consentsExport, profileExport, unsubscribeLinksExport } from '../customers/customers.export.js';
import { staffNotesExport } from '../customer-admin/customer-admin.export.js';
import { emailsExport } from '../customers/emails.export.js';
import { companiesExport } from '../companies/companies.export.js';
import { invitationsErasure, invitationsExport } from '../companies/invitations.export.js';
import { locationRequestsExport } from '../companies/location-requests.export.js';
import { lastAdminErasureCheck } from '../companies/members.service.js';
import { memberCardExport } from '../cards/cards.export.js';
import { walletPassesExport } from '../wallet/wallet.export.js';
import { oidcErasure } from '../oidc/oidc.export.js';
import { documentsExport, documentsPseudonymiser } from '../documents/documents.export.js';
import { ordersExport, ordersPseudonymiser, returnsExport, returnsPseudonymiser } from '../orders/orders.export.js';
import { paymentMethodsExport } from '../payment-methods/payment-methods.export.js';
import { passkeysExport } from '../passkeys/passkeys.export.js';
import { messagesExport } from '../messages/messages.export.js';
import { contactExport } from '../contact/contact.export.js';
import { wishlistsExport } from '../wishlists/wishlists.export.js';
import { registriesExport } from '../registries/registries.export.js';
import { privacyRequestsExport, privacyRequestsPseudonymiser } from './privacy-requests.export.js';
import type { TErasureCheck, TErasureCleanup, TExportSection, TNotExportedTable, TPseudonymiser } from './privacy.extension.js';

/**
 * Every module's part in the privacy rights, listed here by hand: a new module with customer
 * data adds its export section (and, if it must keep records, a pseudonymiser) to these lists.
 * test/http/export-coverage.test.ts fails while a table with a `customer_id` column is in none.
 */
export const exportSections = [
  profileExport,
  addressesExport,
  consentsExport,
  unsubscribeLinksExport,
  sessionsExport,
  securityEventsExport,
  emailLinksExport,
  emailsExport,
  companiesExport,
  invitationsExport,
  locationRequestsExport,
  memberCardExport,
  walletPassesExport,
  ordersExport,
  returnsExport,
  documentsExport,
  paymentMethodsExport,
  passkeysExport,
  messagesExport,
  contactExport,
  wishlistsExport,
  registriesExport,
  staffNotesExport,
  privacyRequestsExport,
] as const satisfies readonly TExportSection[];

/** Tables with customer data that the export leaves out on purpose. */
export const notExportedTables: TNotExportedTable[] = [
  {
    table: 'login_codes',
    reason: 'Holds only a salted digest of a sign-in code valid ten minutes, and a count of wrong tries: a secret, not information about the person.',
  },
  {
    table: 'rate_limit_counters',
    reason: 'Keys are digests of what they count (address, IP, account), with no customer column; the counters expire within the hour.',
  },
  {
    table: 'webhook_events',
    reason:
      'Copies of profile changes sent to the shop’s own systems (webhooks), kept until delivered and deleted with the account; what they carry is in the profile section.',
  },
  {
    table: 'webauthn_challenges',
    reason:
      'Single-use WebAuthn challenges (random values) waiting five minutes for a passkey’s answer: nothing about the person, deleted when answered or expired, and with the account.',
  },
  {
    table: 'message_preferences',
    reason: 'One row per customer holding only how they chose to hear of new messages, which the messages section carries as `notification`.',
  },
  {
    table: 'account_erasures',
    reason: 'Exists only once the account is gone; it holds the erased id, a pseudonym and two dates, nothing personal.',
  },
];

/** Checks that may refuse an erasure: a company's only administrator (409 last_admin). */
export const erasureChecks: TErasureCheck[] = [lastAdminErasureCheck];

/** Rows that name the person by address (no customer_id, no cascade), deleted with the account. */
export const erasureCleanups: TErasureCleanup[] = [invitationsErasure, oidcErasure];

/**
 * Records kept by law after an erasure (orders, returns and invoices: 10 years in France),
 * rewritten to carry the pseudonym instead of the person.
 */
export const pseudonymisers: TPseudonymiser[] = [ordersPseudonymiser, returnsPseudonymiser, documentsPseudonymiser, privacyRequestsPseudonymiser];
