import { z } from 'zod';
import { ZAddress } from '../addresses/addresses.schemas.js';
import { addressRequestActions, addressRequestStatuses, locationRoles, netTermDays, paymentTermsKinds } from './companies.tables.js';
import { companyPermissions } from './permissions.js';

const ZId = z.string().min(1).max(64);

export const ZCompanyIdParams = z.object({ companyId: ZId });
export const ZLocationParams = z.object({ companyId: ZId, locationId: ZId });
export const ZLocationAddressParams = z.object({ companyId: ZId, locationId: ZId, addressId: ZId });
export const ZAddressRequestParams = z.object({ companyId: ZId, locationId: ZId, requestId: ZId });

const ZLocationName = z
  .string()
  .trim()
  .max(100, { error: 'At most 100 characters.' })
  .refine((value) => value.length > 0, { error: 'Required.', params: { code: 'required' } })
  .describe('How colleagues call the site: "Siège", "Entrepôt de Lyon".');

export const ZCreateLocationBody = z.object({ name: ZLocationName });
export const ZRenameLocationBody = z.object({ name: ZLocationName });

/**
 * Payment terms as a storefront uses them: `code` is one word for display and switches
 * (`none`, `net30`, `deposit30`), the other fields its parts.
 */
export const ZPaymentTerms = z
  .object({
    code: z.string().describe('`none`, `net7` … `net90`, or `deposit<N>` (e.g. `deposit30`).'),
    kind: z.enum(paymentTermsKinds).describe('`none`: paid when ordering; `net`: invoice due N days later; `deposit`: N % when ordering.'),
    netDays: z
      .number()
      .int()
      .nullable()
      .describe(`With \`net\`: ${netTermDays.join(', ')}.`),
    depositPercent: z.number().int().nullable().describe('With `deposit`: the share paid when ordering, 1–100.'),
  })
  .describe('Set by the shop’s staff; read-only for buyers.');
export type TPaymentTerms = z.output<typeof ZPaymentTerms>;

export const ZLocationAddress = ZAddress.omit({ billingAddressId: true });

export const ZLocation = z.object({
  id: z.string(),
  companyId: z.string(),
  name: z.string(),
  catalogRef: z.string().nullable().describe('The shop’s catalog or price list for this location, as the storefront names it.'),
  paymentTerms: ZPaymentTerms,
  requiresApproval: z.boolean().describe('Orders from here wait as drafts until a location administrator approves them.'),
  myRole: z.enum(locationRoles).nullable().describe('The caller’s role at this location; null for company administrators without one.'),
  myPermissions: z
    .array(z.enum(companyPermissions))
    .describe('What the caller may do here, e.g. `location.addresses.decide_change` (change addresses directly, decide requests).'),
  addresses: z.array(ZLocationAddress).describe('Billing first, then the default delivery address, then the newest.'),
  createdAt: z.date(),
});

export const ZAddressRequest = z.object({
  id: z.string(),
  locationId: z.string(),
  action: z.enum(addressRequestActions),
  addressId: z.string().nullable().describe('For update and delete: the address concerned (null once it is gone).'),
  proposed: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('For create: the whole address (with `kind`); for update: only the fields to change.'),
  status: z.enum(addressRequestStatuses),
  requestedBy: z
    .object({ customerId: z.string(), firstName: z.string(), lastName: z.string() })
    .nullable()
    .describe('Null once the requester’s account is erased.'),
  decidedAt: z.date().nullable(),
  refusalReason: z.string().nullable(),
  createdAt: z.date(),
});
export type TAddressRequestView = z.output<typeof ZAddressRequest>;

export const ZAddressRequestListQuery = z.object({
  status: z.enum(addressRequestStatuses).optional().describe('Only requests in this state.'),
});

export const ZRefuseAddressRequestBody = z.object({
  reason: z
    .string()
    .trim()
    .max(500, { error: 'At most 500 characters.' })
    .refine((value) => value.length > 0, { error: 'Say why, for the requester.', params: { code: 'required' } }),
});
