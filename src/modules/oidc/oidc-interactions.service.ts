import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { errors as providerErrors, type default as Provider, type InteractionResults } from 'oidc-provider';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { requestLoginCode, signInWithCode } from '../auth/login-code.service.js';
import { signInWithPassword } from '../auth/password-sign-in.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { signInWithPasskey, startPasskeySignIn } from '../passkeys/passkey-sign-in.service.js';
import type { TAuthenticationResponse } from '../passkeys/passkeys.schemas.js';
import { marketOfClient } from './oidc-account.js';
import { CLIENT_FIRST_PARTY_PROPERTY } from './oidc-clients.service.js';
import type { TInteractionLoginBody } from './oidc-interactions.schemas.js';
import { oidcErrors } from './oidc.errors.js';

// The sign-in and consent steps of an authorization request, for the portal's page
// (/oidc/interaction/:uid) through /api/oidc/interactions/:uid. The provider finds the
// interaction by its cookie in this browser; the uid in the path must name the same one, so a
// link to someone else's sign-in opens nothing.

export type TInteractionTarget = { provider: Provider; req: IncomingMessage; res: ServerResponse; uid: string };

export type TInteractionView = {
  uid: string;
  step: 'login' | 'consent';
  client: { clientId: string; name: string; firstParty: boolean };
  marketId: string;
  /** What the storefront asks for. */
  scopes: string[];
  /** At the consent step, the scopes not granted yet. */
  missingScopes: string[];
  loginHint: string | null;
};

type TPromptDetails = { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };

async function loadInteraction(target: TInteractionTarget) {
  let interaction;
  try {
    interaction = await target.provider.interactionDetails(target.req, target.res);
  } catch (error) {
    if (error instanceof providerErrors.SessionNotFound) throw oidcErrors.interactionNotFound();
    throw error;
  }
  if (interaction.uid !== target.uid) throw oidcErrors.interactionNotFound();
  const client = await target.provider.Client.find(String(interaction.params.client_id));
  const marketId = marketOfClient(client as unknown as Record<string, unknown> | undefined);
  if (!client || !marketId) throw oidcErrors.interactionNotFound();
  return { interaction, client, marketId };
}

export async function describeInteraction(target: TInteractionTarget): Promise<TInteractionView> {
  const { interaction, client, marketId } = await loadInteraction(target);
  const details = interaction.prompt.details as TPromptDetails;
  const step = interaction.prompt.name === 'consent' ? 'consent' : 'login';
  return {
    uid: interaction.uid,
    step,
    client: {
      clientId: client.clientId,
      name: client.clientName ?? client.clientId,
      firstParty: (client as unknown as Record<string, unknown>)[CLIENT_FIRST_PARTY_PROPERTY] === true,
    },
    marketId,
    scopes: String(interaction.params.scope ?? '').split(' ').filter(Boolean),
    missingScopes: step === 'consent' ? (details.missingOIDCScope ?? []) : [],
    loginHint: typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint : null,
  };
}

/**
 * Signs the customer in with the same services as the portal's sign-in (rate limits, wrong
 * passwords, B2B-only, verification), in the client's market and never another: an account
 * of another market is an unknown address there. Answers where the browser goes next.
 */
export async function signInForInteraction(
  ctx: TAppContext,
  target: TInteractionTarget,
  options: { body: TInteractionLoginBody; meta: TRequestMeta },
): Promise<{ redirectTo: string }> {
  const { interaction, marketId } = await loadInteraction(target);
  if (interaction.prompt.name !== 'login') throw oidcErrors.wrongInteractionStep(interaction.prompt.name);
  const meta = { ...options.meta, market: ctx.markets.get(marketId) };
  const { body } = options;
  const { customer } =
    body.method === 'password'
      ? await signInWithPassword(ctx, { email: body.email, password: body.password, meta })
      : await signInWithCode(ctx, { email: body.email, code: body.code, meta });
  return finishLogin(target, customer, body.method === 'password' ? 'pwd' : 'otp');
}

/** The signed-in customer goes back to the provider, which asks for consent or returns to the storefront. */
async function finishLogin(target: TInteractionTarget, customer: TCustomerRow, amr: 'pwd' | 'otp' | 'hwk'): Promise<{ redirectTo: string }> {
  const result: InteractionResults = { login: { accountId: customer.id, amr: [amr], remember: true } };
  const redirectTo = await target.provider.interactionResult(target.req, target.res, result, { mergeWithLastSubmission: false });
  return { redirectTo };
}

/**
 * A passkey sign-in challenge for this interaction's market: the passkey sign-in's own
 * (same storage, same limits), so its answer is checked exactly as on the portal.
 */
export async function startPasskeyForInteraction(
  ctx: TAppContext,
  target: TInteractionTarget,
  options: { meta: TRequestMeta },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { interaction, marketId } = await loadInteraction(target);
  if (interaction.prompt.name !== 'login') throw oidcErrors.wrongInteractionStep(interaction.prompt.name);
  return startPasskeySignIn(ctx, { meta: { ...options.meta, market: ctx.markets.get(marketId) } });
}

/**
 * Signs in with the passkey's answer through the portal's passkey sign-in (a challenge of the
 * client's market only, counter and clone refusal, disabled accounts, B2B-only, limits, the one
 * invalid_credentials), then finishes the interaction as a password does.
 */
export async function signInWithPasskeyForInteraction(
  ctx: TAppContext,
  target: TInteractionTarget,
  options: { response: TAuthenticationResponse; meta: TRequestMeta },
): Promise<{ redirectTo: string }> {
  const { interaction, marketId } = await loadInteraction(target);
  if (interaction.prompt.name !== 'login') throw oidcErrors.wrongInteractionStep(interaction.prompt.name);
  const meta = { ...options.meta, market: ctx.markets.get(marketId) };
  const { customer } = await signInWithPasskey(ctx, { response: options.response, meta });
  // "hwk": proof of possession of a hardware-secured key (RFC 8176), what a passkey is.
  return finishLogin(target, customer, 'hwk');
}

/** Emails a sign-in code for this interaction's market (202 whatever the address, like the portal's). */
export async function requestCodeForInteraction(
  ctx: TAppContext,
  target: TInteractionTarget,
  options: { email: string; meta: TRequestMeta },
): Promise<void> {
  const { interaction, marketId } = await loadInteraction(target);
  if (interaction.prompt.name !== 'login') throw oidcErrors.wrongInteractionStep(interaction.prompt.name);
  await requestLoginCode(ctx, { email: options.email, meta: { ...options.meta, market: ctx.markets.get(marketId) } });
}

/** The customer accepts what the storefront asks: the grant gets the missing scopes and claims. */
export async function consentToInteraction(target: TInteractionTarget): Promise<{ redirectTo: string }> {
  const { interaction, client } = await loadInteraction(target);
  if (interaction.prompt.name !== 'consent') throw oidcErrors.wrongInteractionStep(interaction.prompt.name);
  const accountId = interaction.session?.accountId;
  if (!accountId) throw oidcErrors.interactionNotFound();
  const existing = interaction.grantId ? await target.provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new target.provider.Grant({ accountId, clientId: client.clientId });
  const details = interaction.prompt.details as TPromptDetails;
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  const result: InteractionResults = { consent: existing ? {} : { grantId } };
  return { redirectTo: await target.provider.interactionResult(target.req, target.res, result, { mergeWithLastSubmission: true }) };
}

/** "Cancel": the storefront gets access_denied on its redirect URI. */
export async function abortInteraction(target: TInteractionTarget): Promise<{ redirectTo: string }> {
  await loadInteraction(target);
  const result: InteractionResults = { error: 'access_denied', error_description: 'End-User aborted interaction' };
  return { redirectTo: await target.provider.interactionResult(target.req, target.res, result, { mergeWithLastSubmission: false }) };
}
