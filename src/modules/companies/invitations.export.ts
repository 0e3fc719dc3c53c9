import { asc, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { customers } from '../customers/customers.tables.js';
import { defineExportSection, type TErasureCleanup } from '../privacy/privacy.extension.js';
import { companies, companyInvitations } from './companies.tables.js';

// The companies module's part in the privacy rights for invitations: they name the invited
// person by their address, not by a customer_id, so the export and the erasure find them by it.

const ZExportedInvitation = z.object({
  id: z.string(),
  company: z.object({ id: z.string(), name: z.string() }),
  email: z.string(),
  role: z.enum(['admin', 'member']),
  status: z.enum(['pending', 'expired', 'accepted', 'revoked']),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const invitationsExport = defineExportSection({
  key: 'companyInvitations',
  description:
    'Invitations to join a company sent to your address (table company_invitations, found by the address, which is how they name you).',
  // company_invitations has no customer_id: its rows are found by email_normalized (and accepted_by).
  tables: [],
  processing: {
    purposes: ['Letting a company’s administrator invite you to its business account'],
    legalBasis: 'Legitimate interests of the company inviting you (art. 6(1)(f) GDPR)',
    retention: 'Until the company or your account is deleted; the link itself works 7 days.',
    recipients: ['The shop', 'The administrators of the inviting company', 'Its hosting provider (processor)'],
  },
  schema: z.array(ZExportedInvitation),
  async collect(db, customerId) {
    const [customer] = await db.select({ emailNormalized: customers.emailNormalized }).from(customers).where(eq(customers.id, customerId));
    if (!customer) return [];
    const rows = await db
      .select({ invitation: companyInvitations, company: { id: companies.id, name: companies.name } })
      .from(companyInvitations)
      .innerJoin(companies, eq(companies.id, companyInvitations.companyId))
      .where(or(eq(companyInvitations.emailNormalized, customer.emailNormalized), eq(companyInvitations.acceptedBy, customerId)))
      .orderBy(asc(companyInvitations.createdAt), asc(companyInvitations.id));
    const now = Date.now();
    return rows.map(({ invitation, company }) => ({
      id: invitation.id,
      company,
      email: invitation.email,
      role: invitation.role,
      status: invitation.acceptedAt
        ? ('accepted' as const)
        : invitation.revokedAt
          ? ('revoked' as const)
          : invitation.expiresAt.getTime() > now
            ? ('pending' as const)
            : ('expired' as const),
      createdAt: invitation.createdAt.toISOString(),
      expiresAt: invitation.expiresAt.toISOString(),
      acceptedAt: invitation.acceptedAt?.toISOString() ?? null,
      revokedAt: invitation.revokedAt?.toISOString() ?? null,
    }));
  },
});

/** Erasure: the invitations sent to the person's address, or accepted by them, go with the account. */
export const invitationsErasure: TErasureCleanup = {
  name: 'companies: invitations to the address',
  tables: ['company_invitations'],
  async erase(db, { customerId, emailNormalized }) {
    await db
      .delete(companyInvitations)
      .where(or(eq(companyInvitations.emailNormalized, emailNormalized), eq(companyInvitations.acceptedBy, customerId)));
  },
};
