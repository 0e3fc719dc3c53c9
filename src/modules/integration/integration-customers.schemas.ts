import { z } from 'zod';
import { companyRoles } from '../companies/companies.tables.js';
import { accountTypes, approvalStatuses, customerLocales } from '../customers/customers.tables.js';

export const ZCustomerSummary = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  accountType: z.enum(accountTypes),
  locale: z.enum(customerLocales),
  verified: z.boolean().describe('The address is proven.'),
  guest: z.boolean().describe('A guest account (from a guest order or express checkout) nobody has claimed yet.'),
  cardNumber: z.string().nullable().describe('The member card number; null until the address is proven.'),
  companies: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(companyRoles) })),
  approvalStatus: z.enum(approvalStatuses).describe('F1.7: `pending` or `refused` accounts may not order yet; `approved` otherwise.'),
  createdAt: z.date(),
});
export type TCustomerSummary = z.output<typeof ZCustomerSummary>;

/** Exactly one of the two: an address typed at the till, or a scanned card. */
export const ZCustomerLookupQuery = z
  .object({
    email: z.string().trim().min(1).max(320).optional().describe('Compared trimmed and case-insensitively.'),
    cardNumber: z.string().trim().min(1).max(40).optional().describe('13 digits; spaces and dashes are ignored.'),
  })
  .superRefine((query, context) => {
    if ((query.email === undefined) === (query.cardNumber === undefined)) {
      context.addIssue({ code: 'custom', path: [], message: 'Give exactly one of email and cardNumber.', params: { code: 'one_of_required' } });
    }
  });

export const ZCustomerIdParams = z.object({ customerId: z.string().max(64) });
export const ZCardNumberParams = z.object({ number: z.string().max(40) });
export const ZCardHolder = z.object({ number: z.string(), customer: ZCustomerSummary });
