import { z } from 'zod';
import { ZEmailBody, ZLoginBody, ZLoginCodeVerifyBody } from '../auth/auth.schemas.js';

export const ZInteractionParams = z.object({ uid: z.string().min(1).max(100) }).strict();

/** Sign in with the password, or with the six digits emailed by …/login-code. */
export const ZInteractionLoginBody = z.discriminatedUnion('method', [
  ZLoginBody.extend({ method: z.literal('password') }).strict(),
  ZLoginCodeVerifyBody.extend({ method: z.literal('code') }).strict(),
]);
export type TInteractionLoginBody = z.infer<typeof ZInteractionLoginBody>;

export const ZInteractionCodeBody = ZEmailBody.strict();

export const ZInteraction = z.object({
  uid: z.string(),
  step: z.enum(['login', 'consent']),
  client: z.object({ clientId: z.string(), name: z.string(), firstParty: z.boolean() }),
  marketId: z.string(),
  scopes: z.array(z.string()),
  missingScopes: z.array(z.string()),
  loginHint: z.string().nullable(),
});

/** Where the page sends the browser next: back to the provider, which then redirects to the storefront. */
export const ZInteractionRedirect = z.object({ redirectTo: z.string() });
