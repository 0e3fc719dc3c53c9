import { and, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { checkPasswordStrength } from '../../platform/crypto/password-strength.js';
import { hashToken, newSecretToken } from '../../platform/crypto/tokens.js';
import { postgresErrorCode } from '../../platform/errors/postgres-error.js';
import { newId } from '../../platform/ids.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import type { TRateRule } from '../../platform/rate-limit/rate-limiter.js';
import { authErrors } from '../auth/auth.errors.js';
import { authRateRules, countFailure, countRequest, refuseIfFailuresExceeded } from '../auth/auth.throttle.js';
import { recordSecurityEvent } from '../auth/security-events.repository.js';
import { createSession, type TIssuedSession } from '../auth/sessions.service.js';
import type { TMarket } from '../markets/market-directory.js';
import { createCustomer, findCustomerByEmail, findCustomerById, markEmailVerified, normalizeEmail } from '../customers/customers.service.js';
import { customers, type TCustomerRow, type TSignedInCustomer } from '../customers/customers.tables.js';
import {
  companies,
  companyInvitations,
  companyLocations,
  companyMembers,
  locationMembers,
  type TCompanyRole,
} from './companies.tables.js';
import { requireCompanyPermission } from './company-access.js';
import { COMPANY_INVITATION_TEMPLATE, renderInvitationEmail } from './invitations.emails.js';
import { membersErrors } from './members.errors.js';
import { recordCustomerEvent, recordMembershipEvent } from '../webhooks/webhook-payloads.js';
import type { TAcceptInvitationBody, TInvitation } from './members.schemas.js';

/** An invitation link works this long; a resend starts a new period with a new link. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

const invitationRateRules = {
  /** Enough for an office's whole team in one sitting; a spammer's relay it is not. */
  invitationsPerActor: { name: 'company_invite_actor', limit: 60, windowSeconds: 3600 },
} satisfies Record<string, TRateRule>;

type TContext = Pick<TAppContext, 'db' | 'config' | 'markets' | 'rateLimiter' | 'notifyMail'>;

/** On the company's market's own address (F1.8): the invitation is accepted there. */
export function invitationLink(market: Pick<TMarket, 'publicUrl'>, token: string): string {
  return `${market.publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`;
}

const pendingCondition = and(isNull(companyInvitations.acceptedAt), isNull(companyInvitations.revokedAt));

const inviters = alias(customers, 'inviters');

function toInvitationView(
  row: typeof companyInvitations.$inferSelect,
  inviter: { firstName: string; lastName: string } | null,
  now = Date.now(),
): TInvitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    locationIds: row.locationIds,
    status: row.expiresAt.getTime() > now ? 'pending' : 'expired',
    invitedBy: inviter,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

async function companyOf(db: Database, companyId: string) {
  const [company] = await db
    .select({ id: companies.id, marketId: companies.marketId, name: companies.name, kind: companies.kind, status: companies.status })
    .from(companies)
    .where(eq(companies.id, companyId));
  if (!company) throw membersErrors.notFound();
  return company;
}

/**
 * Who may not be invited: a colleague already, or (BUSINESS_PROGRAMME=separate, IKEA) the
 * address of a consumer account — a personal account in no company.
 */
async function refuseUninvitable(
  ctx: Pick<TAppContext, 'markets'>,
  db: Database,
  options: { companyId: string; invitee: TCustomerRow | undefined; member?: 'refuse' | 'allow' },
): Promise<void> {
  const invitee = options.invitee;
  if (!invitee) return;
  const memberships = await db
    .select({ companyId: companyMembers.companyId })
    .from(companyMembers)
    .where(eq(companyMembers.customerId, invitee.id));
  const alreadyMember = memberships.some((row) => row.companyId === options.companyId);
  if (alreadyMember && options.member !== 'allow') throw membersErrors.alreadyMember();
  if (ctx.markets.get(invitee.marketId).businessProgramme === 'separate' && invitee.accountType === 'individual' && memberships.length === 0) {
    throw membersErrors.consumerAccount();
  }
}

async function sendInvitationEmail(
  ctx: Pick<TAppContext, 'config' | 'markets'>,
  db: Database,
  options: {
    marketId: string;
    invitation: { email: string; role: TCompanyRole };
    invitee: TCustomerRow | undefined;
    companyName: string;
    inviter: { firstName: string; lastName: string; locale: 'fr' | 'en' } | undefined;
    token: string;
  },
): Promise<void> {
  // In the invitee's own language when they have an account, else in the inviter's.
  const locale = options.invitee?.locale ?? options.inviter?.locale ?? 'fr';
  await enqueueEmail(db, {
    customerId: options.invitee?.id ?? null,
    to: options.invitation.email,
    template: COMPANY_INVITATION_TEMPLATE,
    locale,
    rendered: renderInvitationEmail({
      locale,
      branding: ctx.markets.get(options.marketId).branding,
      companyName: options.companyName,
      inviterName: options.inviter ? `${options.inviter.firstName} ${options.inviter.lastName}`.trim() : null,
      role: options.invitation.role,
      link: invitationLink(ctx.markets.get(options.marketId), options.token),
    }),
  });
}

async function inviterOf(db: Database, customerId: string) {
  const [row] = await db
    .select({ firstName: customers.firstName, lastName: customers.lastName, locale: customers.locale })
    .from(customers)
    .where(eq(customers.id, customerId));
  return row;
}

/** Invites a colleague by email (F3.3): a single-use link valid 7 days, one pending per company and address. */
export async function createInvitation(
  ctx: TContext,
  options: { companyId: string; actorId: string; email: string; role: TCompanyRole; locationIds: string[] },
): Promise<TInvitation> {
  await requireCompanyPermission(ctx.db, { companyId: options.companyId, customerId: options.actorId, permission: 'members.manage' });
  await countRequest(ctx.rateLimiter, [[invitationRateRules.invitationsPerActor, options.actorId]]);
  const email = options.email.trim();
  const emailNormalized = normalizeEmail(email);
  const locationIds = [...new Set(options.locationIds)];
  try {
    const invitation = await ctx.db.transaction(async (tx) => {
      const company = await companyOf(tx, options.companyId);
      if (locationIds.length > 0) {
        const known = await tx
          .select({ id: companyLocations.id })
          .from(companyLocations)
          .where(and(eq(companyLocations.companyId, options.companyId), inArray(companyLocations.id, locationIds)));
        const knownIds = new Set(known.map((row) => row.id));
        const unknown = options.locationIds.flatMap((id, index) =>
          knownIds.has(id) ? [] : [{ path: `locationIds.${index}`, code: 'unknown_location', message: 'No such location in this company.' }],
        );
        if (unknown.length > 0) throw membersErrors.unknownLocations(unknown);
      }
      const invitee = await findCustomerByEmail(tx, company.marketId, emailNormalized);
      await refuseUninvitable(ctx, tx, { companyId: options.companyId, invitee });
      // An expired invitation no longer blocks a new one (the partial unique index counts it as pending).
      await tx
        .update(companyInvitations)
        .set({ revokedAt: new Date() })
        .where(
          and(
            eq(companyInvitations.companyId, options.companyId),
            eq(companyInvitations.emailNormalized, emailNormalized),
            pendingCondition,
            lte(companyInvitations.expiresAt, new Date()),
          ),
        );
      const [pending] = await tx
        .select({ id: companyInvitations.id })
        .from(companyInvitations)
        .where(and(eq(companyInvitations.companyId, options.companyId), eq(companyInvitations.emailNormalized, emailNormalized), pendingCondition));
      if (pending) throw membersErrors.invitationPending();
      const token = newSecretToken();
      const [row] = await tx
        .insert(companyInvitations)
        .values({
          id: newId('inv'),
          companyId: options.companyId,
          email,
          emailNormalized,
          role: options.role,
          locationIds,
          tokenHash: hashToken(token),
          invitedBy: options.actorId,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        })
        .returning();
      const inviter = await inviterOf(tx, options.actorId);
      await sendInvitationEmail(ctx, tx, { marketId: company.marketId, invitation: { email, role: options.role }, invitee, companyName: company.name, inviter, token });
      return toInvitationView(row!, inviter ? { firstName: inviter.firstName, lastName: inviter.lastName } : null);
    });
    ctx.notifyMail();
    return invitation;
  } catch (error) {
    // Two invitations of one address at once: the partial unique index lets one through.
    if (postgresErrorCode(error) === '23505') throw membersErrors.invitationPending();
    throw error;
  }
}

/** Pending invitations (expired ones too, to be sent again), newest first. */
export async function listInvitations(ctx: Pick<TAppContext, 'db'>, options: { companyId: string; actorId: string }): Promise<TInvitation[]> {
  await requireCompanyPermission(ctx.db, { companyId: options.companyId, customerId: options.actorId, permission: 'members.manage' });
  const rows = await ctx.db
    .select({ invitation: companyInvitations, inviter: { firstName: inviters.firstName, lastName: inviters.lastName } })
    .from(companyInvitations)
    .leftJoin(inviters, eq(inviters.id, companyInvitations.invitedBy))
    .where(and(eq(companyInvitations.companyId, options.companyId), pendingCondition))
    .orderBy(desc(companyInvitations.createdAt), desc(companyInvitations.id));
  const now = Date.now();
  return rows.map((row) => toInvitationView(row.invitation, row.inviter, now));
}

/** Revokes a pending invitation: its link stops working at once. */
export async function revokeInvitation(
  ctx: Pick<TAppContext, 'db'>,
  options: { companyId: string; actorId: string; invitationId: string },
): Promise<void> {
  await requireCompanyPermission(ctx.db, { companyId: options.companyId, customerId: options.actorId, permission: 'members.manage' });
  const revoked = await ctx.db
    .update(companyInvitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(companyInvitations.id, options.invitationId), eq(companyInvitations.companyId, options.companyId), pendingCondition))
    .returning({ id: companyInvitations.id });
  if (revoked.length === 0) throw membersErrors.notFound();
}

/** Sends a pending (or expired) invitation again with a new link valid 7 days; the old link dies. */
export async function resendInvitation(
  ctx: TContext,
  options: { companyId: string; actorId: string; invitationId: string },
): Promise<TInvitation> {
  await requireCompanyPermission(ctx.db, { companyId: options.companyId, customerId: options.actorId, permission: 'members.manage' });
  await countRequest(ctx.rateLimiter, [[invitationRateRules.invitationsPerActor, options.actorId]]);
  const invitation = await ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(companyInvitations)
      .where(and(eq(companyInvitations.id, options.invitationId), eq(companyInvitations.companyId, options.companyId), pendingCondition))
      .for('update');
    if (!current) throw membersErrors.notFound();
    const company = await companyOf(tx, options.companyId);
    const invitee = await findCustomerByEmail(tx, company.marketId, current.emailNormalized);
    await refuseUninvitable(ctx, tx, { companyId: options.companyId, invitee });
    const token = newSecretToken();
    const [row] = await tx
      .update(companyInvitations)
      .set({ tokenHash: hashToken(token), expiresAt: new Date(Date.now() + INVITATION_TTL_MS) })
      .where(eq(companyInvitations.id, current.id))
      .returning();
    const inviter = await inviterOf(tx, options.actorId);
    await sendInvitationEmail(ctx, tx, { marketId: company.marketId, invitation: current, invitee, companyName: company.name, inviter, token });
    const originalInviter = current.invitedBy ? await inviterOf(tx, current.invitedBy) : undefined;
    return toInvitationView(row!, originalInviter ? { firstName: originalInviter.firstName, lastName: originalInviter.lastName } : null);
  });
  ctx.notifyMail();
  return invitation;
}

/**
 * A pending, unexpired invitation of an active company by its link's token, in the market of
 * the request (F1.8): elsewhere the link is unknown, as a wrong one would be.
 */
async function findLiveInvitation(db: Database, token: string, options: { lock: boolean; marketId: string }) {
  const query = db
    .select({ invitation: companyInvitations, company: { id: companies.id, marketId: companies.marketId, name: companies.name, kind: companies.kind } })
    .from(companyInvitations)
    .innerJoin(companies, eq(companies.id, companyInvitations.companyId))
    .where(
      and(
        eq(companyInvitations.tokenHash, hashToken(token)),
        pendingCondition,
        gt(companyInvitations.expiresAt, sql`now()`),
        eq(companies.status, 'active'),
        eq(companies.marketId, options.marketId),
      ),
    );
  const [row] = options.lock ? await query.for('update', { of: companyInvitations }) : await query;
  return row;
}

const tokenFailures = (meta: TRequestMeta) => [[authRateRules.tokenFailuresPerIp, meta.ip]] as const;

/** What the accept page shows before anything is accepted: the company, who invited, to which address. */
export async function previewInvitation(ctx: Pick<TAppContext, 'db' | 'rateLimiter'>, options: { token: string; meta: TRequestMeta }) {
  await refuseIfFailuresExceeded(ctx.rateLimiter, [...tokenFailures(options.meta)]);
  const row = await findLiveInvitation(ctx.db, options.token, { lock: false, marketId: options.meta.market.id });
  if (!row) {
    await countFailure(ctx.rateLimiter, [...tokenFailures(options.meta)]);
    throw membersErrors.invalidInvitation();
  }
  const inviter = row.invitation.invitedBy ? await inviterOf(ctx.db, row.invitation.invitedBy) : undefined;
  const account = await findCustomerByEmail(ctx.db, row.company.marketId, row.invitation.emailNormalized);
  return {
    company: { id: row.company.id, name: row.company.name },
    invitedBy: inviter ? { firstName: inviter.firstName, lastName: inviter.lastName } : null,
    email: row.invitation.email,
    role: row.invitation.role,
    expiresAt: row.invitation.expiresAt,
    hasAccount: account !== undefined && account.status === 'active',
  };
}

export type TAcceptedInvitation = {
  session: TIssuedSession;
  customer: TCustomerRow;
  company: { id: string; name: string; role: TCompanyRole };
};

/**
 * Accepts an invitation (F3.3) and signs the person in. The link proves the address: signed
 * out, it creates a verified account (names required, password optional) or signs in the
 * address's existing account; signed in, it must be the invited address. The membership and
 * the invited location roles (buyer) are added in the same transaction, the invitation used up.
 */
export async function acceptInvitation(
  ctx: TAppContext,
  options: { body: TAcceptInvitationBody; signedIn: TSignedInCustomer | null; meta: TRequestMeta },
): Promise<TAcceptedInvitation> {
  const { body, meta } = options;
  await refuseIfFailuresExceeded(ctx.rateLimiter, [...tokenFailures(meta)]);
  const preview = await findLiveInvitation(ctx.db, body.token, { lock: false, marketId: meta.market.id });
  if (!preview) {
    await countFailure(ctx.rateLimiter, [...tokenFailures(meta)]);
    throw membersErrors.invalidInvitation();
  }
  if (options.signedIn && normalizeEmail(options.signedIn.email) !== preview.invitation.emailNormalized) {
    throw membersErrors.invitationForAnotherAddress();
  }
  // Hashed before the transaction: argon2id is slow and holds no lock.
  const existing = options.signedIn ? undefined : await findCustomerByEmail(ctx.db, preview.company.marketId, preview.invitation.emailNormalized);
  let passwordHash: string | null = null;
  if (!options.signedIn && !existing) {
    const missing = (['firstName', 'lastName'] as const).flatMap((field) =>
      body[field] ? [] : [{ path: field, code: 'required', message: 'Required to create your account.' }],
    );
    if (missing.length > 0) throw membersErrors.namesRequired(missing);
    if (body.password) {
      const strength = checkPasswordStrength(body.password, {
        locale: meta.locale,
        userInputs: [preview.invitation.email, body.firstName ?? '', body.lastName ?? ''],
      });
      if (!strength.ok) throw authErrors.weakPassword(strength.reason);
      passwordHash = await ctx.passwordHasher.hash(body.password);
    }
  }

  const result = await ctx.db.transaction(async (tx) => {
    const live = await findLiveInvitation(tx, body.token, { lock: true, marketId: meta.market.id });
    if (!live) return null;
    const { invitation, company } = live;
    let customer = options.signedIn ? await findCustomerById(tx, options.signedIn.id) : await findCustomerByEmail(tx, company.marketId, invitation.emailNormalized);
    if (customer && customer.status !== 'active') return null;
    if (!customer) {
      customer = await createCustomer(tx, {
        marketId: company.marketId,
        email: invitation.email,
        passwordHash,
        firstName: body.firstName!,
        lastName: body.lastName!,
        accountType: company.kind,
        locale: meta.locale,
        marketingEmail: null,
      });
      await recordCustomerEvent(tx, 'customer.created', customer);
    }
    // Joined meanwhile by another way: the invitation is simply used up.
    await refuseUninvitable(ctx, tx, { companyId: company.id, invitee: customer, member: 'allow' });
    const wasVerified = customer.emailVerifiedAt !== null;
    customer = await markEmailVerified(tx, customer);
    const [added] = await tx
      .insert(companyMembers)
      .values({ companyId: company.id, customerId: customer.id, role: invitation.role })
      .onConflictDoNothing()
      .returning();
    if (added) await recordMembershipEvent(tx, 'company.member_added', added);
    if (invitation.locationIds.length > 0) {
      const stillThere = await tx
        .select({ id: companyLocations.id })
        .from(companyLocations)
        .where(and(eq(companyLocations.companyId, company.id), inArray(companyLocations.id, invitation.locationIds)));
      if (stillThere.length > 0) {
        await tx
          .insert(locationMembers)
          .values(stillThere.map((location) => ({ locationId: location.id, customerId: customer.id, role: 'buyer' as const })))
          .onConflictDoNothing();
      }
    }
    await tx
      .update(companyInvitations)
      .set({ acceptedAt: new Date(), acceptedBy: customer.id })
      .where(eq(companyInvitations.id, invitation.id));
    const [membership] = await tx
      .select({ role: companyMembers.role })
      .from(companyMembers)
      .where(and(eq(companyMembers.companyId, company.id), eq(companyMembers.customerId, customer.id)));
    const session = await createSession(ctx, tx, { customerId: customer.id, meta });
    if (!wasVerified) await recordSecurityEvent(tx, { type: 'email_verified', customerId: customer.id, meta });
    await recordSecurityEvent(tx, { type: 'sign_in_succeeded', customerId: customer.id, method: 'invitation_link', meta });
    return { session, customer, company: { id: company.id, name: company.name, role: membership?.role ?? invitation.role } };
  });
  if (!result) {
    await countFailure(ctx.rateLimiter, [...tokenFailures(meta)]);
    throw membersErrors.invalidInvitation();
  }
  return result;
}
