import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { staffProblem as problem, staffTags as tags } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import { companyAdminErrors } from './company-admin.errors.js';
import {
  ZMergeBody,
  ZMergeReport,
  ZNameAdminBody,
  ZNamedAdmin,
  ZStaffCompany,
  ZStaffCompanyParams,
  ZStaffCreateCompanyBody,
  ZStaffCreateLocationBody,
  ZStaffLocation,
  ZStaffLocationParams,
  ZStaffUpdateCompanyBody,
  ZStaffUpdateLocationBody,
} from './company-admin.schemas.js';
import {
  createStaffCompany,
  createStaffLocation,
  deleteStaffLocation,
  getStaffCompany,
  mergeStaffCompanies,
  nameStaffAdministrator,
  updateStaffCompany,
  updateStaffLocation,
} from './company-admin.service.js';

const security = [{ staffSession: [] }];
const denied = { 401: problem, 403: problem };
const identityCodes =
  'Invalid fields are all listed in `errors[]`, with the codes of POST /api/companies: invalid_siret, invalid_siren, invalid_vat_number, vat_country_mismatch, invalid_enterprise_number, siret_required, only_for_public_body.';

/** Back office: companies and their locations, restored and merged by staff (F3.8). */
export const companyAdminRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
    const actor = (request: Parameters<typeof signedInStaff>[0]) => ({ principal: signedInStaff(request), meta: requestMeta(request) });

    app.get('/api/staff/companies/:companyId', {
      schema: {
        tags,
        security,
        summary: 'A company: identity, status, members with their roles, locations with terms, catalog, approval rule and addresses, counts (audited)',
        params: ZStaffCompanyParams,
        response: { 200: ZStaffCompany, ...denied, 404: problem },
      },
      preHandler: requireStaffPermission('companies.view'),
      handler: async (request) => getStaffCompany(ctx, { ...actor(request), companyId: request.params.companyId }),
    });

    app.post('/api/staff/companies', {
      schema: {
        tags,
        security,
        summary: 'Create a company, optionally with an existing customer as first administrator; it gets a first location named after it',
        description: `${identityCodes} An \`administratorEmail\` no account has is \`unknown_customer\`.`,
        body: ZStaffCreateCompanyBody,
        response: { 201: ZStaffCompany, 400: problem, ...denied },
      },
      preHandler: requireStaffPermission('companies.edit'),
      handler: async (request, reply) => {
        const company = await createStaffCompany(ctx, { ...actor(request), body: request.body });
        return reply.status(201).send(company);
      },
    });

    app.patch('/api/staff/companies/:companyId', {
      schema: {
        tags,
        security,
        summary: 'Change a company’s identity; the result is checked whole; 409 company_merged',
        description: identityCodes,
        params: ZStaffCompanyParams,
        body: ZStaffUpdateCompanyBody,
        response: { 200: ZStaffCompany, 400: problem, ...denied, 404: problem, 409: problem },
      },
      preHandler: requireStaffPermission('companies.edit'),
      handler: async (request) => updateStaffCompany(ctx, { ...actor(request), companyId: request.params.companyId, changes: request.body }),
    });

    app.post('/api/staff/companies/:companyId/locations', {
      schema: {
        tags,
        security,
        summary: 'Add a location with its catalog, payment terms and approval rule; 409 company_merged',
        params: ZStaffCompanyParams,
        body: ZStaffCreateLocationBody,
        response: { 201: ZStaffLocation, 400: problem, ...denied, 404: problem, 409: problem },
      },
      preHandler: requireStaffPermission('companies.edit'),
      handler: async (request, reply) => {
        const location = await createStaffLocation(ctx, { ...actor(request), companyId: request.params.companyId, body: request.body });
        return reply.status(201).send(location);
      },
    });

    app.patch('/api/staff/companies/:companyId/locations/:locationId', {
      schema: {
        tags,
        security,
        summary: 'Change a location’s name, catalog, payment terms (none, net N days, deposit N %) or approval rule',
        params: ZStaffLocationParams,
        body: ZStaffUpdateLocationBody,
        response: { 200: ZStaffLocation, 400: problem, ...denied, 404: problem, 409: problem },
      },
      preHandler: requireStaffPermission('companies.edit'),
      handler: async (request) => updateStaffLocation(ctx, { ...actor(request), ...request.params, body: request.body }),
    });

    app.delete('/api/staff/companies/:companyId/locations/:locationId', {
      schema: {
        tags,
        security,
        summary: 'Delete a location with its addresses and roles; 409 last_location, location_has_history (orders or documents), company_merged',
        params: ZStaffLocationParams,
        response: { 204: z.null(), ...denied, 404: problem, 409: problem },
      },
      preHandler: requireStaffPermission('companies.edit'),
      handler: async (request, reply) => {
        await deleteStaffLocation(ctx, { ...actor(request), ...request.params });
        return reply.status(204).send(null);
      },
    });

    app.post('/api/staff/companies/:companyId/administrators', {
      schema: {
        tags,
        security,
        summary: 'Name an administrator of a company that has none left: an existing customer, colleague or not (F3.8)',
        description:
          '409 company_has_admin while an administrator remains (they can promote a colleague themselves); owners and administrators may send `force: true` to name one anyway. An address no account has is `400 unknown_customer` on `email`.',
        params: ZStaffCompanyParams,
        body: ZNameAdminBody,
        response: { 200: ZNamedAdmin, 400: problem, ...denied, 404: problem, 409: problem },
      },
      preHandler: requireStaffPermission('companies.edit'),
      handler: async (request) => {
        const principal = signedInStaff(request);
        const force = request.body.force === true;
        if (force && principal.staff.role !== 'owner' && principal.staff.role !== 'administrator') throw companyAdminErrors.forceNotAllowed();
        return nameStaffAdministrator(ctx, { ...actor(request), companyId: request.params.companyId, email: request.body.email, force });
      },
    });

    app.post('/api/staff/companies/:companyId/merge', {
      schema: {
        tags,
        security,
        summary: 'Merge this duplicate into another company of the same entity: members, locations, invitations, orders and documents move; nothing is lost',
        description:
          'Answers what moved. This company then answers `status: merged` with `mergedInto`. 400 same_company; 404 for an unknown company on either side; 409 company_merged when either is merged already.',
        params: ZStaffCompanyParams,
        body: ZMergeBody,
        response: { 200: ZMergeReport, 400: problem, ...denied, 404: problem, 409: problem },
      },
      preHandler: requireStaffPermission('companies.edit'),
      handler: async (request) =>
        mergeStaffCompanies(ctx, { ...actor(request), fromId: request.params.companyId, intoId: request.body.intoCompanyId }),
    });
  };
