import { documents } from '../documents/documents.tables.js';
import { orders } from '../orders/orders.tables.js';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { AppError } from '../../platform/errors/app-error.js';
import { normalizeEmail } from '../customers/customers.service.js';
import { customers } from '../customers/customers.tables.js';
import { companies, companyInvitations, companyLocations, companyMembers, sessionBuyingContexts } from './companies.tables.js';

// Staff recovery (F3.8): a company left without an administrator, and duplicate companies of
// one entity. Called by `npx comptoir company …` now and by the back office later; each use
// case is one transaction and checks everything itself (no HTTP caller vouches for it).

export const recoveryErrors = {
  companyNotFound: (id: string) => new AppError('not_found', 404, `No company ${id}.`),
  companyMerged: (id: string, into: string | null) =>
    new AppError('company_merged', 409, `Company ${id} was merged into ${into ?? 'another company'}.`, {
      detail: 'Work on the company it was merged into.',
    }),
  customerNotFound: () => new AppError('not_found', 404, 'No customer account has this address in the company’s market.'),
  companyHasAdmin: (admins: number) =>
    new AppError('company_has_admin', 409, `This company still has ${admins} administrator${admins === 1 ? '' : 's'}.`, {
      detail: 'They can promote a colleague themselves. Run again with --force to name another administrator anyway.',
    }),
  sameCompany: () => new AppError('same_company', 400, 'A company cannot be merged into itself.'),
};

async function lockActiveCompany(tx: Database, companyId: string) {
  const [company] = await tx.select().from(companies).where(eq(companies.id, companyId)).for('update');
  if (!company) throw recoveryErrors.companyNotFound(companyId);
  if (company.status !== 'active') throw recoveryErrors.companyMerged(companyId, company.mergedIntoId);
  return company;
}

export type TNamedAdmin = { companyId: string; customerId: string; previousRole: 'admin' | 'member' | null; otherAdmins: number };

/**
 * Makes an existing customer (a colleague or not) an administrator of a company that has none.
 * Refused while the company still has one, unless `force` (an administrator who left the
 * business but still holds the role).
 */
export async function nameCompanyAdmin(db: Database, options: { companyId: string; email: string; force?: boolean }): Promise<TNamedAdmin> {
  return db.transaction(async (tx) => {
    const company = await lockActiveCompany(tx, options.companyId);
    // The address's account in the company's market (F1.8): the same address may have one elsewhere.
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.marketId, company.marketId), eq(customers.emailNormalized, normalizeEmail(options.email))));
    if (!customer) throw recoveryErrors.customerNotFound();
    const members = await tx
      .select({ customerId: companyMembers.customerId, role: companyMembers.role })
      .from(companyMembers)
      .where(eq(companyMembers.companyId, options.companyId));
    const previousRole = members.find((member) => member.customerId === customer.id)?.role ?? null;
    const otherAdmins = members.filter((member) => member.role === 'admin' && member.customerId !== customer.id).length;
    if (previousRole !== 'admin' && otherAdmins > 0 && !options.force) throw recoveryErrors.companyHasAdmin(otherAdmins);
    await tx
      .insert(companyMembers)
      .values({ companyId: options.companyId, customerId: customer.id, role: 'admin' })
      .onConflictDoUpdate({ target: [companyMembers.companyId, companyMembers.customerId], set: { role: 'admin', updatedAt: new Date() } });
    return { companyId: options.companyId, customerId: customer.id, previousRole, otherAdmins };
  });
}

export type TMergeReport = {
  fromId: string;
  intoId: string;
  membersMoved: number;
  membersAlreadyInTarget: number;
  locationsMoved: number;
  invitationsMoved: number;
  duplicateInvitationsRevoked: number;
  sessionContextsMoved: number;
  /** Orders, receipts and documents now under the company that stays: its history is whole. */
  ordersMoved: number;
  documentsMoved: number;
};

/**
 * Merges a duplicate company into the one that stays, in one transaction: colleagues (someone
 * in both keeps the higher role), locations (their addresses, roles and requests follow them),
 * invitations (a pending one to an address the target already invites is revoked, not
 * deleted), and sessions buying for the duplicate. The duplicate stays as `merged`, pointing
 * at the target, so that links and history to it can be followed.
 */
export async function mergeCompanies(db: Database, options: { fromId: string; intoId: string }): Promise<TMergeReport> {
  if (options.fromId === options.intoId) throw recoveryErrors.sameCompany();
  return db.transaction(async (tx) => {
    // Locked in id order, so that two opposite merges cannot deadlock.
    for (const id of [options.fromId, options.intoId].sort()) await lockActiveCompany(tx, id);
    const { fromId, intoId } = options;

    const fromMembers = await tx.select().from(companyMembers).where(eq(companyMembers.companyId, fromId)).orderBy(asc(companyMembers.customerId));
    const already = fromMembers.length
      ? await tx
          .select({ customerId: companyMembers.customerId })
          .from(companyMembers)
          .where(and(eq(companyMembers.companyId, intoId), inArray(companyMembers.customerId, fromMembers.map((member) => member.customerId))))
      : [];
    if (fromMembers.length > 0) {
      await tx
        .insert(companyMembers)
        .values(fromMembers.map((member) => ({ ...member, companyId: intoId, updatedAt: new Date() })))
        .onConflictDoUpdate({
          target: [companyMembers.companyId, companyMembers.customerId],
          // The higher of the two roles: an administrator of either stays one.
          set: {
            role: sql`case when excluded.role = 'admin' or ${companyMembers.role} = 'admin' then 'admin' else 'member' end`,
            updatedAt: new Date(),
          },
        });
      await tx.delete(companyMembers).where(eq(companyMembers.companyId, fromId));
    }

    const locations = await tx
      .update(companyLocations)
      .set({ companyId: intoId, updatedAt: new Date() })
      .where(eq(companyLocations.companyId, fromId))
      .returning({ id: companyLocations.id });

    // One pending invitation per company and address: the target's wins, the duplicate's is revoked.
    const duplicates = await tx
      .update(companyInvitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(companyInvitations.companyId, fromId),
          isNull(companyInvitations.acceptedAt),
          isNull(companyInvitations.revokedAt),
          sql`exists (select 1 from ${companyInvitations} as target
                      where target.company_id = ${intoId} and target.email_normalized = ${companyInvitations.emailNormalized}
                        and target.accepted_at is null and target.revoked_at is null)`,
        ),
      )
      .returning({ id: companyInvitations.id });
    const invitations = await tx
      .update(companyInvitations)
      .set({ companyId: intoId })
      .where(eq(companyInvitations.companyId, fromId))
      .returning({ id: companyInvitations.id });

    const contexts = await tx
      .update(sessionBuyingContexts)
      .set({ companyId: intoId })
      .where(eq(sessionBuyingContexts.companyId, fromId))
      .returning({ sessionId: sessionBuyingContexts.sessionId });

    const movedOrders = await tx
      .update(orders)
      .set({ companyId: intoId, updatedAt: new Date() })
      .where(eq(orders.companyId, fromId))
      .returning({ id: orders.id });
    const movedDocuments = await tx
      .update(documents)
      .set({ companyId: intoId, updatedAt: new Date() })
      .where(eq(documents.companyId, fromId))
      .returning({ id: documents.id });

    await tx.update(companies).set({ status: 'merged', mergedIntoId: intoId, updatedAt: new Date() }).where(eq(companies.id, fromId));
    return {
      fromId,
      intoId,
      membersMoved: fromMembers.length - already.length,
      membersAlreadyInTarget: already.length,
      locationsMoved: locations.length,
      invitationsMoved: invitations.length,
      duplicateInvitationsRevoked: duplicates.length,
      sessionContextsMoved: contexts.length,
      ordersMoved: movedOrders.length,
      documentsMoved: movedDocuments.length,
    };
  });
}
