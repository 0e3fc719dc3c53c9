import { addressesExport } from '../addresses/addresses.export.js';
import { emailLinksExport, securityEventsExport, sessionsExport } from '../auth/auth.export.js';
import { consentsExport, profileExport, unsubscribeLinksExport } from '../customers/customers.export.js';
import { emailsExport } from '../customers/emails.export.js';
import type { TErasureCheck, TExportSection, TNotExportedTable, TPseudonymiser } from './privacy.extension.js';

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
    table: 'account_erasures',
    reason: 'Exists only once the account is gone; it holds the erased id, a pseudonym and two dates, nothing personal.',
  },
];

/**
 * Checks that may refuse an erasure. The companies module will add one answering
 * `privacyErrors.lastAdmin()` (409 last_admin) for a company's only administrator.
 */
export const erasureChecks: TErasureCheck[] = [];

/**
 * Records kept by law after an erasure, rewritten to carry the pseudonym instead of the person.
 * The orders and documents module will add orders and invoices (kept 10 years in France).
 */
export const pseudonymisers: TPseudonymiser[] = [];
