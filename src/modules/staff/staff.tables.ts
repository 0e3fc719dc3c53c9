import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const staffRoles = ['owner', 'administrator', 'support', 'read_only'] as const;
export type TStaffRole = (typeof staffRoles)[number];

/** invited: has a setup link, no password yet. disabled: cannot sign in, sessions ended. */
export const staffStatuses = ['invited', 'active', 'disabled'] as const;
export type TStaffStatus = (typeof staffStatuses)[number];

export const staffLocales = ['fr', 'en'] as const;

/** The shop's staff (F6.1): a separate population from customers, with its own sessions. */
export const staffUsers = pgTable(
  'staff_users',
  {
    id: text().primaryKey(),
    email: text().notNull(),
    emailNormalized: text().notNull(),
    name: text().notNull(),
    role: text({ enum: staffRoles }).notNull(),
    status: text({ enum: staffStatuses }).notNull().default('invited'),
    locale: text({ enum: staffLocales }).notNull().default('fr'),
    /** The market ids this person may work in (F1.8); null: every market. */
    marketIds: jsonb().$type<string[]>(),
    passwordHash: text(),
    /**
     * Base32 TOTP secret. It must be readable to compute codes, so it cannot be a digest; the
     * database is the trust boundary here, as for any TOTP server without an HSM.
     */
    totpSecret: text(),
    /** A secret shown by /totp/setup, waiting for its first code (/totp/confirm). */
    totpPendingSecret: text(),
    totpEnabledAt: timestamp({ withTimezone: true }),
    /** The last 30-second step accepted: a code is never accepted twice (RFC 6238 §5.2). */
    totpLastStep: bigint({ mode: 'number' }),
    lastSignInAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('staff_users_email_normalized_key').on(table.emailNormalized),
    check('staff_users_role_check', sql`${table.role} in ('owner', 'administrator', 'support', 'read_only')`),
    check('staff_users_status_check', sql`${table.status} in ('invited', 'active', 'disabled')`),
    check('staff_users_locale_check', sql`${table.locale} in ('fr', 'en')`),
  ],
);
export type TStaffUserRow = typeof staffUsers.$inferSelect;

/** Staff sessions: never mixed with customers' `sessions`, so a customer token is never staff. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: text().primaryKey(),
    staffId: text()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    /** Null until the second factor is proven in this session. */
    secondFactorAt: timestamp({ withTimezone: true }),
    ip: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    absoluteExpiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    uniqueIndex('staff_sessions_token_hash_key').on(table.tokenHash),
    index('staff_sessions_staff_idx').on(table.staffId),
  ],
);

/**
 * Single-use setup links (24 h). `staffId` null: the first-run link printed by `npm start`,
 * which creates the owner; it is void as soon as any owner exists.
 */
export const staffSetupTokens = pgTable(
  'staff_setup_tokens',
  {
    id: text().primaryKey(),
    staffId: text().references(() => staffUsers.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    consumedAt: timestamp({ withTimezone: true }),
  },
  (table) => [uniqueIndex('staff_setup_tokens_token_hash_key').on(table.tokenHash), index('staff_setup_tokens_staff_idx').on(table.staffId)],
);

/** Ten single-use recovery codes per enrolment, stored as SHA-256 (80 random bits each). */
export const staffRecoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    id: text().primaryKey(),
    staffId: text()
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (table) => [uniqueIndex('staff_recovery_codes_code_key').on(table.staffId, table.codeHash)],
);

/**
 * Who did what, when and from where. Append-only in spirit: nothing updates it. Never a
 * password, code or token; `details` holds names of changed fields, old and new roles, counts.
 * `staffId` is null when nobody was signed in (a failed sign-in, the command line).
 */
export const staffAuditEvents = pgTable(
  'staff_audit_events',
  {
    id: text().primaryKey(),
    staffId: text().references(() => staffUsers.id, { onDelete: 'set null' }),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    ip: text(),
    userAgent: text(),
    details: jsonb().$type<Record<string, unknown>>(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('staff_audit_events_staff_idx').on(table.staffId, table.id),
    index('staff_audit_events_action_idx').on(table.action, table.id),
    index('staff_audit_events_target_idx').on(table.targetType, table.targetId, table.id),
    index('staff_audit_events_at_idx').on(table.at),
  ],
);
