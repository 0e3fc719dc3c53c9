import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from '../customers/customers.tables.js';
import { staffUsers } from '../staff/staff.tables.js';

/** Access (a copy of the data, art. 15/20) or erasure (art. 17). */
export const privacyRequestKinds = ['export', 'erasure'] as const;
export type TPrivacyRequestKind = (typeof privacyRequestKinds)[number];
export const privacyRequestStatuses = ['open', 'answered', 'declined'] as const;
export const privacyRequestChannels = ['email', 'letter', 'phone', 'in_store', 'other'] as const;

/**
 * A privacy request a person made to the shop outside their account (F6.4), recorded by staff
 * with when it arrived and when it was answered: GDPR art. 12(3) gives one month. The record
 * outlives an erasure: `customerId` then becomes null and `erasurePseudonym` points at the
 * `account_erasures` row, which holds no personal data.
 */
export const privacyRequests = pgTable(
  'privacy_requests',
  {
    id: text().primaryKey(),
    kind: text({ enum: privacyRequestKinds }).notNull(),
    status: text({ enum: privacyRequestStatuses }).notNull().default('open'),
    channel: text({ enum: privacyRequestChannels }).notNull(),
    customerId: text().references(() => customers.id, { onDelete: 'set null' }),
    erasurePseudonym: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    /** receivedAt + one calendar month. */
    dueAt: timestamp({ withTimezone: true }).notNull(),
    answeredAt: timestamp({ withTimezone: true }),
    recordedByStaffId: text().references(() => staffUsers.id, { onDelete: 'set null' }),
    answeredByStaffId: text().references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('privacy_requests_open_idx').on(table.dueAt).where(sql`${table.status} = 'open'`),
    index('privacy_requests_customer_idx').on(table.customerId),
    check('privacy_requests_kind_check', sql`${table.kind} in ('export', 'erasure')`),
    check('privacy_requests_status_check', sql`${table.status} in ('open', 'answered', 'declined')`),
    check('privacy_requests_channel_check', sql`${table.channel} in ('email', 'letter', 'phone', 'in_store', 'other')`),
    check('privacy_requests_answered_check', sql`(${table.status} = 'open') = (${table.answeredAt} is null)`),
  ],
);
export type TPrivacyRequestRow = typeof privacyRequests.$inferSelect;
