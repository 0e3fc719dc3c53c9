import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { ZListQuery } from '../../platform/http/pagination.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import {
  ZCreateWishlistBody,
  ZPutWishlistItemBody,
  ZReorderRequest,
  ZSharedWishlist,
  ZShareTokenParams,
  ZUpdateWishlistBody,
  ZWishlist,
  ZWishlistDetail,
  ZWishlistItem,
  ZWishlistItemParams,
  ZWishlistParams,
  ZWishlistShare,
} from './wishlists.schemas.js';
import {
  createWishlist,
  deleteWishlist,
  emptyWishlist,
  getMyWishlist,
  getSharedWishlist,
  listMyWishlists,
  putWishlistItem,
  removeWishlistItem,
  requestWishlistReorder,
  revokeWishlistShare,
  shareWishlist,
  updateWishlist,
} from './wishlists.service.js';

const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const tags = ['Wishlists'];
const security = [{ session: [] }];

/** Wishlists (F5.5): the customer's lists (storefront and portal) and the signed-out shared page. */
export const wishlistsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(customerRoutes(ctx));
    app.get('/api/shared-wishlists/:token', {
      schema: {
        tags,
        summary: 'A shared list, read-only and signed out: 404 once its owner revokes or replaces the link',
        params: ZShareTokenParams,
        response: { 200: ZSharedWishlist, 400: problem, 404: problem },
      },
      handler: async (request) => getSharedWishlist(ctx, { token: request.params.token, marketId: request.market.id }),
    });
  };

const customerRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);
    const me = (request: Parameters<typeof signedInCustomer>[0]) => signedInCustomer(request).customer;

    app.get('/api/me/wishlists', {
      schema: {
        tags,
        security,
        summary: 'My lists, newest first, with their item counts',
        querystring: ZListQuery,
        response: { 200: z.object({ items: z.array(ZWishlist), nextCursor: z.string().nullable() }), 400: problem, 401: problem },
      },
      handler: async (request) => listMyWishlists(ctx, { customerId: me(request).id, ...request.query }),
    });

    app.post('/api/me/wishlists', {
      schema: {
        tags,
        security,
        summary: 'Create a named list, optionally kept for a company location where I may buy (at most 50 lists)',
        body: ZCreateWishlistBody,
        response: { 201: ZWishlistDetail, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem },
      },
      handler: async (request, reply) => reply.status(201).send(await createWishlist(ctx, { customer: me(request), body: request.body })),
    });

    app.get('/api/me/wishlists/:wishlistId', {
      schema: { tags, security, summary: 'One of my lists with its products', params: ZWishlistParams, response: { 200: ZWishlistDetail, 401: problem, 404: problem } },
      handler: async (request) => getMyWishlist(ctx, { customerId: me(request).id, wishlistId: request.params.wishlistId }),
    });

    app.patch('/api/me/wishlists/:wishlistId', {
      schema: {
        tags,
        security,
        summary: 'Rename a list, or keep it for a location (null: for none)',
        params: ZWishlistParams,
        body: ZUpdateWishlistBody,
        response: { 200: ZWishlistDetail, 400: problem, 401: problem, 403: problem, 404: problem },
      },
      handler: async (request) => updateWishlist(ctx, { customerId: me(request).id, wishlistId: request.params.wishlistId, body: request.body }),
    });

    app.delete('/api/me/wishlists/:wishlistId', {
      schema: { tags, security, summary: 'Delete a list and its products', params: ZWishlistParams, response: { 204: z.null(), 401: problem, 404: problem } },
      handler: async (request, reply) => {
        await deleteWishlist(ctx, { customerId: me(request).id, wishlistId: request.params.wishlistId });
        return reply.status(204).send(null);
      },
    });

    app.post('/api/me/wishlists/:wishlistId/items', {
      schema: {
        tags,
        security,
        summary: 'Add a product as the store describes it: 201 added, 200 when the same product and variant was there (updated)',
        params: ZWishlistParams,
        body: ZPutWishlistItemBody,
        response: { 200: ZWishlistItem, 201: ZWishlistItem, 400: problem, 401: problem, 404: problem, 409: problem },
      },
      handler: async (request, reply) => {
        const { item, created } = await putWishlistItem(ctx, { customerId: me(request).id, wishlistId: request.params.wishlistId, body: request.body });
        return reply.status(created ? 201 : 200).send(item);
      },
    });

    app.delete('/api/me/wishlists/:wishlistId/items/:itemId', {
      schema: { tags, security, summary: 'Remove a product from a list', params: ZWishlistItemParams, response: { 204: z.null(), 401: problem, 404: problem } },
      handler: async (request, reply) => {
        await removeWishlistItem(ctx, { customerId: me(request).id, ...request.params });
        return reply.status(204).send(null);
      },
    });

    app.delete('/api/me/wishlists/:wishlistId/items', {
      schema: { tags, security, summary: 'Empty a list (the list itself stays)', params: ZWishlistParams, response: { 204: z.null(), 401: problem, 404: problem } },
      handler: async (request, reply) => {
        await emptyWishlist(ctx, { customerId: me(request).id, wishlistId: request.params.wishlistId });
        return reply.status(204).send(null);
      },
    });

    app.post('/api/me/wishlists/:wishlistId/share', {
      schema: {
        tags,
        security,
        summary: 'Make a read-only share link, shown once; a new one replaces the previous link',
        params: ZWishlistParams,
        response: { 201: ZWishlistShare, 401: problem, 404: problem },
      },
      handler: async (request, reply) => reply.status(201).send(await shareWishlist(ctx, { customerId: me(request).id, wishlistId: request.params.wishlistId })),
    });

    app.delete('/api/me/wishlists/:wishlistId/share', {
      schema: { tags, security, summary: 'Revoke the share link: it answers 404 from now on', params: ZWishlistParams, response: { 204: z.null(), 401: problem, 404: problem } },
      handler: async (request, reply) => {
        await revokeWishlistShare(ctx, { customerId: me(request).id, wishlistId: request.params.wishlistId });
        return reply.status(204).send(null);
      },
    });

    app.post('/api/me/wishlists/:wishlistId/reorder-request', {
      schema: {
        tags,
        security,
        summary: 'Turn a list kept for a location into a reorder request for the store (webhook wishlist.reorder_requested) and a cart link',
        params: ZWishlistParams,
        response: { 201: ZReorderRequest, 401: problem, 403: problem, 404: problem, 422: problem },
      },
      handler: async (request, reply) => reply.status(201).send(await requestWishlistReorder(ctx, { customer: me(request), wishlistId: request.params.wishlistId })),
    });
  };
