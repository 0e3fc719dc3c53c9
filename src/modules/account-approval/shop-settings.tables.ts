import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { staffUsers } from '../staff/staff.tables.js';

/** F1.7: which new accounts wait for a staff decision. */
export const accountApprovalModes = ['none', 'business', 'all'] as const;
export type TAccountApprovalMode = (typeof accountApprovalModes)[number];

/**
 * The shop's settings that staff change in the back office, one row (`id = 'shop'`). A missing
 * row means every default below.
 */
export const shopSettings = pgTable(
  'shop_settings',
  {
    id: text().primaryKey().default('shop'),
    accountApproval: text({ enum: accountApprovalModes }).notNull().default('none'),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedByStaffId: text().references(() => staffUsers.id, { onDelete: 'set null' }),
  },
  (table) => [
    check('shop_settings_single_row_check', sql`${table.id} = 'shop'`),
    check('shop_settings_account_approval_check', sql`${table.accountApproval} in ('none', 'business', 'all')`),
  ],
);
