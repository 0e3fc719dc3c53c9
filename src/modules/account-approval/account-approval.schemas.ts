import { z } from 'zod';
import { ZListQuery } from '../../platform/http/pagination.js';
import { accountTypes, approvalStatuses } from '../customers/customers.tables.js';
import { accountApprovalModes } from './shop-settings.tables.js';

export const ZShopSettings = z.object({
  accountApproval: z
    .enum(accountApprovalModes)
    .describe('Which new self-registered accounts wait for a staff decision: none, business (every type but individual) or all.'),
  updatedAt: z.date().nullable().describe('null while the settings were never saved (every value is its default).'),
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});

export const ZShopSettingsBody = z.object({
  accountApproval: z.enum(accountApprovalModes, { error: 'One of none, business, all.' }),
});

export const ZApprovalQueueQuery = ZListQuery;

export const ZPendingApproval = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  accountType: z.enum(accountTypes),
  businessName: z.string().nullable(),
  businessIdentifier: z.string().nullable().describe('SIRET, BCE… as typed.'),
  businessVatNumber: z.string().nullable(),
  emailVerified: z.boolean(),
  createdAt: z.date().describe('When the account was created: how long it has waited.'),
});

export const ZApprovalQueuePage = z.object({ items: z.array(ZPendingApproval), nextCursor: z.string().nullable() });

export const ZCustomerIdParams = z.object({ customerId: z.string().min(1).max(64) });

export const ZApproveBody = z
  .object({
    reconsider: z
      .boolean()
      .optional()
      .describe('Required to approve an account that was refused (a second look); without it, 409 already_decided.'),
  })
  .nullish()
  .describe('Optional: no body is the same as {}.');

export const ZRefuseBody = z
  .object({
    reason: z.string().trim().max(1000).optional().describe('Told to the customer in the email, as written; optional.'),
  })
  .nullish()
  .describe('Optional: no body is the same as {}.');

export const ZApprovalState = z.object({
  id: z.string(),
  approvalStatus: z.enum(approvalStatuses),
  approvalDecidedAt: z.date().nullable(),
});
