import type { Database } from '../../db/client.js';
import * as repository from './customers.repository.js';
import type { TCustomerRow, TSignedInCustomer } from './customers.tables.js';

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
  createdAt: Date;
};

export function toPublicCustomer(row: TSignedInCustomer): TPublicCustomer {
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    emailVerified: row.emailVerifiedAt !== null,
    accountType: row.accountType,
    locale: row.locale,
    createdAt: row.createdAt,
  };
}

export const findCustomerByEmail = (db: Database, email: string) =>
  repository.findCustomerByEmail(db, normalizeEmail(email));

export const findCustomerById = repository.findCustomerById;

export type TCreateCustomerInput = {
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

/** Marks the address as proven (link, code or reset); keeps the first proof's time. */
export async function markEmailVerified(db: Database, customer: TCustomerRow): Promise<TCustomerRow> {
  if (customer.emailVerifiedAt) return customer;
  return (await repository.updateCustomer(db, customer.id, { emailVerifiedAt: new Date() })) ?? customer;
}

export async function setCustomerPasswordHash(db: Database, customerId: string, passwordHash: string): Promise<void> {
  await repository.updateCustomer(db, customerId, { passwordHash });
}
