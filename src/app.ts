import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { TAppContext } from './context.js';
import type { TMarket } from './modules/markets/market-directory.js';
import { addressesRoutes } from './modules/addresses/addresses.routes.js';
import { companiesRoutes } from './modules/companies/companies.routes.js';
import { invitationsRoutes } from './modules/companies/invitations.routes.js';
import { membersRoutes } from './modules/companies/members.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { sessionsRoutes } from './modules/auth/sessions.routes.js';
import { customersRoutes } from './modules/customers/customers.routes.js';
import { emailChangeRoutes } from './modules/customers/email-change.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { privacyRoutes } from './modules/privacy/privacy.routes.js';
import { marketingRoutes } from './modules/marketing/marketing.routes.js';
import { buyingContextRoutes } from './modules/companies/buying-context.routes.js';
import { locationsRoutes } from './modules/companies/locations.routes.js';
import { ordersRoutes } from './modules/orders/orders.routes.js';
import { companyOrdersRoutes } from './modules/orders/company-orders.routes.js';
import { returnsRoutes } from './modules/orders/returns.routes.js';
import { ordersIntegrationRoutes } from './modules/orders/orders-integration.routes.js';
import { documentsRoutes } from './modules/documents/documents.routes.js';
import { documentsIntegrationRoutes } from './modules/documents/documents-integration.routes.js';
import { paymentMethodsRoutes } from './modules/payment-methods/payment-methods.routes.js';
import { cardsRoutes } from './modules/cards/cards.routes.js';
import { cardsIntegrationRoutes } from './modules/cards/cards-integration.routes.js';
import { walletRoutes } from './modules/wallet/wallet.routes.js';
import { passWebServiceRoutes } from './modules/wallet/pass-web-service.routes.js';
import { integrationCustomersRoutes } from './modules/integration/integration-customers.routes.js';
import { webhooksRoutes } from './modules/webhooks/webhooks.routes.js';
import { staffRoutes } from './modules/staff/staff.routes.js';
import { passkeysRoutes } from './modules/passkeys/passkeys.routes.js';
import { oidcRoutes } from './modules/oidc/oidc.routes.js';
import { brandingRoutes } from './modules/markets/branding.routes.js';
import { wishlistsRoutes } from './modules/wishlists/wishlists.routes.js';
import { registriesRoutes } from './modules/registries/registries.routes.js';
import { registriesIntegrationRoutes } from './modules/registries/registries-integration.routes.js';
import { registriesAdminRoutes } from './modules/registries/registries-admin.routes.js';
import { messagesRoutes } from './modules/messages/messages.routes.js';
import { messagesIntegrationRoutes } from './modules/messages/messages-integration.routes.js';
import { contactRoutes } from './modules/contact/contact.routes.js';
import { packageRoot } from './platform/package-root.js';
import { frameworkErrorHandler, registerErrorHandling } from './platform/errors/error-handler.js';
import { registerNulCharacterGuard } from './platform/http/reject-nul-characters.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { devMailboxRoutes } from './platform/mail/dev-mailbox.routes.js';

export type TAppDeps = TAppContext & {
  /** Serve /dev/mailbox (development without SMTP only). */
  devMailbox: boolean;
  /** Pino options or false; tests pass false. */
  logger?: FastifyServerOptions['logger'];
};

const BODY_LIMIT_BYTES = 1024 * 1024;
const portalFolder = path.join(packageRoot, 'dist', 'web', 'portal');
const backofficeFolder = path.join(packageRoot, 'dist', 'web', 'backoffice');

/** The Fastify instance with every module registered; main.ts and the tests call it. */
export async function buildApp(deps: TAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify accepts a hop count too, which its typings omit.
    trustProxy: deps.config.trustProxy as boolean,
    // Request ids in problem documents let support find the log line without exposing anything.
    genReqId: () => `req_${Math.random().toString(36).slice(2, 12)}`,
    // The router's own refusals (a badly encoded path) as problem documents too.
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', null);
  // The market of the request's host (F1.8), set before anything else runs.
  app.decorateRequest('market', null as unknown as TMarket);
  app.addHook('onRequest', async (request) => {
    request.market = deps.markets.forHost(request.host);
  });
  app.decorateRequest('apiKey', null);
  app.decorateRequest('idempotencyReservation', null);
  // The API speaks JSON only: anything else is 415, not a string handed to a handler.
  app.removeContentTypeParser(['text/plain']);
  registerErrorHandling(app);
  registerSecurityHeaders(app);
  registerNulCharacterGuard(app);
  await app.register(fastifyCookie);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Comptoir API',
        version: '0.1.0',
        description:
          'Customer accounts for online shops. Errors are RFC 9457 problem documents with a stable `code`. Customers authenticate with `Authorization: Bearer <session token>` or the session cookie (then send `X-CSRF-Token` on writes).',
      },
      components: {
        securitySchemes: {
          session: { type: 'http', scheme: 'bearer', description: 'Session token from a sign-in response.' },
          staffSession: {
            type: 'http',
            scheme: 'bearer',
            description: 'Staff session token from `POST /api/staff/auth/login` or `/api/staff/setup` (routes under /api/staff), or the `comptoir_staff_session` cookie with `X-CSRF-Token` on writes.',
          },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'Store integration key from `npx comptoir api-key create` (routes under /api/integration). Writes accept `Idempotency-Key`.',
          },
          applePass: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: '`ApplePass <authenticationToken>`: the token written in the member card’s Apple Wallet pass (routes under /api/wallet).',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes(deps));
  await app.register(authRoutes(deps));
  await app.register(sessionsRoutes(deps));
  await app.register(customersRoutes(deps));
  await app.register(emailChangeRoutes(deps));
  await app.register(passkeysRoutes(deps));
  await app.register(addressesRoutes(deps));
  await app.register(privacyRoutes(deps));
  await app.register(marketingRoutes(deps));
  await app.register(companiesRoutes(deps));
  await app.register(locationsRoutes(deps));
  await app.register(buyingContextRoutes(deps));
  await app.register(membersRoutes(deps));
  await app.register(invitationsRoutes(deps));
  await app.register(ordersRoutes(deps));
  await app.register(companyOrdersRoutes(deps));
  await app.register(returnsRoutes(deps));
  await app.register(documentsRoutes(deps));
  await app.register(paymentMethodsRoutes(deps));
  await app.register(cardsRoutes(deps));
  await app.register(walletRoutes(deps));
  // Apple's PassKit web service (/api/wallet/v1/…): devices authenticate with the pass's token.
  await app.register(passWebServiceRoutes(deps));
  await app.register(cardsIntegrationRoutes(deps));
  await app.register(messagesRoutes(deps));
  await app.register(contactRoutes(deps));
  await app.register(wishlistsRoutes(deps));
  await app.register(registriesRoutes(deps));
  // The store integration API (/api/integration/…): API keys with scopes, Idempotency-Key on writes.
  await app.register(ordersIntegrationRoutes(deps));
  await app.register(documentsIntegrationRoutes(deps));
  await app.register(integrationCustomersRoutes(deps));
  await app.register(registriesIntegrationRoutes(deps));
  await app.register(messagesIntegrationRoutes(deps));
  await app.register(webhooksRoutes(deps));
  // The back office API (/api/staff/…): staff accounts, their own sessions and the audit log.
  await app.register(staffRoutes(deps));
  await app.register(registriesAdminRoutes(deps));
  // Storefront sign-in (F7.4): the OpenID Connect provider under /.well-known and /oidc, and its interaction API.
  await app.register(oidcRoutes(deps));
  // Branding (F7.5): /api/branding, logos, favicons and manifests per host, and the staff's branding routes.
  await app.register(brandingRoutes(deps));
  if (deps.devMailbox) await app.register(devMailboxRoutes(deps.db));

  await registerBackoffice(app);
  await registerPortal(app);
  return app;
}

/**
 * The built back office (web/backoffice) under `/admin`: its assets at /admin/assets, and any
 * other page path below /admin gets its index.html (client routing). `/admin/*` is more
 * specific than the portal's `/*`, so /admin pages never get the customers' app.
 */
async function registerBackoffice(app: FastifyInstance): Promise<void> {
  const root = backofficeFolder;
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn('the back office is not built (npm run build): /admin is not served');
    return;
  }
  // reply.sendFile belongs to the portal's registration (one decoration per app), so the page
  // is read here: it is small, and read per request it follows a rebuild like the portal's.
  await app.register(fastifyStatic, { root, prefix: '/admin/', index: false, wildcard: false, serve: true, decorateReply: false });
  const sendIndex = async (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = request.url.split('?')[0] ?? '/admin';
    // A missing asset is a 404, not the app's page with a 200.
    if (/\.[a-z0-9]+$/i.test(pathname)) return reply.callNotFound();
    const html = await readFile(path.join(root, 'index.html'), 'utf8');
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  };
  app.get('/admin', { schema: { hide: true } }, sendIndex);
  app.get('/admin/*', { schema: { hide: true } }, sendIndex);
}

/** The built portal (web/portal) at `/`; any other page path gets its index.html (client routing). */
async function registerPortal(app: FastifyInstance): Promise<void> {
  const root = portalFolder;
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn('the portal is not built (npm run build): only the API is served');
    return;
  }
  await app.register(fastifyStatic, { root, prefix: '/', index: false, wildcard: false, serve: true });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path.startsWith('/dev/') || /\.[a-z0-9]+$/i.test(path)) {
      return reply.callNotFound();
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  });
}
