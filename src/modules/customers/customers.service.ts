import { ensureMemberCard } from '../cards/cards.service.js';
import type { Database } from '../../db/client.js';
import * as repository from './customers.repository.js';
import type { TCustomerRow, TSignedInCustomer } from './customers.tables.js';
import { formatProfilePhone } from './profile.rules.js';
import { recordCustomerEvent } from '../webhooks/webhook-payloads.js';

/** The version of the privacy notice a consent given today refers to. */
export const PRIVACY_NOTICE_VERSION = '2026-11';

/** Addresses are compared trimmed and case-insensitively (RFC 5321 allows case in the local part; no shop relies on it). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type TPublicCustomer = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  emailVerified: boolean;
  accountType: TCustomerRow['accountType'];
  locale: TCustomerRow['locale'];
  initials: string | null;
  phone: string | null;
  phoneNational: string | null;
  mobile: string | null;
  mobileNational: string | null;
  gender: TCustomerRow['gender'];
  birthDate: string | null;
  approvalStatus: TCustomerRow['approvalStatus'];
  createdAt: Date;
};

/** The profile as answered; phones also in the form people read them (national for the shop's country). */
export function toPublicCustomer(row: TSignedInCustomer, config: { shopCountry: string }): TPublicCustomer {
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    emailVerified: row.emailVerifiedAt !== null,
    accountType: row.accountType,
    locale: row.locale,
    initials: row.initials,
    phone: row.phone,
    phoneNational: formatProfilePhone(row.phone, config.shopCountry),
    mobile: row.mobile,
    mobileNational: formatProfilePhone(row.mobile, config.shopCountry),
    gender: row.gender,
    birthDate: row.birthDate,
    approvalStatus: row.approvalStatus,
    createdAt: row.createdAt,
  };
}

/** The account of an address in one market (F1.8): the same address may hold one in each. */
export const findCustomerByEmail = (db: Database, marketId: string, email: string) =>
  repository.findCustomerByEmail(db, marketId, normalizeEmail(email));

export const findCustomerById = repository.findCustomerById;

export type TCreateCustomerInput = {
  marketId: string;
  email: string;
  passwordHash: string | null;
  firstName: string;
  lastName: string;
  accountType: TCustomerRow['accountType'];
  locale: TCustomerRow['locale'];
  marketingEmail: { granted: boolean; ip: string | null } | null;
};

/** Creates an unverified customer, with the newsletter consent given at sign-up if any. */
export async function createCustomer(db: Database, input: TCreateCustomerInput): Promise<TCustomerRow> {
  const customer = await repository.insertCustomer(db, {
    marketId: input.marketId,
    email: input.email.trim(),
    emailNormalized: normalizeEmail(input.email),
    passwordHash: input.passwordHash,
    firstName: input.firstName,
    lastName: input.lastName,
    accountType: input.accountType,
    locale: input.locale,
  });
  if (input.marketingEmail?.granted) {
    await repository.insertConsentRecord(db, {
      customerId: customer.id,
      purpose: 'newsletter_email',
      granted: true,
      source: 'sign_up',
      ip: input.marketingEmail.ip,
      noticeVersion: PRIVACY_NOTICE_VERSION,
    });
  }
  return customer;
}

/**
 * Marks the address as proven (link, code or reset); keeps the first proof's time. Proving the
 * address is also what claims a guest account: whoever controls the address owns it.
 */
export async function markEmailVerified(db: Database, customer: TCustomerRow): Promise<TCustomerRow> {
  const claim = isUnclaimedGuest(customer);
  if (customer.emailVerifiedAt && !claim) return customer;
  const now = new Date();
  const changes = { emailVerifiedAt: customer.emailVerifiedAt ?? now, ...(claim ? { claimedAt: now } : {}) };
  const verified = (await repository.updateCustomer(db, customer.id, changes)) ?? customer;
  await recordCustomerEvent(db, 'customer.updated', verified);
  // A proven address is what makes a member (F5.1): the card comes with it.
  await ensureMemberCard(db, customer.id);
  return verified;
}

/** Origins of accounts created without the person choosing to: a guest order, an express checkout. */
const guestOrigins: ReadonlySet<TCustomerRow['origin']> = new Set(['guest_order', 'express_checkout']);

/**
 * A guest account: created by the shop from a guest order or an express checkout, with no
 * password, and not yet claimed by someone proving the address.
 */
export function isUnclaimedGuest(customer: Pick<TCustomerRow, 'origin' | 'claimedAt'>): boolean {
  return guestOrigins.has(customer.origin) && customer.claimedAt === null;
}

export type TGuestAccountInput = {
  marketId: string;
  email: string;
  firstName: string;
  lastName: string;
  locale: TCustomerRow['locale'];
  origin: 'guest_order' | 'express_checkout';
};

/**
 * The account behind a guest order or an express checkout (F1.6): the address's existing account
 * if it has one (never changed here), otherwise a new passwordless, unverified guest account.
 * Nobody can sign in to it until someone proves the address (code sign-in, registration link or
 * password reset), which claims it.
 */
export async function findOrCreateGuestAccount(
  db: Database,
  input: TGuestAccountInput,
): Promise<{ customer: TCustomerRow; created: boolean }> {
  const created = await repository.insertCustomerIfAbsent(db, {
    marketId: input.marketId,
    email: input.email.trim(),
    emailNormalized: normalizeEmail(input.email),
    passwordHash: null,
    firstName: input.firstName,
    lastName: input.lastName,
    locale: input.locale,
    origin: input.origin,
  });
  if (created) {
    await recordCustomerEvent(db, 'customer.created', created);
    return { customer: created, created: true };
  }
  // Someone (or a concurrent order) got there first: that account is the one, unchanged.
  const existing = await findCustomerByEmail(db, input.marketId, input.email);
  if (!existing) throw new Error('customer vanished between insert and select');
  return { customer: existing, created: false };
}

export async function setCustomerPasswordHash(db: Database, customerId: string, passwordHash: string): Promise<void> {
  await repository.updateCustomer(db, customerId, { passwordHash });
}
