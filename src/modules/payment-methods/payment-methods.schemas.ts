import { z } from 'zod';
import { paymentMethodKinds } from './payment-methods.tables.js';

/**
 * What the store's payment provider tells about a saved method: never a card number. `.strict()`
 * turns any unknown field (`number`, `cardNumber`, `pan`, `cvc`…) into a 400 naming it.
 */
export const ZPutPaymentMethodBody = z
  .object({
    kind: z.enum(paymentMethodKinds),
    brand: z.string().trim().min(1).max(50).nullish().describe('visa, mastercard, cb, amex, or the bank of a mandate.'),
    last4: z
      .string()
      .regex(/^[0-9]{4}$/, { error: 'Exactly four digits.' })
      .nullish()
      .describe('The last four digits, nothing more.'),
    expiryMonth: z.number().int().min(1).max(12).nullish(),
    expiryYear: z.number().int().min(2000).max(2100).nullish(),
    isDefault: z.boolean().optional().describe('true makes it the default and the previous default an ordinary one.'),
  })
  .strict();
export type TPutPaymentMethodBody = z.infer<typeof ZPutPaymentMethodBody>;

export const ZPaymentMethodParams = z.object({
  customerId: z.string().min(1).max(64),
  externalId: z.string().min(1).max(200).describe('The provider’s id of the method, e.g. a Stripe PaymentMethod id.'),
});

export const ZPaymentMethod = z.object({
  id: z.string(),
  kind: z.enum(paymentMethodKinds),
  brand: z.string().nullable(),
  last4: z.string().nullable(),
  expiryMonth: z.number().int().nullable(),
  expiryYear: z.number().int().nullable(),
  expired: z.boolean().describe('Past the last day of its expiry month.'),
  isDefault: z.boolean(),
});
export type TPaymentMethod = z.infer<typeof ZPaymentMethod>;

/** The store's view adds its own id. */
export const ZIntegrationPaymentMethod = ZPaymentMethod.extend({ externalId: z.string(), customerId: z.string() });
