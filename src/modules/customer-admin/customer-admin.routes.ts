import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { ZListQuery } from '../../platform/http/pagination.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { ZOrderListQuery } from '../orders/orders.schemas.js';
import { staffProblem as problem, staffTags as tags } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import { sendPasswordResetByStaff, setCustomerStatusByStaff } from './customer-account.service.js';
import {
  createCustomerBodySchema,
  updateCustomerBodySchema,
  ZConsentRecordPage,
  ZCustomerDetail,
  ZCustomerEmailPage,
  ZCustomerIdParams,
  ZCustomerOrderPage,
  ZCustomerSessionPage,
  ZMoveCustomerBody,
  ZNote,
  ZNoteBody,
  ZNoteIdParams,
  ZNotePage,
  ZSecurityEventPage,
} from './customer-admin.schemas.js';
import { createCustomerByStaff, updateCustomerByStaff, viewCustomer } from './customer-admin.service.js';
import { moveCustomerToMarket } from './customer-market.service.js';
import { addCustomerNote, deleteCustomerNote, listCustomerNotes } from './customer-notes.service.js';
import {
  listCustomerConsents,
  listCustomerEmails,
  listCustomerOrders,
  listCustomerSecurityEvents,
  listCustomerSessions,
} from './customer-views.service.js';

const security = [{ staffSession: [] }];
const denied = { 401: problem, 403: problem };
const unknown = { ...denied, 404: problem };

/** Back office: customers created, edited, helped and noted by staff (F6.2, F6.3, F2.5). */
export const customerAdminRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));
    const canView = requireStaffPermission('customers.view');
    const canEdit = requireStaffPermission('customers.edit');
    const canErase = requireStaffPermission('customers.erase');
    const action = (request: Parameters<typeof signedInStaff>[0]) => ({ actor: signedInStaff(request), meta: requestMeta(request) });

    app.post('/api/staff/customers', {
      schema: {
        tags,
        security,
        summary: 'Create a customer by hand (origin staff, no password, address unverified); 409 email_taken',
        body: createCustomerBodySchema(ctx.config.shopCountry),
        response: { 201: ZCustomerDetail, 400: problem, ...denied, 409: problem, 422: problem },
      },
      preHandler: canEdit,
      handler: async (request, reply) => reply.status(201).send(await createCustomerByStaff(ctx, { ...action(request), body: request.body })),
    });

    app.get('/api/staff/customers/:customerId', {
      schema: { tags, security, summary: 'One customer: profile, business details, status, card, companies, addresses, consents, counts (audited)', params: ZCustomerIdParams, response: { 200: ZCustomerDetail, ...unknown } },
      preHandler: canView,
      handler: async (request) => viewCustomer(ctx, { ...action(request), customerId: request.params.customerId }),
    });

    app.patch('/api/staff/customers/:customerId', {
      schema: {
        tags,
        security,
        summary: 'Change a customer: only the fields given; a new email is unverified and the old address is told; 409 email_taken',
        params: ZCustomerIdParams,
        body: updateCustomerBodySchema(ctx.config.shopCountry),
        response: { 200: ZCustomerDetail, 400: problem, ...unknown, 409: problem, 422: problem },
      },
      preHandler: canEdit,
      handler: async (request) => updateCustomerByStaff(ctx, { ...action(request), customerId: request.params.customerId, body: request.body }),
    });

    app.post('/api/staff/customers/:customerId/password-reset', {
      schema: {
        tags,
        security,
        summary: 'Email the customer a password reset link (5 an hour per customer, then 429); 409 customer_disabled',
        params: ZCustomerIdParams,
        response: { 202: z.object({ status: z.literal('sent') }), ...unknown, 409: problem, 429: problem },
      },
      preHandler: canEdit,
      handler: async (request, reply) => {
        await sendPasswordResetByStaff(ctx, { ...action(request), customerId: request.params.customerId });
        return reply.status(202).send({ status: 'sent' as const });
      },
    });

    for (const [path, status] of [
      ['disable', 'disabled'],
      ['enable', 'active'],
    ] as const) {
      app.post(`/api/staff/customers/:customerId/${path}`, {
        schema: {
          tags,
          security,
          summary: status === 'disabled' ? 'Disable a customer: every session ends at once, no sign-in works' : 'Re-enable a disabled customer',
          params: ZCustomerIdParams,
          response: { 200: ZCustomerDetail, ...unknown },
        },
        preHandler: canErase,
        handler: async (request) => setCustomerStatusByStaff(ctx, { ...action(request), customerId: request.params.customerId, status }),
      });
    }

    app.post('/api/staff/customers/:customerId/market', {
      schema: {
        tags,
        security,
        summary: 'Move the account to another market (F1.8): it signs in there from then on; every session ends. Orders and documents stay in their market.',
        description:
          '409 email_taken_in_market (an account of that market has the address), 409 customer_in_company (companies stay in their market); 400 unknown_market for a market that does not exist or that you do not work in. Moving to its own market changes nothing.',
        params: ZCustomerIdParams,
        body: ZMoveCustomerBody,
        response: { 200: ZCustomerDetail, 400: problem, ...unknown, 409: problem },
      },
      preHandler: canErase,
      handler: async (request) => moveCustomerToMarket(ctx, { ...action(request), customerId: request.params.customerId, marketId: request.body.marketId }),
    });

    app.get('/api/staff/customers/:customerId/notes', {
      schema: { tags, security, summary: 'Staff-only notes on the customer, newest first (audited)', params: ZCustomerIdParams, querystring: ZListQuery, response: { 200: ZNotePage, 400: problem, ...unknown } },
      preHandler: canView,
      handler: async (request) => listCustomerNotes(ctx, { ...action(request), customerId: request.params.customerId, ...request.query }),
    });

    app.post('/api/staff/customers/:customerId/notes', {
      schema: { tags, security, summary: 'Add a staff-only note (1–5000 characters); never shown to the customer', params: ZCustomerIdParams, body: ZNoteBody, response: { 201: ZNote, 400: problem, ...unknown } },
      preHandler: canEdit,
      handler: async (request, reply) =>
        reply.status(201).send(await addCustomerNote(ctx, { ...action(request), customerId: request.params.customerId, body: request.body.body })),
    });

    app.delete('/api/staff/customers/:customerId/notes/:noteId', {
      schema: { tags, security, summary: 'Delete a note: its author, an owner or an administrator', params: ZNoteIdParams, response: { 204: z.null(), ...unknown } },
      preHandler: canEdit,
      handler: async (request, reply) => {
        await deleteCustomerNote(ctx, { ...action(request), customerId: request.params.customerId, noteId: request.params.noteId });
        return reply.status(204).send(null);
      },
    });

    const view = { params: ZCustomerIdParams, querystring: ZListQuery };
    app.get('/api/staff/customers/:customerId/emails', {
      schema: { tags, security, summary: 'The emails sent to the customer, newest first (audited)', ...view, response: { 200: ZCustomerEmailPage, 400: problem, ...unknown } },
      preHandler: canView,
      handler: async (request) => listCustomerEmails(ctx, { ...action(request), customerId: request.params.customerId, ...request.query }),
    });

    app.get('/api/staff/customers/:customerId/consents', {
      schema: { tags, security, summary: 'The customer’s whole consent history, newest first (audited)', ...view, response: { 200: ZConsentRecordPage, 400: problem, ...unknown } },
      preHandler: canView,
      handler: async (request) => listCustomerConsents(ctx, { ...action(request), customerId: request.params.customerId, ...request.query }),
    });

    app.get('/api/staff/customers/:customerId/sessions', {
      schema: { tags, security, summary: 'The customer’s sessions, live and ended, newest first (audited)', ...view, response: { 200: ZCustomerSessionPage, 400: problem, ...unknown } },
      preHandler: canView,
      handler: async (request) => listCustomerSessions(ctx, { ...action(request), customerId: request.params.customerId, ...request.query }),
    });

    app.get('/api/staff/customers/:customerId/security-events', {
      schema: { tags, security, summary: 'Sign-ins, codes, resets and changes of the account, newest first (audited)', ...view, response: { 200: ZSecurityEventPage, 400: problem, ...unknown } },
      preHandler: canView,
      handler: async (request) => listCustomerSecurityEvents(ctx, { ...action(request), customerId: request.params.customerId, ...request.query }),
    });

    app.get('/api/staff/customers/:customerId/orders', {
      schema: {
        tags,
        security,
        summary: 'The customer’s orders and receipts, newest first, filtered like the order history (audited)',
        params: ZCustomerIdParams,
        querystring: ZOrderListQuery,
        response: { 200: ZCustomerOrderPage, 400: problem, ...unknown },
      },
      preHandler: canView,
      handler: async (request) => listCustomerOrders(ctx, { ...action(request), customerId: request.params.customerId, query: request.query }),
    });
  };
