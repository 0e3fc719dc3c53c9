import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { ZSignedIn } from '../auth/auth.schemas.js';
import { ZFreshProof } from '../auth/fresh-proof.service.js';
import { guardWithCustomerSession, setSessionCookies, signedInCustomer } from '../auth/session-authentication.js';
import { toPublicCustomer } from '../customers/customers.service.js';
import { startPasskeyProof } from './passkey-proof.service.js';
import { signInWithPasskey, startPasskeySignIn } from './passkey-sign-in.service.js';
import {
  ZAddPasskeyBody,
  ZAuthenticationOptions,
  ZPasskey,
  ZPasskeyIdParams,
  ZPasskeyList,
  ZPasskeySignInBody,
  ZRegistrationOptions,
  ZRenamePasskeyBody,
  type TAuthenticationOptions,
  type TRegistrationOptions,
} from './passkeys.schemas.js';
import { addPasskey, listPasskeysOfCustomer, removeOwnPasskey, renamePasskey, startPasskeyRegistration, toPasskey } from './passkeys.service.js';

const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const security = [{ session: [] }];

/** Passkeys (F1.10): signing in with one, signed out; adding, naming and removing them, signed in. */
export const passkeysRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(signedInPasskeysRoutes(ctx));
    const tags = ['Sign-in'];

    app.post('/api/auth/passkey/options', {
      schema: {
        tags,
        summary: 'Start a passkey sign-in: a challenge for this market, no credentials listed (the browser offers its own passkeys for the site)',
        response: { 200: ZAuthenticationOptions, 429: problem },
      },
      // The library's option types are interfaces (no index signature): the same JSON, named twice.
      handler: async (request) => (await startPasskeySignIn(ctx, { meta: requestMeta(request) })) as TAuthenticationOptions,
    });

    app.post('/api/auth/passkey/verify', {
      schema: {
        tags,
        summary:
          'Sign in with the passkey’s answer: the same answer, session and cookies as password sign-in; 401 invalid_credentials for any refusal; 403 email_not_verified; 429 with Retry-After',
        body: ZPasskeySignInBody,
        response: { 200: ZSignedIn, 400: problem, 401: problem, 403: problem, 429: problem },
      },
      handler: async (request, reply) => {
        const result = await signInWithPasskey(ctx, { response: request.body.response, meta: requestMeta(request) });
        const csrfToken = setSessionCookies(ctx, reply, result.session);
        return {
          token: result.session.token,
          expiresAt: result.session.expiresAt,
          csrfToken,
          customer: toPublicCustomer(result.customer, ctx.config),
        };
      },
    });
  };

const signedInPasskeysRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);
    const tags = ['My account'];
    const customerId = (request: Parameters<typeof signedInCustomer>[0]) => signedInCustomer(request).customer.id;

    app.get('/api/me/passkeys', {
      schema: { tags, security, summary: 'My passkeys: names, dates, kind (never a key)', response: { 200: ZPasskeyList, 401: problem } },
      handler: async (request) => ({ items: (await listPasskeysOfCustomer(ctx.db, customerId(request))).map(toPasskey) }),
    });

    app.post('/api/me/passkeys/registration-options', {
      schema: {
        tags,
        security,
        summary:
          'Start adding a passkey, with a fresh proof (password, emailed code or an existing passkey): creation options for startRegistration(), valid five minutes; 403 invalid_proof; 409 too_many_passkeys',
        body: ZFreshProof,
        response: { 200: ZRegistrationOptions, 400: problem, 401: problem, 403: problem, 409: problem, 429: problem },
      },
      handler: async (request) =>
        (await startPasskeyRegistration(ctx, { customerId: customerId(request), proof: request.body, meta: requestMeta(request) })) as TRegistrationOptions,
    });

    app.post('/api/me/passkeys', {
      schema: {
        tags,
        security,
        summary: 'Finish adding a passkey with the answer of startRegistration() and a name; the owner is emailed; 400 passkey_not_verified; 409 passkey_exists',
        body: ZAddPasskeyBody,
        response: { 201: ZPasskey, 400: problem, 401: problem, 409: problem },
      },
      handler: async (request, reply) =>
        reply.status(201).send(
          await addPasskey(ctx, {
            customerId: customerId(request),
            response: request.body.response as RegistrationResponseJSON,
            name: request.body.name,
            meta: requestMeta(request),
          }),
        ),
    });

    app.post('/api/me/passkeys/proof-options', {
      schema: {
        tags,
        security,
        summary:
          'Options for startAuthentication() to prove it is me with one of my passkeys; give the answer as `passkey` where a fresh proof is asked (409 no_passkey)',
        response: { 200: ZAuthenticationOptions, 401: problem, 409: problem },
      },
      handler: async (request) => (await startPasskeyProof(ctx, { customerId: customerId(request) })) as TAuthenticationOptions,
    });

    app.patch('/api/me/passkeys/:passkeyId', {
      schema: { tags, security, summary: 'Rename one of my passkeys', params: ZPasskeyIdParams, body: ZRenamePasskeyBody, response: { 200: ZPasskey, 400: problem, 401: problem, 404: problem } },
      handler: async (request) => renamePasskey(ctx, { customerId: customerId(request), passkeyId: request.params.passkeyId, name: request.body.name }),
    });

    app.delete('/api/me/passkeys/:passkeyId', {
      schema: { tags, security, summary: 'Remove one of my passkeys; the owner is emailed', params: ZPasskeyIdParams, response: { 204: z.null(), 401: problem, 404: problem } },
      handler: async (request, reply) => {
        await removeOwnPasskey(ctx, { customerId: customerId(request), passkeyId: request.params.passkeyId, meta: requestMeta(request) });
        return reply.status(204).send(null);
      },
    });
  };
