import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { ZListQuery } from '../../platform/http/pagination.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { normalizeImageType } from '../markets/market-assets.rules.js';
import { registryErrors } from './registries.errors.js';
import {
  ZCreateRegistryBody,
  ZPublicRegistry,
  ZPublicRegistryQuery,
  ZPublicRegistrySummary,
  ZPutRegistryItemBody,
  ZRegistry,
  ZRegistryCodeParams,
  ZRegistryContribution,
  ZRegistryContributionParams,
  ZRegistryDetail,
  ZRegistryGift,
  ZRegistryGiftParams,
  ZRegistryItem,
  ZRegistryItemParams,
  ZRegistryParams,
  ZRegistrySearchQuery,
  ZReservation,
  ZReservationBody,
  ZThankBody,
  ZUpdateRegistryBody,
  ZUpdateRegistryItemBody,
  ZVisitorMessageBody,
} from './registries.schemas.js';
import {
  createRegistry,
  deleteRegistry,
  deleteRegistryPhoto,
  findOwnRegistry,
  getMyRegistry,
  listMyRegistries,
  photoTypes,
  PHOTO_MAX_BYTES,
  putRegistryItem,
  putRegistryPhoto,
  readRegistryPhoto,
  removeRegistryItem,
  setRegistryItemWanted,
  setRegistryStatus,
  updateRegistry,
} from './registries.service.js';
import {
  cancelRegistryReservation,
  listMyRegistryContributions,
  listMyRegistryGifts,
  thankRegistryContribution,
  thankRegistryGift,
} from './registry-gifts.service.js';
import { findVisibleRegistry, leaveRegistryMessage, reserveRegistryItem, searchRegistries, toPublicRegistry } from './registry-visitors.service.js';

const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const tags = ['Gift registries'];
const security = [{ session: [] }];
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Gift and birth registries (F5.6): the owners' routes and the signed-out public page's. */
export const registriesRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(ownerRoutes(ctx));
    await app.register(visitorRoutes(ctx));
  };

const ownerRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser([...photoTypes], { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES }, (_request, body, done) => done(null, body));
    guardWithCustomerSession(app, ctx);
    const me = (request: Parameters<typeof signedInCustomer>[0]) => signedInCustomer(request).customer;
    const mine = (request: Parameters<typeof signedInCustomer>[0], params: { registryId: string }) => ({ customerId: me(request).id, registryId: params.registryId });

    app.get('/api/me/registries', {
      schema: { tags, security, summary: 'My registries, open and closed, newest first', querystring: ZListQuery, response: { 200: page(ZRegistry), 400: problem, 401: problem } },
      handler: async (request) => listMyRegistries(ctx, { customerId: me(request).id, ...request.query }),
    });

    app.post('/api/me/registries', {
      schema: {
        tags,
        security,
        summary: 'Create a registry (birth, wedding, birthday…) with its public code; visibility link unless told otherwise',
        body: ZCreateRegistryBody,
        response: { 201: ZRegistryDetail, 400: problem, 401: problem, 409: problem },
      },
      handler: async (request, reply) => reply.status(201).send(await createRegistry(ctx, { customer: me(request), body: request.body })),
    });

    app.get('/api/me/registries/:registryId', {
      schema: { tags, security, summary: 'One of my registries with its items and totals (closed ones too)', params: ZRegistryParams, response: { 200: ZRegistryDetail, 401: problem, 404: problem } },
      handler: async (request) => getMyRegistry(ctx, mine(request, request.params)),
    });

    app.patch('/api/me/registries/:registryId', {
      schema: {
        tags,
        security,
        summary: 'Change a registry: title, names, date, message, visibility and access code, fund (409 registry_closed when closed)',
        params: ZRegistryParams,
        body: ZUpdateRegistryBody,
        response: { 200: ZRegistryDetail, 400: problem, 401: problem, 404: problem, 409: problem },
      },
      handler: async (request) => updateRegistry(ctx, { ...mine(request, request.params), body: request.body }),
    });

    app.delete('/api/me/registries/:registryId', {
      schema: { tags, security, summary: 'Delete a registry with its items, gifts and contributions', params: ZRegistryParams, response: { 204: z.null(), 401: problem, 404: problem } },
      handler: async (request, reply) => {
        await deleteRegistry(ctx, mine(request, request.params));
        return reply.status(204).send(null);
      },
    });

    for (const [action, status] of [
      ['close', 'closed'],
      ['reopen', 'open'],
    ] as const) {
      app.post(`/api/me/registries/:registryId/${action}`, {
        schema: {
          tags,
          security,
          summary: action === 'close' ? 'Close: visitors no longer see it; I still read it and thank' : 'Reopen a closed registry',
          params: ZRegistryParams,
          response: { 200: ZRegistryDetail, 401: problem, 404: problem },
        },
        handler: async (request) => setRegistryStatus(ctx, { ...mine(request, request.params), status }),
      });
    }

    app.put('/api/me/registries/:registryId/photo', {
      bodyLimit: PHOTO_MAX_BYTES,
      schema: {
        tags,
        security,
        summary: 'Upload the registry’s photo: the raw image, PNG, JPEG or WebP, at most 2 MB',
        description: '415 for another Content-Type; 413 over 2 MB; 422 image_type_mismatch when the bytes are not of the declared type.',
        params: ZRegistryParams,
        body: z.any().describe('The image file.'),
        consumes: [...photoTypes],
        response: { 200: ZRegistryDetail, 401: problem, 404: problem, 409: problem, 413: problem, 415: problem, 422: problem },
      },
      handler: async (request) => {
        const contentType = normalizeImageType(request.headers['content-type']);
        // A JSON body reaches here parsed by the inherited JSON parser: it is no image.
        if (!Buffer.isBuffer(request.body) || !(photoTypes as readonly string[]).includes(contentType)) throw registryErrors.unsupportedPhotoType();
        return putRegistryPhoto(ctx, { ...mine(request, request.params), contentType, bytes: request.body });
      },
    });

    app.delete('/api/me/registries/:registryId/photo', {
      schema: { tags, security, summary: 'Remove the registry’s photo', params: ZRegistryParams, response: { 204: z.null(), 401: problem, 404: problem, 409: problem } },
      handler: async (request, reply) => {
        await deleteRegistryPhoto(ctx, mine(request, request.params));
        return reply.status(204).send(null);
      },
    });

    app.get('/api/me/registries/:registryId/photo', {
      schema: { tags, security, summary: 'The registry’s photo, for its owner', params: ZRegistryParams, response: { 200: z.any(), 401: problem, 404: problem } },
      handler: async (request, reply) => {
        const registry = await findOwnRegistry(ctx.db, mine(request, request.params));
        const photo = await readRegistryPhoto(ctx.db, registry.id);
        if (!photo) throw registryErrors.notFound();
        return reply.header('cache-control', 'private, no-cache').header('x-content-type-options', 'nosniff').type(photo.contentType).send(photo.bytes);
      },
    });

    app.post('/api/me/registries/:registryId/items', {
      schema: {
        tags,
        security,
        summary: 'Add a product with its wanted quantity: 201 added, 200 when the same product and variant was there (updated)',
        params: ZRegistryParams,
        body: ZPutRegistryItemBody,
        response: { 200: ZRegistryItem, 201: ZRegistryItem, 400: problem, 401: problem, 404: problem, 409: problem },
      },
      handler: async (request, reply) => {
        const { item, created } = await putRegistryItem(ctx, { ...mine(request, request.params), body: request.body });
        return reply.status(created ? 201 : 200).send(item);
      },
    });

    app.patch('/api/me/registries/:registryId/items/:itemId', {
      schema: {
        tags,
        security,
        summary: 'Change an item’s wanted quantity, never below what is already reserved or bought (409 wanted_below_given)',
        params: ZRegistryItemParams,
        body: ZUpdateRegistryItemBody,
        response: { 200: ZRegistryItem, 400: problem, 401: problem, 404: problem, 409: problem },
      },
      handler: async (request) => setRegistryItemWanted(ctx, { ...mine(request, request.params), itemId: request.params.itemId, wantedQuantity: request.body.wantedQuantity }),
    });

    app.delete('/api/me/registries/:registryId/items/:itemId', {
      schema: { tags, security, summary: 'Remove an item nobody reserved or bought (409 item_has_gifts)', params: ZRegistryItemParams, response: { 204: z.null(), 401: problem, 404: problem, 409: problem } },
      handler: async (request, reply) => {
        await removeRegistryItem(ctx, { ...mine(request, request.params), itemId: request.params.itemId });
        return reply.status(204).send(null);
      },
    });

    app.get('/api/me/registries/:registryId/gifts', {
      schema: { tags, security, summary: 'Who reserved or gave what, with their messages, newest first', params: ZRegistryParams, querystring: ZListQuery, response: { 200: page(ZRegistryGift), 400: problem, 401: problem, 404: problem } },
      handler: async (request) => listMyRegistryGifts(ctx, { ...mine(request, request.params), ...request.query }),
    });

    app.get('/api/me/registries/:registryId/contributions', {
      schema: { tags, security, summary: 'Contributions to the fund, newest first', params: ZRegistryParams, querystring: ZListQuery, response: { 200: page(ZRegistryContribution), 400: problem, 401: problem, 404: problem } },
      handler: async (request) => listMyRegistryContributions(ctx, { ...mine(request, request.params), ...request.query }),
    });

    app.post('/api/me/registries/:registryId/gifts/:giftId/thank', {
      schema: {
        tags,
        security,
        summary: 'Thank a giver: the message is emailed to them if they left an address (emailed says so); once per gift',
        params: ZRegistryGiftParams,
        body: ZThankBody,
        response: { 200: ZRegistryGift.extend({ emailed: z.boolean() }), 400: problem, 401: problem, 404: problem, 409: problem },
      },
      handler: async (request) => thankRegistryGift(ctx, { ...mine(request, request.params), giftId: request.params.giftId, message: request.body.message }),
    });

    app.post('/api/me/registries/:registryId/contributions/:contributionId/thank', {
      schema: {
        tags,
        security,
        summary: 'Thank a contributor, as for a gift',
        params: ZRegistryContributionParams,
        body: ZThankBody,
        response: { 200: ZRegistryContribution.extend({ emailed: z.boolean() }), 400: problem, 401: problem, 404: problem, 409: problem },
      },
      handler: async (request) =>
        thankRegistryContribution(ctx, { ...mine(request, request.params), contributionId: request.params.contributionId, message: request.body.message }),
    });

    app.post('/api/me/registries/:registryId/gifts/:giftId/cancel', {
      schema: {
        tags,
        security,
        summary: 'Cancel a reservation nobody paid for: its quantity is free again (webhook registry.gift_cancelled)',
        params: ZRegistryGiftParams,
        response: { 200: ZRegistryGift, 401: problem, 404: problem, 409: problem },
      },
      handler: async (request) => cancelRegistryReservation(ctx, { ...mine(request, request.params), giftId: request.params.giftId }),
    });
  };

const visitorRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/registries', {
      schema: {
        tags,
        summary: 'Find registries by their owners’ names (public ones) or by code, signed out, in this site’s market',
        querystring: ZRegistrySearchQuery,
        response: { 200: page(ZPublicRegistrySummary), 400: problem },
      },
      handler: async (request) => searchRegistries(ctx, { q: request.query.q, meta: requestMeta(request) }),
    });

    app.get('/api/registries/:code', {
      schema: {
        tags,
        summary: 'A registry’s public page: its items and what is left to give (never who gave)',
        description: '`code` visibility needs accessCode: 403 access_code_required or invalid_access_code; unknown codes and wrong access codes count per IP, then 429 with Retry-After.',
        params: ZRegistryCodeParams,
        querystring: ZPublicRegistryQuery,
        response: { 200: ZPublicRegistry, 400: problem, 403: problem, 404: problem, 429: problem },
      },
      handler: async (request) => {
        const row = await findVisibleRegistry(ctx, { code: request.params.code, accessCode: request.query.accessCode, meta: requestMeta(request) });
        return toPublicRegistry(ctx, row, request.query.accessCode);
      },
    });

    app.get('/api/registries/:code/photo', {
      schema: { tags, summary: 'A registry’s photo, under the same rules as its page', params: ZRegistryCodeParams, querystring: ZPublicRegistryQuery, response: { 200: z.any(), 403: problem, 404: problem, 429: problem } },
      handler: async (request, reply) => {
        const row = await findVisibleRegistry(ctx, { code: request.params.code, accessCode: request.query.accessCode, meta: requestMeta(request) });
        const photo = await readRegistryPhoto(ctx.db, row.id);
        if (!photo) throw registryErrors.notFound();
        return reply.header('cache-control', 'private, max-age=300').header('x-content-type-options', 'nosniff').type(photo.contentType).send(photo.bytes);
      },
    });

    app.post('/api/registries/:code/reservations', {
      schema: {
        tags,
        summary: 'Reserve an item, signed out: 409 item_fully_reserved when nothing is left; 20 an hour per IP, then 429 with Retry-After',
        params: ZRegistryCodeParams,
        body: ZReservationBody,
        response: { 201: ZReservation, 400: problem, 403: problem, 404: problem, 409: problem, 429: problem },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await reserveRegistryItem(ctx, { code: request.params.code, body: request.body, meta: requestMeta(request) })),
    });

    app.post('/api/registries/:code/messages', {
      schema: {
        tags,
        summary: 'Leave the owners a message, signed out (emailed to them); counted with reservations per IP',
        params: ZRegistryCodeParams,
        body: ZVisitorMessageBody,
        response: { 202: z.object({ status: z.literal('sent') }), 400: problem, 403: problem, 404: problem, 429: problem },
      },
      handler: async (request, reply) => {
        await leaveRegistryMessage(ctx, { code: request.params.code, body: request.body, meta: requestMeta(request) });
        return reply.status(202).send({ status: 'sent' as const });
      },
    });
  };
