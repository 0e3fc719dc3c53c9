import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { staffAuthRoutes } from './staff-auth.routes.js';
import { staffUsersRoutes } from './staff-users.routes.js';
import { accountApprovalRoutes } from '../account-approval/account-approval.routes.js';
import { companyAdminRoutes } from '../company-admin/company-admin.routes.js';
import { customerAdminRoutes } from '../customer-admin/customer-admin.routes.js';
import { customerCsvRoutes } from '../customer-csv/customer-csv.routes.js';
import { customerSearchRoutes } from '../customer-search/customer-search.routes.js';
import { marketsRoutes } from '../markets/markets.routes.js';
import { contactAdminRoutes } from '../contact/contact-admin.routes.js';
import { messagesAdminRoutes } from '../messages/messages-admin.routes.js';
import { passkeysAdminRoutes } from '../passkeys/passkeys-admin.routes.js';
import { privacyRequestsRoutes } from '../privacy/privacy-requests.routes.js';
import { storeIntegrationsRoutes } from '../store-integrations/store-integrations.routes.js';

/** The back office API under /api/staff (issue 6): its own sessions, permissions and audit. */
export const staffRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.decorateRequest('staffAuth', null);
    await app.register(staffAuthRoutes(ctx));
    await app.register(staffUsersRoutes(ctx));
    // Each domain's staff routes, each plugin guarded by requireStaff of its own.
    await app.register(customerSearchRoutes(ctx));
    await app.register(customerAdminRoutes(ctx));
    await app.register(passkeysAdminRoutes(ctx));
    await app.register(accountApprovalRoutes(ctx));
    await app.register(companyAdminRoutes(ctx));
    await app.register(privacyRequestsRoutes(ctx));
    await app.register(customerCsvRoutes(ctx));
    await app.register(marketsRoutes(ctx));
    await app.register(messagesAdminRoutes(ctx));
    await app.register(contactAdminRoutes(ctx));
    await app.register(storeIntegrationsRoutes(ctx));
  };
