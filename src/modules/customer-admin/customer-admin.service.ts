import { eq } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { sendVerificationEmail } from '../auth/registration.service.js';
import { enqueuePasswordResetLink } from '../auth/password-reset.service.js';
import { findCustomerByEmail, normalizeEmail } from '../customers/customers.service.js';
import { insertCustomerIfAbsent, updateCustomer } from '../customers/customers.repository.js';
import { customers, type TCustomerRow } from '../customers/customers.tables.js';
import { normalizeProfileChanges, type TProfileDraft } from '../customers/profile.rules.js';
import { maskEmail } from '../marketing/marketing.rules.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { requireStaffMarketAccess } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { recordCustomerEvent } from '../webhooks/webhook-payloads.js';
import { touchWalletPass } from '../wallet/wallet-passes.service.js';
import { applyAddressChanges, applyConsentChanges } from './customer-admin.changes.js';
import { renderEmailChangedByStaffEmail, STAFF_EMAIL_CHANGED_TEMPLATE } from './customer-admin.emails.js';
import { customerAdminErrors } from './customer-admin.errors.js';
import {
  BUSINESS_FIELDS,
  businessFieldsOnIndividual,
  clearedBusinessDetails,
  isBusinessType,
  normalizeBusinessChanges,
  type TBusinessChanges,
  type TBusinessDraft,
} from './customer-admin.rules.js';
import type { TCreateCustomerBody, TCustomerDetail, TUpdateCustomerBody } from './customer-admin.schemas.js';
import { customerDetailOf } from './customer-detail.js';

type TStaffAction = { actor: TStaffPrincipal; meta: TRequestMeta };

const PROFILE_FIELDS = ['firstName', 'lastName', 'initials', 'phone', 'mobile', 'locale', 'gender', 'birthDate'] as const;

const target = (customerId: string) => ({ type: 'customer', id: customerId });

function pick<K extends string>(body: Partial<Record<K, unknown>>, fields: readonly K[]): Partial<Record<K, string | null>> {
  const picked: Partial<Record<K, string | null>> = {};
  for (const field of fields) {
    const value = body[field];
    if (value !== undefined) picked[field] = value as string | null;
  }
  return picked;
}

/**
 * The customer row, locked until the transaction ends; 404 when there is none, or when it is
 * in a market the staff member does not work in (every staff route on a customer comes here).
 */
export async function lockCustomer(tx: Database, customerId: string, actor: Pick<TStaffPrincipal, 'staff'>): Promise<TCustomerRow> {
  const [row] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
  if (!row) throw customerAdminErrors.notFound();
  requireStaffMarketAccess(actor, row.marketId);
  return row;
}

/** As lockCustomer, without the lock. */
export async function findCustomerOr404(db: Database, customerId: string, actor: Pick<TStaffPrincipal, 'staff'>): Promise<TCustomerRow> {
  const [row] = await db.select().from(customers).where(eq(customers.id, customerId));
  if (!row) throw customerAdminErrors.notFound();
  requireStaffMarketAccess(actor, row.marketId);
  return row;
}

/**
 * The market a staff member creates in: the one asked for, else the default market; 400 for a
 * market that does not exist or that they do not work in (the same answer for both).
 */
export function staffTargetMarket(ctx: Pick<TAppContext, 'markets'>, actor: Pick<TStaffPrincipal, 'staff'>, marketId: string | undefined, path = 'marketId') {
  const market = marketId === undefined ? ctx.markets.defaultMarket() : ctx.markets.byId(marketId);
  if (!market || (actor.staff.marketIds !== null && !actor.staff.marketIds.includes(market.id))) {
    throw customerAdminErrors.invalidFields([{ path, code: 'unknown_market', message: 'No market you work in has this id.' }]);
  }
  return market;
}

/**
 * POST /api/staff/customers (F6.2): an account typed in by staff, origin `staff`, with no
 * password and an unverified address: the person proves the address (and so owns the account)
 * by signing in with an emailed code, or with the reset link sent here on request.
 */
export async function createCustomerByStaff(ctx: TAppContext, options: TStaffAction & { body: TCreateCustomerBody }): Promise<TCustomerDetail> {
  const { body, actor, meta } = options;
  const market = staffTargetMarket(ctx, actor, body.marketId);
  const profile = normalizeProfileChanges(pick(body, PROFILE_FIELDS) as TProfileDraft, ctx.config.shopCountry);
  const business: TBusinessChanges = isBusinessType(body.accountType) ? normalizeBusinessChanges(pick(body, BUSINESS_FIELDS), ctx.config.shopCountry) : {};
  const detail = await ctx.db.transaction(async (tx) => {
    const created = await insertCustomerIfAbsent(tx, {
      marketId: market.id,
      email: body.email.trim(),
      emailNormalized: normalizeEmail(body.email),
      passwordHash: null,
      ...profile,
      firstName: profile.firstName ?? body.firstName.trim(),
      lastName: profile.lastName ?? body.lastName.trim(),
      locale: body.locale,
      gender: body.gender ?? null,
      accountType: body.accountType,
      origin: 'staff',
      ...business,
    });
    if (!created) throw customerAdminErrors.emailTaken();
    const consents = await applyConsentChanges(tx, { customerId: created.id, mobile: created.mobile, wanted: body });
    const addresses = await applyAddressChanges(ctx, tx, { customerId: created.id, body });
    await recordCustomerEvent(tx, 'customer.created', created);
    const given = Object.keys(body).filter((field) => (body as Record<string, unknown>)[field] !== undefined && (body as Record<string, unknown>)[field] !== null);
    await recordStaffAudit(tx, {
      staffId: actor.staff.id,
      action: 'customer.created',
      target: target(created.id),
      meta,
      details: { accountType: created.accountType, marketId: market.id, fields: given, consents, addresses },
    });
    if (body.sendPasswordLink) {
      await enqueuePasswordResetLink(ctx, tx, { customer: created, to: created.email, meta });
      await recordStaffAudit(tx, { staffId: actor.staff.id, action: 'customer.password_reset_sent', target: target(created.id), meta });
    }
    return customerDetailOf(ctx, tx, created);
  });
  if (body.sendPasswordLink) ctx.notifyMail();
  return detail;
}

/** GET /api/staff/customers/:customerId: read and audited (customer.viewed) in one transaction. */
export async function viewCustomer(ctx: TAppContext, options: TStaffAction & { customerId: string }): Promise<TCustomerDetail> {
  return ctx.db.transaction(async (tx) => {
    const row = await findCustomerOr404(tx, options.customerId, options.actor);
    await recordStaffAudit(tx, { staffId: options.actor.staff.id, action: 'customer.viewed', target: target(row.id), meta: options.meta });
    return customerDetailOf(ctx, tx, row);
  });
}

/** The stored business details a change leads to: back to a personal account, they go. */
function businessChangesOf(row: TCustomerRow, body: TUpdateCustomerBody, shopCountry: string): TBusinessChanges {
  const accountType = body.accountType ?? row.accountType;
  const draft: TBusinessDraft = pick(body, BUSINESS_FIELDS);
  if (isBusinessType(accountType)) return normalizeBusinessChanges(draft, shopCountry);
  const issues = businessFieldsOnIndividual(draft);
  if (issues.length > 0) throw customerAdminErrors.invalidFields(issues);
  return clearedBusinessDetails();
}

/**
 * PATCH /api/staff/customers/:customerId: only what is given changes. A new address is
 * unverified until proven (its verification link is sent to it) and the previous one is told.
 * The audit entry and the webhook name the changed fields, never their values.
 */
export async function updateCustomerByStaff(
  ctx: TAppContext,
  options: TStaffAction & { customerId: string; body: TUpdateCustomerBody },
): Promise<TCustomerDetail> {
  const { body, actor, meta } = options;
  let rowChanged = false;
  let mailed = false;
  const detail = await ctx.db.transaction(async (tx) => {
    const row = await lockCustomer(tx, options.customerId, actor);
    const changes: Partial<TCustomerRow> = {
      ...normalizeProfileChanges(pick(body, PROFILE_FIELDS) as TProfileDraft, ctx.config.shopCountry),
      ...(body.accountType !== undefined ? { accountType: body.accountType } : {}),
      ...businessChangesOf(row, body, ctx.config.shopCountry),
    };
    const newEmail = body.email?.trim();
    const emailChanged = newEmail !== undefined && normalizeEmail(newEmail) !== row.emailNormalized;
    if (emailChanged) {
      const holder = await findCustomerByEmail(tx, row.marketId, newEmail);
      if (holder && holder.id !== row.id) throw customerAdminErrors.emailTaken();
      Object.assign(changes, { email: newEmail, emailNormalized: normalizeEmail(newEmail), emailVerifiedAt: null });
    } else if (newEmail !== undefined && newEmail !== row.email) {
      changes.email = newEmail;
    }
    const changedFields = (Object.keys(changes) as (keyof TCustomerRow)[]).filter((field) => changes[field] !== row[field]);
    const fields: string[] = changedFields.filter((field) => field !== 'emailNormalized' && field !== 'emailVerifiedAt');
    let updated = row;
    if (changedFields.length > 0) {
      updated = (await updateCustomer(tx, row.id, Object.fromEntries(changedFields.map((field) => [field, changes[field]])))) ?? row;
      rowChanged = true;
      // The wallet pass shows the holder's name: devices fetch it again.
      if (changedFields.includes('firstName') || changedFields.includes('lastName')) await touchWalletPass(tx, row.id);
    }
    fields.push(...(await applyConsentChanges(tx, { customerId: row.id, mobile: updated.mobile, wanted: body })));
    fields.push(...(await applyAddressChanges(ctx, tx, { customerId: row.id, body })));
    if (emailChanged) {
      await notifyEmailChanged(ctx, tx, { before: row, after: updated });
      mailed = true;
    }
    if (fields.length > 0) {
      await recordCustomerEvent(tx, 'customer.updated', updated);
      await recordStaffAudit(tx, { staffId: actor.staff.id, action: 'customer.updated', target: target(row.id), meta, details: { fields } });
    }
    return customerDetailOf(ctx, tx, updated);
  });
  // Sessions carry the profile; the database trigger evicts other instances' caches.
  if (rowChanged) ctx.sessionCache.evictCustomer(options.customerId);
  if (mailed) ctx.notifyMail();
  return detail;
}

/** The previous address is told (it no longer signs in); the new one gets its verification link. */
async function notifyEmailChanged(ctx: TAppContext, tx: Database, options: { before: TCustomerRow; after: TCustomerRow }): Promise<void> {
  const { before, after } = options;
  await enqueueEmail(tx, {
    customerId: before.id,
    to: before.email,
    template: STAFF_EMAIL_CHANGED_TEMPLATE,
    locale: after.locale,
    rendered: renderEmailChangedByStaffEmail({
      locale: after.locale,
      branding: ctx.markets.get(after.marketId).branding,
      firstName: after.firstName,
      maskedNewEmail: maskEmail(after.email),
      changedAt: new Date(),
    }),
  });
  await sendVerificationEmail(ctx, tx, after);
}
