import { z } from 'zod';
import { ZEmail } from '../auth/auth.schemas.js';
import { addIdentityIssues, ZCompanyIdentity, ZUpdateCompanyBody } from '../companies/companies.schemas.js';
import { companyKinds, companyRoles, companyStatuses, locationRoles, netTermDays, paymentTermsKinds } from '../companies/companies.tables.js';
import { ZLocationAddress, ZPaymentTerms } from '../companies/locations.schemas.js';

const ZId = z.string().min(1).max(64);
const always = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

export const ZStaffCompanyParams = z.object({ companyId: ZId });
export const ZStaffLocationParams = z.object({ companyId: ZId, locationId: ZId });

/**
 * The customers' identity (POST /api/companies), checked the same way, and optionally the
 * address of an existing customer who becomes the first administrator.
 */
export const ZStaffCreateCompanyBody = z
  .object({
    ...ZCompanyIdentity.shape,
    administratorEmail: ZEmail.nullish().describe(
      'An existing customer’s address in the company’s market: they become the first administrator. Without it the company has no administrator until one is named.',
    ),
    marketId: z.string().min(1).max(64).nullish().describe('The market the company belongs to (F1.8); default: the default market. One the staff member works in.'),
  })
  .superRefine((value, context) => addIdentityIssues(value, context, { kind: value.kind }), always);
export type TStaffCreateCompanyBody = z.output<typeof ZStaffCreateCompanyBody>;

/**
 * Only the types are checked here: the identity the fields make with the stored ones is then
 * checked whole (ZCompanyIdentity), so a blank name and a wrong SIRET are reported together.
 */
export const ZStaffUpdateCompanyBody = z
  .object({
    name: z.string().optional().describe(ZUpdateCompanyBody.shape.name.description ?? 'Legal name.'),
    kind: z.enum(companyKinds).optional(),
    country: z.string().optional().describe('ISO 3166-1 alpha-2.'),
    siret: z.string().nullish(),
    vatNumber: z.string().nullish(),
    enterpriseNumber: z.string().nullish(),
    registrationNumber: z.string().nullish(),
    otherTaxId: z.string().nullish(),
    chorusServiceCode: z.string().nullish(),
  })
  .describe('Only the fields given change; null or "" clears an optional one. The result is checked whole, with the rules of POST.');

const ZLocationName = z
  .string()
  .trim()
  .max(100, { error: 'At most 100 characters.' })
  .refine((value) => value.length > 0, { error: 'Required.', params: { code: 'required' } });

/**
 * Payment terms as the back office's form gives them: `net` needs `netDays`, `deposit` needs
 * `depositPercent`; the other number is ignored.
 */
export const ZPaymentTermsInput = z
  .object({
    kind: z.enum(paymentTermsKinds).describe('`none`: paid when ordering; `net`: invoice due N days later; `deposit`: N % when ordering.'),
    netDays: z.number().int().nullish().describe(`With \`net\`: ${netTermDays.join(', ')}.`),
    depositPercent: z.number().int().nullish().describe('With `deposit`: 1–100.'),
  })
  .superRefine((value, context) => {
    if (value.kind === 'net' && !(netTermDays as readonly number[]).includes(value.netDays ?? -1)) {
      context.addIssue({
        code: 'custom',
        path: ['netDays'],
        message: `Choose ${netTermDays.join(', ')} days.`,
        params: { code: value.netDays == null ? 'required' : 'invalid_net_days' },
      });
    }
    if (value.kind === 'deposit' && (value.depositPercent == null || value.depositPercent < 1 || value.depositPercent > 100)) {
      context.addIssue({
        code: 'custom',
        path: ['depositPercent'],
        message: 'Give a share from 1 to 100 %.',
        params: { code: value.depositPercent == null ? 'required' : 'invalid_deposit_percent' },
      });
    }
  }, always);
export type TPaymentTermsInput = z.output<typeof ZPaymentTermsInput>;

const ZCatalogRef = z
  .string()
  .trim()
  .max(100, { error: 'At most 100 characters.' })
  .nullish()
  .describe('The shop’s catalog or price list, as the storefront names it; null or "" clears it.');

const locationShapes = {
  name: ZLocationName.describe('How colleagues call the site: "Siège", "Entrepôt de Lyon".'),
  catalogRef: ZCatalogRef,
  paymentTerms: ZPaymentTermsInput,
  requiresApproval: z.boolean().describe('Orders from here wait as drafts until a location administrator approves them.'),
};

export const ZStaffCreateLocationBody = z.object({
  name: locationShapes.name,
  catalogRef: locationShapes.catalogRef,
  paymentTerms: locationShapes.paymentTerms.optional().describe('Default: none.'),
  requiresApproval: locationShapes.requiresApproval.optional().describe('Default: false.'),
});
export type TStaffCreateLocationBody = z.output<typeof ZStaffCreateLocationBody>;

export const ZStaffUpdateLocationBody = z
  .object({
    name: locationShapes.name.optional(),
    catalogRef: locationShapes.catalogRef,
    paymentTerms: locationShapes.paymentTerms.optional(),
    requiresApproval: locationShapes.requiresApproval.optional(),
  })
  .describe('Only the fields given change.');
export type TStaffUpdateLocationBody = z.output<typeof ZStaffUpdateLocationBody>;

export const ZNameAdminBody = z.object({
  email: ZEmail.describe('The address of an existing customer account, a colleague or not.'),
  force: z
    .boolean()
    .optional()
    .describe('Owners and administrators only: name them although the company still has an administrator (one who left the business).'),
});

export const ZMergeBody = z.object({
  intoCompanyId: ZId.describe('The company that stays; this one becomes `merged` into it.'),
});

const ZIdentityOutput = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(companyKinds),
  country: z.string().length(2),
  siret: z.string().nullable(),
  siren: z.string().nullable(),
  vatNumber: z.string().nullable(),
  enterpriseNumber: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  otherTaxId: z.string().nullable(),
  chorusServiceCode: z.string().nullable(),
});

export const ZStaffCompanyMember = z.object({
  customerId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  role: z.enum(companyRoles),
  locations: z.array(z.object({ locationId: z.string(), name: z.string(), role: z.enum(locationRoles) })),
  joinedAt: z.date(),
});

export const ZStaffLocation = z.object({
  id: z.string(),
  name: z.string(),
  catalogRef: z.string().nullable(),
  paymentTerms: ZPaymentTerms,
  requiresApproval: z.boolean(),
  addresses: z.array(ZLocationAddress).describe('Billing first, then the default delivery address, then the newest.'),
  orders: z.number().int().describe('Orders placed for this location: while there are any, it cannot be deleted.'),
  documents: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const ZCompanyRef = z.object({ id: z.string(), name: z.string() });

export const ZStaffCompany = ZIdentityOutput.extend({
  market: z.object({ id: z.string(), code: z.string(), name: z.string() }).describe('The market the company belongs to (F1.8).'),
  status: z.enum(companyStatuses),
  mergedInto: ZCompanyRef.nullable().describe('For a merged company: the one that holds its members, locations and history now.'),
  mergedFrom: z.array(ZCompanyRef).describe('Duplicates merged into this company.'),
  administrators: z.number().int().describe('0: nobody can manage the company; name an administrator.'),
  members: z.array(ZStaffCompanyMember).describe('Administrators first, then by name; at most 500 (see counts.members).'),
  locations: z.array(ZStaffLocation).describe('Oldest first.'),
  counts: z.object({ members: z.number().int(), locations: z.number().int(), orders: z.number().int(), documents: z.number().int() }),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TStaffCompany = z.output<typeof ZStaffCompany>;

export const ZNamedAdmin = z.object({
  companyId: z.string(),
  customerId: z.string(),
  previousRole: z.enum(companyRoles).nullable().describe('Their role before: null when they were not a colleague.'),
  otherAdmins: z.number().int().describe('Administrators the company had besides them (non-zero only when forced).'),
});

export const ZMergeReport = z.object({
  fromId: z.string(),
  intoId: z.string(),
  membersMoved: z.number().int(),
  membersAlreadyInTarget: z.number().int().describe('Colleagues of both: they keep the higher role.'),
  locationsMoved: z.number().int().describe('With their addresses, roles and address requests.'),
  invitationsMoved: z.number().int(),
  duplicateInvitationsRevoked: z.number().int().describe('Pending invitations to an address the target already invites.'),
  sessionContextsMoved: z.number().int(),
  ordersMoved: z.number().int(),
  documentsMoved: z.number().int(),
});
