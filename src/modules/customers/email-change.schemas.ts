import { z } from 'zod';
import { ZEmail } from '../auth/auth.schemas.js';
import { ZFreshProof } from '../auth/fresh-proof.service.js';

type TRefinementContext = Parameters<Parameters<z.ZodType['superRefine']>[0]>[1];

/**
 * The proof's own rule (a password or a code, not both) reported beside the other fields: run
 * even when newEmail failed (`when`), skipping fields already reported.
 */
function checkProof(value: Record<string, unknown>, context: TRefinementContext): void {
  const reported = new Set(context.issues.map((issue) => issue.path?.[0]));
  const proof = ZFreshProof.safeParse({ password: value.password, code: value.code, passkey: value.passkey });
  if (proof.success) return;
  for (const issue of proof.error.issues) {
    if (reported.has(issue.path[0])) continue;
    const code = issue.code === 'custom' ? (issue.params as { code?: string } | undefined)?.code : undefined;
    context.addIssue({ code: 'custom', path: issue.path, message: issue.message, params: { code: code ?? issue.code } });
  }
}

const always = { when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null };

export const ZEmailChangeBody = z
  .object({ newEmail: ZEmail.describe('The address to sign in with once it is confirmed.'), ...ZFreshProof.shape })
  .superRefine(checkProof, always);
export type TEmailChangeBody = z.output<typeof ZEmailChangeBody>;

export const ZEmailChangeRequested = z.object({ status: z.literal('verification_sent') });

export const ZPendingEmailChange = z.object({
  pendingEmail: z.string().nullable().describe('The address a change waits on (its link not yet opened), or null.'),
  expiresAt: z.date().nullable(),
});

export const ZEmailChangeReported = z.object({
  status: z.literal('reported'),
  emailRestored: z
    .boolean()
    .describe('True when the change had happened and the previous address is the sign-in address again; false when nothing had changed yet or the address was taken meanwhile.'),
});
