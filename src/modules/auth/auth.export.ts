import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { emailTokens, securityEvents, sessions, tokenPurposes } from './auth.tables.js';

// The auth module's part of GET /api/me/export (listed in privacy/privacy.registry.ts). Token
// and code digests are secrets of the service, not data about the person: never exported.

const iso = (value: Date | null) => (value ? value.toISOString() : null);
const SECURITY_PROCESSING = {
  legalBasis: 'Legitimate interest in keeping accounts secure (art. 6(1)(f) GDPR) and security of processing (art. 32 GDPR)',
  recipients: ['The shop', 'Its hosting provider (processor)'],
};

const ZExportedSession = z.object({
  id: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const sessionsExport = defineExportSection({
  key: 'sessions',
  description: 'The devices signed in to your account, past and present: IP address, browser, times.',
  tables: ['sessions'],
  processing: {
    purposes: ['Keeping you signed in', 'Letting you see and end your sessions', 'Detecting account takeover'],
    retention: 'As long as the account exists, ended sessions included; erased when you delete it.',
    ...SECURITY_PROCESSING,
  },
  schema: z.array(ZExportedSession),
  async collect(db, customerId) {
    const rows = await db.select().from(sessions).where(eq(sessions.customerId, customerId)).orderBy(asc(sessions.createdAt));
    return rows.map((row) => ({
      id: row.id,
      ip: row.ip,
      userAgent: row.userAgent,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      expiresAt: row.absoluteExpiresAt.toISOString(),
      revokedAt: iso(row.revokedAt),
    }));
  },
});

const ZExportedSecurityEvent = z.object({
  id: z.string(),
  type: z.string().describe('e.g. sign_in_succeeded, password_changed, data_exported.'),
  method: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  occurredAt: z.string(),
});

export const securityEventsExport = defineExportSection({
  key: 'securityEvents',
  description: 'The security log of your account: sign-ins, failures, codes sent, changes of password or address, exports.',
  tables: ['security_events'],
  processing: {
    purposes: ['Protecting your account', 'Investigating suspicious activity'],
    retention: 'As long as the account exists; erased when you delete it.',
    ...SECURITY_PROCESSING,
  },
  schema: z.array(ZExportedSecurityEvent),
  async collect(db, customerId) {
    const rows = await db
      .select()
      .from(securityEvents)
      .where(eq(securityEvents.customerId, customerId))
      .orderBy(asc(securityEvents.occurredAt), asc(securityEvents.id));
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      method: row.method,
      ip: row.ip,
      userAgent: row.userAgent,
      occurredAt: row.occurredAt.toISOString(),
    }));
  },
});

/** What a link applies (a new address, a name typed at registration) without any secret in it. */
function withoutSecrets(data: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!data) return null;
  // guest_claim holds the password typed at registration, as an argon2id hash.
  return Object.fromEntries(Object.entries(data).filter(([key]) => !/password|hash|secret|token|code/i.test(key)));
}

const ZExportedEmailLink = z.object({
  id: z.string(),
  purpose: z.enum(tokenPurposes),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  data: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('What the link applies when opened, e.g. the new address of an email change; secrets left out.'),
});

export const emailLinksExport = defineExportSection({
  key: 'emailLinks',
  description:
    'Single-use links emailed to you (address confirmation, password reset, change of sign-in address and its report link, claiming a guest account), including a pending change of address.',
  tables: ['email_tokens'],
  processing: {
    purposes: ['Proving that you control an email address before acting on it'],
    retention: 'As long as the account exists; erased when you delete it.',
    ...SECURITY_PROCESSING,
  },
  schema: z.array(ZExportedEmailLink),
  async collect(db, customerId) {
    const rows = await db.select().from(emailTokens).where(eq(emailTokens.customerId, customerId)).orderBy(asc(emailTokens.createdAt));
    return rows.map((row) => ({
      id: row.id,
      purpose: row.purpose,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      usedAt: iso(row.consumedAt),
      data: withoutSecrets(row.data),
    }));
  },
});
