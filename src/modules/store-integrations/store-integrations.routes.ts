import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requireStaff, requireStaffPermission } from '../staff/staff-authentication.js';
import { storeApiKeysRoutes } from './store-api-keys.routes.js';
import { denied, integrationOptions, integrationSecurity, integrationTags, ZIntegrationOptions } from './store-integrations.schemas.js';
import { storeOidcClientsRoutes } from './store-oidc-clients.routes.js';
import { storeWebhooksRoutes } from './store-webhooks.routes.js';


/**
 * Back office: the store's integrations under /api/staff/integrations — API keys, webhook
 * endpoints and their delivery log, OpenID Connect clients. Owners and administrators only
 * (`integrations.manage`, checked for the whole plugin so no route can forget it); a member
 * limited to some markets sees and changes those markets' only, anything else answers 404.
 */
export const storeIntegrationsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
    app.addHook('preHandler', requireStaffPermission('integrations.manage'));

    app.get('/api/staff/integrations/options', {
      schema: {
        tags: integrationTags,
        security: integrationSecurity,
        summary: 'What the forms offer: every API key scope, webhook event type and OpenID Connect scope',
        response: { 200: ZIntegrationOptions, ...denied },
      },
      handler: async () => integrationOptions,
    });

    await app.register(storeApiKeysRoutes(ctx));
    await app.register(storeWebhooksRoutes(ctx));
    await app.register(storeOidcClientsRoutes(ctx));
  };
