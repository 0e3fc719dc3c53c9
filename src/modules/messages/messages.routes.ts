import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import {
  ZMessage,
  ZMessageIdParams,
  ZMessageListQuery,
  ZMessagePage,
  ZMessagePreferences,
  ZMessagePreferencesBody,
  ZUnreadCount,
} from './messages.schemas.js';
import { changeMyMessage, countUnreadMessages, getMessagePreferences, getMyMessage, listMyMessages, setMessagePreferences } from './messages.service.js';

const tags = ['Messages'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();

/** The customer's inbox of messages from the shop (F5.2). */
export const messagesRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);
    const caller = (request: Parameters<typeof signedInCustomer>[0]) => signedInCustomer(request).customer;

    app.get('/api/me/messages', {
      schema: {
        tags,
        summary: 'My messages from the shop, newest first (status all: the inbox; unread; archived), with the unread count',
        querystring: ZMessageListQuery,
        response: { 200: ZMessagePage, 400: problem, 401: problem },
      },
      handler: async (request) => listMyMessages(ctx, { caller: caller(request), query: request.query }),
    });

    app.get('/api/me/messages/unread-count', {
      schema: { tags, summary: 'How many messages I have not read (archived ones aside): one indexed count, cheap to poll', response: { 200: ZUnreadCount, 401: problem } },
      handler: async (request) => ({ unreadCount: await countUnreadMessages(ctx, { caller: caller(request) }) }),
    });

    app.get('/api/me/messages/:messageId', {
      schema: { tags, summary: 'One of my messages; 404 if not mine. Reading it here does not mark it read', params: ZMessageIdParams, response: { 200: ZMessage, 401: problem, 404: problem } },
      handler: async (request) => getMyMessage(ctx, { caller: caller(request), messageId: request.params.messageId }),
    });

    const changes = [
      ['read', 'Mark a message read (the first reading is kept, and told to the store as message.read)'],
      ['unread', 'Mark a message unread'],
      ['archive', 'Archive a message: it leaves the inbox and the unread count'],
      ['unarchive', 'Put an archived message back in the inbox'],
    ] as const;
    for (const [change, summary] of changes) {
      app.post(`/api/me/messages/:messageId/${change}`, {
        schema: { tags, summary, params: ZMessageIdParams, response: { 200: ZMessage, 401: problem, 403: problem, 404: problem } },
        handler: async (request) => changeMyMessage(ctx, { caller: caller(request), messageId: request.params.messageId, change }),
      });
    }

    app.get('/api/me/message-preferences', {
      schema: { tags, summary: 'How I hear of new messages by email', response: { 200: ZMessagePreferences, 401: problem } },
      handler: async (request) => getMessagePreferences(ctx, { caller: caller(request) }),
    });

    app.put('/api/me/message-preferences', {
      schema: {
        tags,
        summary: 'Choose how I hear of new messages: with_text, without_text (no subject nor text in the email) or off',
        body: ZMessagePreferencesBody,
        response: { 200: ZMessagePreferences, 400: problem, 401: problem, 403: problem },
      },
      handler: async (request) => setMessagePreferences(ctx, { caller: caller(request), body: request.body }),
    });
  };
