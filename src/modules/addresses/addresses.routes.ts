import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import {
  listAddressCountries,
  ZAddress,
  ZAddressCountry,
  ZAddressIdParams,
  ZCopyBillingBody,
  ZCreateAddressBody,
  ZUpdateAddressBody,
} from './addresses.schemas.js';
import {
  copyBillingToDelivery,
  createAddress,
  deleteAddress,
  getAddress,
  listAddresses,
  makeDefaultAddress,
  updateAddress,
} from './addresses.service.js';

const tags = ['Addresses'];

export const addressesRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Public: a checkout form needs the rules before anyone signs in.
    app.get('/api/addresses/countries', {
      schema: {
        tags,
        summary: 'Countries an address may be in, with what each requires',
        response: { 200: z.object({ items: z.array(ZAddressCountry), nextCursor: z.null() }) },
      },
      handler: async () => ({ items: listAddressCountries(), nextCursor: null }),
    });
    await app.register(myAddressesRoutes(ctx));
  };

const myAddressesRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);

    app.get('/api/me/addresses', {
      schema: {
        tags,
        summary: 'My billing address and delivery addresses (billing first, then the default)',
        response: { 200: z.object({ items: z.array(ZAddress), nextCursor: z.null() }) },
      },
      handler: async (request) => {
        const items = await listAddresses(ctx, { customerId: signedInCustomer(request).customer.id });
        return { items, nextCursor: null };
      },
    });

    app.post('/api/me/addresses', {
      schema: {
        tags,
        summary: 'Add an address (one billing, up to 50 delivery; 422 too_many_addresses, 409 billing_address_exists)',
        body: ZCreateAddressBody,
        response: { 201: ZAddress },
      },
      handler: async (request, reply) => {
        const address = await createAddress(ctx, { customerId: signedInCustomer(request).customer.id, body: request.body });
        return reply.status(201).send(address);
      },
    });

    app.post('/api/me/addresses/delivery-from-billing', {
      schema: {
        tags,
        summary: 'Delivery same as billing: copy my billing address as a delivery address (422 billing_address_required)',
        body: ZCopyBillingBody,
        response: { 201: ZAddress },
      },
      handler: async (request, reply) => {
        const address = await copyBillingToDelivery(ctx, { customerId: signedInCustomer(request).customer.id, ...request.body });
        return reply.status(201).send(address);
      },
    });

    app.get('/api/me/addresses/:id', {
      schema: { tags, summary: 'One of my addresses (404 when not mine)', params: ZAddressIdParams, response: { 200: ZAddress } },
      handler: async (request) => getAddress(ctx, { customerId: signedInCustomer(request).customer.id, addressId: request.params.id }),
    });

    app.patch('/api/me/addresses/:id', {
      schema: {
        tags,
        summary: 'Change an address; the result is checked whole against its country’s rules',
        params: ZAddressIdParams,
        body: ZUpdateAddressBody,
        response: { 200: ZAddress },
      },
      handler: async (request) =>
        updateAddress(ctx, { customerId: signedInCustomer(request).customer.id, addressId: request.params.id, changes: request.body }),
    });

    app.delete('/api/me/addresses/:id', {
      schema: {
        tags,
        summary: 'Delete an address; deleting the default delivery address makes the newest other one the default',
        params: ZAddressIdParams,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        await deleteAddress(ctx, { customerId: signedInCustomer(request).customer.id, addressId: request.params.id });
        return reply.status(204).send(null);
      },
    });

    app.post('/api/me/addresses/:id/default', {
      schema: {
        tags,
        summary: 'Make a delivery address the default one (422 not_a_delivery_address)',
        params: ZAddressIdParams,
        response: { 200: ZAddress },
      },
      handler: async (request) =>
        makeDefaultAddress(ctx, { customerId: signedInCustomer(request).customer.id, addressId: request.params.id }),
    });
  };
