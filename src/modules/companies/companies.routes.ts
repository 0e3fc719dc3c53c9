import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { ZCompany, ZCompanyIdParams, ZCreateCompanyBody, ZMyCompany, ZUpdateCompanyBody } from './companies.schemas.js';
import { createCompany, deleteCompany, getCompany, listMyCompanies, updateCompany } from './companies.service.js';

const tags = ['Companies'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();

/** Business identity (F3.1): creating a company, reading, changing and deleting it. */
export const companiesRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.post('/api/companies', {
      schema: {
        tags,
        summary: 'Create a company: the caller becomes its first administrator, and it gets a first location named after it',
        description:
          'Invalid identifiers are listed field by field in `errors[]`: invalid_siret, invalid_siren, invalid_vat_number, vat_country_mismatch, invalid_enterprise_number, siret_required (a French public body, for Chorus Pro), only_for_public_body (chorusServiceCode).',
        body: ZCreateCompanyBody,
        response: { 201: ZCompany, 400: problem, 401: problem },
      },
      handler: async (request, reply) => {
        const { customer } = signedInCustomer(request);
        const company = await createCompany(ctx, { customerId: customer.id, marketId: customer.marketId, body: request.body });
        return reply.status(201).send(company);
      },
    });

    app.get('/api/me/companies', {
      schema: {
        tags,
        summary: 'The companies I belong to, each with my role, by name',
        response: { 200: z.object({ items: z.array(ZMyCompany), nextCursor: z.null() }), 401: problem },
      },
      handler: async (request) => {
        const items = await listMyCompanies(ctx, { customerId: signedInCustomer(request).customer.id });
        return { items, nextCursor: null };
      },
    });

    app.get('/api/companies/:companyId', {
      schema: {
        tags,
        summary: 'A company’s identity and its locations with payment terms, catalog and approval rule (read-only); 404 for outsiders',
        params: ZCompanyIdParams,
        response: { 200: ZCompany, 401: problem, 404: problem },
      },
      handler: async (request) => getCompany(ctx, { companyId: request.params.companyId, customerId: signedInCustomer(request).customer.id }),
    });

    app.patch('/api/companies/:companyId', {
      schema: {
        tags,
        summary: 'Change a company’s identity (administrators); the result is checked whole, with the same codes as creation',
        params: ZCompanyIdParams,
        body: ZUpdateCompanyBody,
        response: { 200: ZCompany, 400: problem, 401: problem, 403: problem, 404: problem },
      },
      handler: async (request) =>
        updateCompany(ctx, {
          companyId: request.params.companyId,
          customerId: signedInCustomer(request).customer.id,
          changes: request.body,
        }),
    });

    app.delete('/api/companies/:companyId', {
      schema: {
        tags,
        summary: 'Delete the company account (administrators): its members, locations and invitations go with it, at once',
        params: ZCompanyIdParams,
        response: { 204: z.null(), 401: problem, 403: problem, 404: problem },
      },
      handler: async (request, reply) => {
        await deleteCompany(ctx, { companyId: request.params.companyId, customerId: signedInCustomer(request).customer.id });
        return reply.status(204).send(null);
      },
    });
  };
