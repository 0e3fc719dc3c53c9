import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { staffProblem as problem, staffTags as tags } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import { searchCompanies } from './company-search.service.js';
import { ZCompanySearchPage, ZCompanySearchQuery, ZCustomerSearchPage, ZCustomerSearchQuery } from './customer-search.schemas.js';
import { searchCustomers } from './customer-search.service.js';

const security = [{ staffSession: [] }];
const failures = { 400: problem, 401: problem, 403: problem };

/** Back office: one search box over customers and companies (F6.2). */
export const customerSearchRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));

    app.get('/api/staff/customers', {
      schema: {
        tags,
        security,
        summary: 'Find customers: one box over email, names, phones, card number, business details and their companies’ name, SIRET and VAT; filters; newest first, keyset pages. Recorded in the audit log (customers.searched).',
        querystring: ZCustomerSearchQuery,
        response: { 200: ZCustomerSearchPage, ...failures },
      },
      preHandler: requireStaffPermission('customers.view'),
      handler: async (request) => searchCustomers(ctx, { actor: signedInStaff(request), query: request.query, meta: requestMeta(request) }),
    });

    app.get('/api/staff/companies', {
      schema: {
        tags,
        security,
        summary: 'Find companies by name, SIRET, SIREN, VAT, enterprise or registration number; filters; newest first, keyset pages. Recorded in the audit log (companies.searched).',
        querystring: ZCompanySearchQuery,
        response: { 200: ZCompanySearchPage, ...failures },
      },
      preHandler: requireStaffPermission('companies.view'),
      handler: async (request) => searchCompanies(ctx, { actor: signedInStaff(request), query: request.query, meta: requestMeta(request) }),
    });
  };
