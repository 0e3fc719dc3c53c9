import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { ZOidcClient, ZUpdateOidcClientBody } from '../oidc/oidc-clients.schemas.js';
import { signedInStaff } from '../staff/staff-authentication.js';
import {
  createOidcClientBodySchema,
  denied,
  integrationProblem as problem,
  integrationSecurity as security,
  integrationTags as tags,
  ZOidcClientIdParams,
  ZOidcClientWithSecret,
} from './store-integrations.schemas.js';
import {
  createStaffOidcClient,
  listStaffOidcClients,
  revokeStaffOidcClient,
  rotateStaffOidcClientSecret,
  updateStaffOidcClient,
} from './store-oidc-clients.service.js';

const unknown = { ...denied, 404: problem };

/** OpenID Connect clients (F7.4): the storefronts that sign customers in through Comptoir. */
export const storeOidcClientsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const action = (request: Parameters<typeof signedInStaff>[0]) => ({ actor: signedInStaff(request), meta: requestMeta(request) });

    app.get('/api/staff/integrations/oidc-clients', {
      schema: {
        tags,
        security,
        summary: 'The OpenID Connect clients of the caller’s markets, newest first, revoked ones included (never a secret)',
        response: { 200: z.object({ items: z.array(ZOidcClient) }), ...denied },
      },
      handler: async (request) => ({ items: await listStaffOidcClients(ctx, { actor: signedInStaff(request) }) }),
    });

    app.post('/api/staff/integrations/oidc-clients', {
      schema: {
        tags,
        security,
        summary: 'Register a storefront in a market; the answer holds its client_id and, for a confidential client, its secret, shown this once (audited)',
        description:
          'Every bad field is listed at once (400): name, marketId, clientType (`public`: PKCE, no secret; `confidential`: a secret), redirectUris (1–20 absolute http(s) URIs, no fragment, compared exactly), postLogoutRedirectUris, allowedScopes (must include openid), firstParty (the shop’s own storefront: no consent screen), backchannelLogoutUri.',
        body: createOidcClientBodySchema(ctx),
        response: { 201: ZOidcClientWithSecret, 400: problem, ...denied },
      },
      handler: async (request, reply) => reply.status(201).send(await createStaffOidcClient(ctx, { ...action(request), body: request.body })),
    });

    app.patch('/api/staff/integrations/oidc-clients/:clientId', {
      schema: {
        tags,
        security,
        summary: 'Change a client’s name, URIs, scopes or first-party flag; its type and market never change (audited). 409 oidc_client_revoked',
        params: ZOidcClientIdParams,
        body: ZUpdateOidcClientBody,
        response: { 200: ZOidcClient, 400: problem, ...unknown, 409: problem },
      },
      handler: async (request) => updateStaffOidcClient(ctx, { ...action(request), clientId: request.params.clientId, input: request.body }),
    });

    app.post('/api/staff/integrations/oidc-clients/:clientId/revoke', {
      schema: {
        tags,
        security,
        summary: 'Revoke a client at once: its codes, tokens and grants are deleted (audited)',
        params: ZOidcClientIdParams,
        response: { 200: ZOidcClient, ...unknown },
      },
      handler: async (request) => revokeStaffOidcClient(ctx, { ...action(request), clientId: request.params.clientId }),
    });

    app.post('/api/staff/integrations/oidc-clients/:clientId/rotate-secret', {
      schema: {
        tags,
        security,
        summary: 'A new secret for a confidential client, shown this once; the old one stops at once (audited). 409 for a public or revoked client',
        params: ZOidcClientIdParams,
        response: { 200: ZOidcClientWithSecret, ...unknown, 409: problem },
      },
      handler: async (request) => rotateStaffOidcClientSecret(ctx, { ...action(request), clientId: request.params.clientId }),
    });
  };
