import { z } from 'zod';
import { accountTypes, approvalStatuses } from '../customers/customers.tables.js';
import { companyKinds, companyRoles, locationRoles } from './companies.tables.js';
import { ZPaymentTerms } from './locations.schemas.js';
import { companyPermissions } from './permissions.js';

export const ZBuyingContext = z
  .object({
    kind: z.enum(['consumer', 'business']).describe('`business` when the session buys for a company; then `company` is set.'),
    customer: z.object({
      id: z.string(),
      email: z.string(),
      firstName: z.string(),
      lastName: z.string(),
      accountType: z.enum(accountTypes),
    }),
    company: z
      .object({ id: z.string(), name: z.string(), kind: z.enum(companyKinds), country: z.string().length(2) })
      .nullable(),
    location: z
      .object({
        id: z.string(),
        name: z.string(),
        catalogRef: z.string().nullable().describe('The catalog / price list to show: prices come from it.'),
        paymentTerms: ZPaymentTerms,
        requiresApproval: z.boolean().describe('Checkout submits a draft order for approval instead of an order.'),
      })
      .nullable()
      .describe('Null with `kind: consumer`, or when a company is chosen but not yet a location (`choiceRequired`).'),
    role: z.enum(companyRoles).nullable().describe('The caller’s role in the company.'),
    locationRole: z.enum(locationRoles).nullable().describe('The caller’s role at the location; null for a company administrator without one.'),
    permissions: z.array(z.enum(companyPermissions)).describe('What the caller may do in this context (see docs/COMPANIES.md).'),
    choiceRequired: z
      .boolean()
      .describe('The person belongs to companies but this session has not chosen where to buy: show the picker (PUT /api/me/context).'),
    choices: z
      .array(z.object({ companyId: z.string(), companyName: z.string(), locations: z.array(z.object({ id: z.string(), name: z.string() })) }))
      .describe('Every company of the caller with the locations they may buy for: the picker’s content.'),
    approval: z
      .object({
        status: z.enum(approvalStatuses).describe('The account’s approval by the shop (F1.7).'),
        canOrder: z.boolean().describe('False while the account waits for approval or was refused: refuse checkout and show why.'),
      })
      .describe('Whether the shop has approved the account. Checkout needs `canOrder` (and, buying for a company, the `location.buy` permission).'),
  })
  .describe('Who is buying and on what terms. See docs/STOREFRONT.md.');

export const ZChooseBuyingContextBody = z
  .object({
    companyId: z.string().min(1).max(64).nullable().describe('null: buy as a consumer in this session (refused when the shop is B2B only).'),
    locationId: z.string().min(1).max(64).nullish().describe('One of the company’s locations the caller may buy for.'),
  })
  .describe('Stored for the current session only: another device keeps its own choice.');
