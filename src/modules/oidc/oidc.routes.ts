import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { packageRoot } from '../../platform/package-root.js';
import {
  abortInteraction,
  consentToInteraction,
  describeInteraction,
  requestCodeForInteraction,
  signInForInteraction,
  signInWithPasskeyForInteraction,
  startPasskeyForInteraction,
  type TInteractionTarget,
} from './oidc-interactions.service.js';
import { ZInteraction, ZInteractionCodeBody, ZInteractionLoginBody, ZInteractionParams, ZInteractionRedirect } from './oidc-interactions.schemas.js';
import { ZAuthenticationOptions, ZPasskeySignInBody, type TAuthenticationOptions } from '../passkeys/passkeys.schemas.js';
import { startBackchannelLogoutDelivery } from './oidc-logout.service.js';
import { createOidcProviderHost, oidcCookiesSecure, type TOidcProviderHost } from './oidc-provider.js';

const tags = ['Storefront sign-in (OpenID Connect)'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const portalIndex = path.join(packageRoot, 'dist', 'web', 'portal', 'index.html');

declare module 'fastify' {
  interface FastifyInstance {
    /** The OpenID Connect provider (F7.4); tests reload it after rotating keys. */
    oidc: TOidcProviderHost;
  }
}

/**
 * Comptoir as an OpenID Connect provider for storefronts (F7.4): oidc-provider (a Koa app)
 * answers discovery and everything under /oidc, handed the raw request; the portal's page
 * /oidc/interaction/:uid signs the customer in through the JSON routes below.
 */
export const oidcRoutes = (ctx: TAppContext): FastifyPluginAsyncZod => {
  const plugin: FastifyPluginAsyncZod = async (app) => {
    const host = await createOidcProviderHost(ctx, { log: app.log });
    app.decorate('oidc', host);
    const delivery = startBackchannelLogoutDelivery({ db: ctx.db, issuer: host.issuer, log: app.log });
    app.addHook('onClose', () => delivery.stop());
    const forwardedProto = oidcCookiesSecure(ctx, host.issuer) ? 'https' : 'http';
    const callbacks = new WeakMap<object, ReturnType<Awaited<ReturnType<TOidcProviderHost['current']>>['callback']>>();

    const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
      const provider = await host.current();
      let callback = callbacks.get(provider);
      if (!callback) {
        callback = provider.callback();
        callbacks.set(provider, callback);
      }
      // Koa trusts these (provider.proxy): they say what Fastify decided (its trustProxy for
      // the address, the public URL for the scheme), never what the client claimed.
      const headers = request.raw.headers;
      headers['x-forwarded-proto'] = forwardedProto;
      headers['x-forwarded-for'] = request.ip;
      delete headers['x-forwarded-host'];
      reply.hijack();
      await callback(request.raw, reply.raw);
    };

    // The provider reads its own bodies (form-encoded): here nothing is parsed, the stream is
    // left untouched for it, and a JSON or form body of any type reaches it as sent.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
      scope.route({ method: ['GET', 'POST', 'OPTIONS'], url: '/oidc/*', schema: { hide: true }, handler: handOver });
      scope.route({ method: ['GET', 'OPTIONS'], url: '/.well-known/openid-configuration', schema: { hide: true }, handler: handOver });
    });

    // The sign-in and consent page is the portal's (client routing), under the provider's path.
    app.get('/oidc/interaction/:uid', { schema: { hide: true } }, async (_request, reply) => {
      if (!existsSync(portalIndex)) return reply.callNotFound();
      const html = await readFile(portalIndex, 'utf8');
      return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
    });

    const target = async (request: { raw: FastifyRequest['raw']; params: { uid: string } }, reply: FastifyReply): Promise<TInteractionTarget> => ({
      provider: await host.current(),
      req: request.raw,
      res: reply.raw,
      uid: request.params.uid,
    });

    app.get('/api/oidc/interactions/:uid', {
      schema: {
        tags,
        summary: 'The sign-in request this browser is in: which storefront, which step (login or consent), what it asks for',
        params: ZInteractionParams,
        response: { 200: ZInteraction, 404: problem },
      },
      handler: async (request, reply) => describeInteraction(await target(request, reply)),
    });

    app.post('/api/oidc/interactions/:uid/login', {
      schema: {
        tags,
        summary: 'Sign in for the storefront with the password or an emailed code, in the storefront’s market',
        params: ZInteractionParams,
        body: ZInteractionLoginBody,
        response: { 200: ZInteractionRedirect, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 429: problem },
      },
      handler: async (request, reply) => signInForInteraction(ctx, await target(request, reply), { body: request.body, meta: requestMeta(request) }),
    });

    app.post('/api/oidc/interactions/:uid/login-code', {
      schema: {
        tags,
        summary: 'Email a six-digit sign-in code for this sign-in request (202 whatever the address)',
        params: ZInteractionParams,
        body: ZInteractionCodeBody,
        response: { 202: z.object({ status: z.literal('code_sent') }), 400: problem, 404: problem, 409: problem, 429: problem },
      },
      handler: async (request, reply) => {
        await requestCodeForInteraction(ctx, await target(request, reply), { email: request.body.email, meta: requestMeta(request) });
        return reply.status(202).send({ status: 'code_sent' });
      },
    });

    app.post('/api/oidc/interactions/:uid/passkey/options', {
      schema: {
        tags,
        summary: 'Start a passkey sign-in for this sign-in request: a challenge of the storefront’s market, for startAuthentication()',
        params: ZInteractionParams,
        response: { 200: ZAuthenticationOptions, 404: problem, 409: problem, 429: problem },
      },
      // The library's option types are interfaces (no index signature): the same JSON, named twice.
      handler: async (request, reply) =>
        (await startPasskeyForInteraction(ctx, await target(request, reply), { meta: requestMeta(request) })) as TAuthenticationOptions,
    });

    app.post('/api/oidc/interactions/:uid/passkey', {
      schema: {
        tags,
        summary:
          'Sign in for the storefront with the passkey’s answer, in the storefront’s market; 401 invalid_credentials for any refusal; 403 email_not_verified; 429 with Retry-After',
        params: ZInteractionParams,
        body: ZPasskeySignInBody,
        response: { 200: ZInteractionRedirect, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 429: problem },
      },
      handler: async (request, reply) =>
        signInWithPasskeyForInteraction(ctx, await target(request, reply), { response: request.body.response, meta: requestMeta(request) }),
    });

    app.post('/api/oidc/interactions/:uid/consent', {
      schema: {
        tags,
        summary: 'Allow the storefront what it asks for',
        params: ZInteractionParams,
        response: { 200: ZInteractionRedirect, 404: problem, 409: problem },
      },
      handler: async (request, reply) => consentToInteraction(await target(request, reply)),
    });

    app.post('/api/oidc/interactions/:uid/abort', {
      schema: {
        tags,
        summary: 'Cancel: the storefront is told access_denied',
        params: ZInteractionParams,
        response: { 200: ZInteractionRedirect, 404: problem },
      },
      handler: async (request, reply) => abortInteraction(await target(request, reply)),
    });
  };
  // Not encapsulated (what fastify-plugin does): `app.oidc` is visible on the whole app.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
};
