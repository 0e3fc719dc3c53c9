import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { AppError } from '../../platform/errors/app-error.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import {
  ZPreferences,
  ZUnsubscribeBody,
  ZUnsubscribeLink,
  ZUnsubscribeQuery,
  ZUnsubscribeResult,
  ZUpdatePreferencesBody,
} from './marketing.schemas.js';
import { getPreferences, updatePreferences } from './preferences.service.js';
import { describeUnsubscribeLink, unsubscribeWithToken } from './unsubscribe.service.js';

const tags = ['Marketing preferences'];

export const marketingRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(myPreferencesRoutes(ctx));
    await app.register(unsubscribeRoutes(ctx));
  };

const myPreferencesRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.get('/api/me/preferences', {
      schema: {
        tags,
        summary: 'My marketing consents (newsletter, promotional email, SMS), derived from their history, and the history',
        response: { 200: ZPreferences },
      },
      handler: async (request) => getPreferences(ctx, { customer: signedInCustomer(request).customer }),
    });

    app.patch('/api/me/preferences', {
      schema: {
        tags,
        summary: 'Grant or withdraw consents; records only real changes (400 mobile_required on sms without a mobile number)',
        body: ZUpdatePreferencesBody,
        response: { 200: ZPreferences },
      },
      handler: async (request) =>
        updatePreferences(ctx, { customerId: signedInCustomer(request).customer.id, body: request.body, meta: requestMeta(request) }),
    });
  };

/** A form body is a few bytes (`List-Unsubscribe=One-Click`); anything bigger is not a mail provider. */
const FORM_BODY_LIMIT_BYTES = 1024;

/**
 * Signed-out, no CSRF token: the unguessable token in the URL is the authority, which is what
 * RFC 8058 asks for (mail providers POST without cookies). Unlike every other route, this one
 * takes a form body, because that is what mail providers send; the parser is registered in this
 * plugin only, so the rest of the API still answers 415 to forms.
 */
const unsubscribeRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES }, (_request, body, done) => {
      try {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      } catch {
        done(new AppError('invalid_body', 400, 'The form body could not be read.'), undefined);
      }
    });

    app.get('/api/unsubscribe', {
      schema: {
        tags,
        summary: 'What an unsubscribe link is about (purpose, shop, masked address); unsubscribes nobody (400 invalid_token)',
        querystring: ZUnsubscribeQuery,
        response: { 200: ZUnsubscribeLink },
      },
      handler: async (request) => describeUnsubscribeLink(ctx, { token: request.query.token, meta: requestMeta(request) }),
    });

    app.post('/api/unsubscribe', {
      schema: {
        tags,
        summary: 'One-click unsubscribe (RFC 8058) without signing in: records a withdrawal; 200 even if already withdrawn (400 invalid_token)',
        querystring: ZUnsubscribeQuery,
        body: ZUnsubscribeBody,
        response: { 200: ZUnsubscribeResult },
      },
      handler: async (request) => unsubscribeWithToken(ctx, { token: request.query.token, meta: requestMeta(request) }),
    });
  };
