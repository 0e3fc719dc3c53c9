import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { staffProblem as problem, staffTags as tags } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import {
  ZApprovalQueuePage,
  ZApprovalQueueQuery,
  ZApprovalState,
  ZApproveBody,
  ZCustomerIdParams,
  ZRefuseBody,
  ZShopSettings,
  ZShopSettingsBody,
} from './account-approval.schemas.js';
import { decideAccountApproval, listPendingApprovals } from './account-approval.service.js';
import { readShopSettings, updateShopSettings } from './shop-settings.service.js';

const security = [{ staffSession: [] }];
const denied = { 401: problem, 403: problem };

/** Back office: the approval queue and the shop setting that fills it (F1.7). */
export const accountApprovalRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));

    app.get('/api/staff/settings', {
      schema: { tags, security, summary: 'The shop’s settings: account approval of the default market (each market has its own: GET /api/staff/markets)', response: { 200: ZShopSettings, ...denied } },
      preHandler: requireStaffPermission('settings.manage'),
      handler: async () => readShopSettings(ctx.db),
    });

    app.put('/api/staff/settings', {
      schema: {
        tags,
        security,
        summary: 'Change the shop’s settings; audited as settings.updated with the old and new values',
        description: 'accountApproval applies to accounts registered from now on; accounts already created keep their status.',
        body: ZShopSettingsBody,
        response: { 200: ZShopSettings, 400: problem, ...denied },
      },
      preHandler: requireStaffPermission('settings.manage'),
      handler: async (request) => updateShopSettings(ctx, { actor: signedInStaff(request), change: request.body, meta: requestMeta(request) }),
    });

    app.get('/api/staff/approvals', {
      schema: {
        tags,
        security,
        summary: 'Accounts waiting for approval, oldest first; keyset pages',
        querystring: ZApprovalQueueQuery,
        response: { 200: ZApprovalQueuePage, 400: problem, ...denied },
      },
      preHandler: requireStaffPermission('customers.approve'),
      handler: async (request) =>
        listPendingApprovals(ctx.db, { actor: signedInStaff(request), ...request.query, meta: requestMeta(request) }),
    });

    app.post('/api/staff/customers/:customerId/approve', {
      schema: {
        tags,
        security,
        summary: 'Approve a pending account (or, with reconsider, a refused one); the customer is emailed',
        description:
          'Approving an approved account changes nothing (200). 409 already_decided when the account was refused and reconsider is not set.',
        params: ZCustomerIdParams,
        body: ZApproveBody,
        response: { 200: ZApprovalState, 400: problem, ...denied, 404: problem, 409: problem },
      },
      preHandler: requireStaffPermission('customers.approve'),
      handler: async (request) =>
        decideAccountApproval(ctx, {
          actor: signedInStaff(request),
          customerId: request.params.customerId,
          decision: 'approve',
          reconsider: request.body?.reconsider,
          meta: requestMeta(request),
        }),
    });

    app.post('/api/staff/customers/:customerId/refuse', {
      schema: {
        tags,
        security,
        summary: 'Refuse a pending account, with an optional reason told to the customer by email',
        description: 'Refusing a refused account changes nothing (200). 409 already_decided when the account is approved (disable it instead).',
        params: ZCustomerIdParams,
        body: ZRefuseBody,
        response: { 200: ZApprovalState, 400: problem, ...denied, 404: problem, 409: problem },
      },
      preHandler: requireStaffPermission('customers.approve'),
      handler: async (request) =>
        decideAccountApproval(ctx, {
          actor: signedInStaff(request),
          customerId: request.params.customerId,
          decision: 'refuse',
          reason: request.body?.reason,
          meta: requestMeta(request),
        }),
    });
  };
