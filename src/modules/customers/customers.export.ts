import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { consentPurposes, consentRecords, consentSources, customers, unsubscribeTokens } from './customers.tables.js';

// The customers module's part of GET /api/me/export (listed in privacy/privacy.registry.ts).

const iso = (value: Date | null) => (value ? value.toISOString() : null);
const ZTimestamp = z.string().describe('ISO 8601, UTC.');

const ZProfile = z
  .object({
    id: z.string(),
    email: z.string(),
    emailVerifiedAt: ZTimestamp.nullable(),
    firstName: z.string(),
    lastName: z.string(),
    initials: z.string().nullable(),
    phone: z.string().nullable().describe('E.164.'),
    mobile: z.string().nullable().describe('E.164.'),
    gender: z.string().nullable(),
    birthDate: z.string().nullable().describe('YYYY-MM-DD.'),
    origin: z.string().describe('How the account came to exist: registration, guest_order, express_checkout, import, staff.'),
    claimedAt: ZTimestamp.nullable(),
    accountType: z.string(),
    locale: z.string(),
    status: z.string(),
    hasPassword: z.boolean().describe('Whether a password is set; the password itself is stored only as an argon2id hash, never exported.'),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .nullable();

export const profileExport = defineExportSection({
  key: 'profile',
  description: 'Your account: identity, contact details, language and how the account was created.',
  tables: ['customers'],
  processing: {
    purposes: ['Keeping your customer account and signing you in', 'Contacting you about your orders and your account'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR)',
    retention: 'As long as the account exists; erased when you delete it.',
    recipients: ['The shop', 'Its hosting provider (processor)'],
  },
  schema: ZProfile,
  async collect(db, customerId) {
    const [row] = await db.select().from(customers).where(eq(customers.id, customerId));
    if (!row) return null;
    return {
      id: row.id,
      email: row.email,
      emailVerifiedAt: iso(row.emailVerifiedAt),
      firstName: row.firstName,
      lastName: row.lastName,
      initials: row.initials,
      phone: row.phone,
      mobile: row.mobile,
      gender: row.gender,
      birthDate: row.birthDate,
      origin: row.origin,
      claimedAt: iso(row.claimedAt),
      accountType: row.accountType,
      locale: row.locale,
      status: row.status,
      hasPassword: row.passwordHash !== null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  },
});

const ZConsentRecord = z.object({
  id: z.string(),
  purpose: z.enum(consentPurposes),
  granted: z.boolean(),
  source: z.enum(consentSources),
  ip: z.string().nullable(),
  noticeVersion: z.string().describe('The version of the privacy notice the choice was made under.'),
  recordedAt: ZTimestamp,
});

const ZConsents = z.object({
  current: z
    .array(z.object({ purpose: z.enum(consentPurposes), granted: z.boolean(), since: ZTimestamp.nullable() }))
    .describe('The state of each purpose now: the latest record, or not granted when there is none.'),
  history: z.array(ZConsentRecord).describe('Every consent given or withdrawn, oldest first.'),
});

export const consentsExport = defineExportSection({
  key: 'consents',
  description: 'Your marketing consents (newsletter, promotional email, SMS): their current state and every change.',
  tables: ['consent_records'],
  processing: {
    purposes: ['Proving that you agreed to marketing messages, and honouring a withdrawal'],
    legalBasis: 'Legal obligation to prove consent (art. 6(1)(c) and 7(1) GDPR)',
    retention: 'As long as the account exists; erased when you delete it.',
    recipients: ['The shop', 'Its hosting provider (processor)'],
  },
  schema: ZConsents,
  async collect(db, customerId) {
    const rows = await db
      .select()
      .from(consentRecords)
      .where(eq(consentRecords.customerId, customerId))
      .orderBy(asc(consentRecords.recordedAt), asc(consentRecords.id));
    const history = rows.map((row) => ({
      id: row.id,
      purpose: row.purpose,
      granted: row.granted,
      source: row.source,
      ip: row.ip,
      noticeVersion: row.noticeVersion,
      recordedAt: row.recordedAt.toISOString(),
    }));
    const current = consentPurposes.map((purpose) => {
      const latest = history.filter((record) => record.purpose === purpose).at(-1);
      return { purpose, granted: latest?.granted ?? false, since: latest?.recordedAt ?? null };
    });
    return { current, history };
  },
});

const ZUnsubscribeLink = z.object({
  id: z.string(),
  purpose: z.enum(consentPurposes),
  createdAt: ZTimestamp,
  lastUsedAt: ZTimestamp.nullable(),
});

export const unsubscribeLinksExport = defineExportSection({
  key: 'unsubscribeLinks',
  description: 'The one-click unsubscribe links your marketing emails carry (their secret is not shown).',
  tables: ['unsubscribe_tokens'],
  processing: {
    purposes: ['Letting you unsubscribe in one click without signing in'],
    legalBasis: 'Legal obligation (art. 6(1)(c) GDPR; art. 21(3) GDPR and L34-5 CPCE)',
    retention: 'As long as the account exists; erased when you delete it.',
    recipients: ['The shop', 'Its hosting provider (processor)'],
  },
  schema: z.array(ZUnsubscribeLink),
  async collect(db, customerId) {
    const rows = await db
      .select({ id: unsubscribeTokens.id, purpose: unsubscribeTokens.purpose, createdAt: unsubscribeTokens.createdAt, lastUsedAt: unsubscribeTokens.lastUsedAt })
      .from(unsubscribeTokens)
      .where(eq(unsubscribeTokens.customerId, customerId))
      .orderBy(asc(unsubscribeTokens.createdAt));
    return rows.map((row) => ({ id: row.id, purpose: row.purpose, createdAt: row.createdAt.toISOString(), lastUsedAt: iso(row.lastUsedAt) }));
  },
});
