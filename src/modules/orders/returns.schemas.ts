import { z } from 'zod';
import { returnReasons, returnStatuses } from './orders.tables.js';

const ZId = z.string().min(1).max(64);

export const ZCreateReturnBody = z.object({
  lines: z
    .array(z.object({ lineId: ZId, quantity: z.number().int().min(1).max(1_000_000) }))
    .min(1)
    .max(500)
    .superRefine((lines, context) => {
      const seen = new Set<string>();
      lines.forEach((line, index) => {
        if (seen.has(line.lineId)) {
          context.addIssue({ code: 'custom', path: [index, 'lineId'], message: 'This line is already listed.', params: { code: 'duplicate_line' } });
        }
        seen.add(line.lineId);
      });
    }),
  reason: z.enum(returnReasons),
  comment: z.string().trim().max(2000).optional(),
});
export type TCreateReturnBody = z.output<typeof ZCreateReturnBody>;

export const ZReturn = z.object({
  id: z.string(),
  orderId: z.string(),
  orderNumber: z.string(),
  status: z.enum(returnStatuses),
  reason: z.enum(returnReasons),
  comment: z.string().nullable(),
  storeNote: z.string().nullable().describe('What the shop says about it.'),
  createdAt: z.date(),
  updatedAt: z.date(),
  lines: z.array(z.object({ lineId: z.string(), sku: z.string(), name: z.string(), quantity: z.number().int() })),
});
export type TReturn = z.output<typeof ZReturn>;

export const ZReturnIdParams = z.object({ returnId: ZId });
export const ZReturnListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
