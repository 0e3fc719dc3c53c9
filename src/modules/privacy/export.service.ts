import type { TAppContext, TRequestMeta } from '../../context.js';
import type { TRateRule } from '../../platform/rate-limit/rate-limiter.js';
import { recordSecurityEvent } from '../auth/security-events.repository.js';
import { findCustomerById } from '../customers/customers.service.js';
import { privacyErrors } from './privacy.errors.js';
import { exportSections } from './privacy.registry.js';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, type TPersonalDataExport } from './privacy.schemas.js';

/** An export reads every table about the person: a few an hour is plenty for a person, and bounds the cost. */
export const exportRateRule: TRateRule = { name: 'export_customer', limit: 5, windowSeconds: 60 * 60 };

const RIGHTS: TPersonalDataExport['processing']['rights'] = [
  { right: 'Access and portability', article: 'Art. 15 and 20 GDPR', how: 'Download this document again at any time from "My personal data" in your account.' },
  { right: 'Rectification', article: 'Art. 16 GDPR', how: 'Change your profile, addresses and preferences in your account, or ask the shop.' },
  { right: 'Erasure', article: 'Art. 17 GDPR', how: 'Delete your account from "My personal data"; records the law requires the shop to keep (orders, invoices) stay under a pseudonym.' },
  { right: 'Restriction and objection', article: 'Art. 18 and 21 GDPR', how: 'Withdraw marketing consents in your account or with the unsubscribe link of any marketing email; for anything else, write to the shop.' },
  { right: 'Withdrawing consent', article: 'Art. 7(3) GDPR', how: 'At any time, as easily as it was given, without affecting what was done before.' },
  { right: 'Complaint', article: 'Art. 77 GDPR', how: 'Lodge a complaint with a supervisory authority, such as the CNIL in France or the Data Protection Authority in Belgium.' },
];

const SUPERVISORY_AUTHORITIES: TPersonalDataExport['processing']['supervisoryAuthorities'] = [
  { country: 'FR', name: 'Commission nationale de l’informatique et des libertés (CNIL)', url: 'https://www.cnil.fr/fr/plaintes' },
  { country: 'BE', name: 'Autorité de protection des données / Gegevensbeschermingsautoriteit (APD/GBA)', url: 'https://www.autoriteprotectiondonnees.be' },
];

/**
 * Everything held about the customer, in one document (GDPR art. 15 and 20). Rate-limited per
 * customer and audited; the audit entry is written first, so the export includes it.
 */
export async function exportPersonalData(
  ctx: TAppContext,
  options: { customerId: string; meta: TRequestMeta; /** A staff member downloaded it (back office): the security event says so. */ by?: 'staff' },
): Promise<TPersonalDataExport> {
  // Staff downloads have their own count, so answering a request never uses up the customer's.
  const decision = await ctx.rateLimiter.hit(exportRateRule, options.by === 'staff' ? `staff:${options.customerId}` : options.customerId);
  if (!decision.allowed) throw privacyErrors.exportThrottled(decision.retryAfterSeconds);
  await recordSecurityEvent(ctx.db, {
    type: 'data_exported',
    customerId: options.customerId,
    // The customer sees that the shop exported their data, not the staff member's address.
    ...(options.by === 'staff' ? { method: 'staff', meta: null } : { meta: options.meta }),
  });

  // One snapshot: a repeatable-read transaction so the sections agree with each other.
  const collected = await ctx.db.transaction(
    async (tx) => {
      const entries: [string, unknown][] = [];
      for (const section of exportSections) entries.push([section.key, await section.collect(tx, options.customerId)]);
      return Object.fromEntries(entries);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );

  return {
    format: EXPORT_FORMAT,
    version: EXPORT_FORMAT_VERSION,
    generatedAt: new Date().toISOString(),
    controller: controllerOf(ctx, await findCustomerById(ctx.db, options.customerId)),
    customerId: options.customerId,
    sections: collected as TPersonalDataExport['sections'],
    processing: {
      sections: exportSections.map((section) => ({
        section: section.key,
        description: section.description,
        tables: section.tables,
        ...section.processing,
      })),
      source: 'You gave this data when creating and using your account, except what the service records itself (sessions, security log, emails sent) and what a shop imported or a guest order created.',
      automatedDecisions: 'None: no decision about you is made by automated means, and no profiling.',
      rights: RIGHTS,
      supervisoryAuthorities: SUPERVISORY_AUTHORITIES,
    },
  };
}

/** `comptoir-export-2026-11-05.json`, from the document's own date. */
export function exportFileName(generatedAt: string): string {
  return `comptoir-export-${generatedAt.slice(0, 10)}.json`;
}

/**
 * Who answers for the data (GDPR art. 13): the customer's market's company, as its legal
 * mentions name it, else its shop name; an account gone meanwhile falls back to the default market.
 */
function controllerOf(ctx: Pick<TAppContext, 'markets'>, customer: { marketId: string } | undefined): { name: string; publicUrl: string } {
  const market = customer ? ctx.markets.get(customer.marketId) : ctx.markets.defaultMarket();
  return { name: market.branding.legal.companyName ?? market.branding.shopName, publicUrl: market.publicUrl };
}
