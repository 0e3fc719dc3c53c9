import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { ZCreateAddressBody, ZUpdateAddressBody } from '../addresses/addresses.schemas.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import {
  approveAddressRequest,
  cancelAddressRequest,
  createLocationAddress,
  deleteLocationAddress,
  listAddressRequests,
  makeDefaultLocationAddress,
  refuseAddressRequest,
  updateLocationAddress,
} from './location-addresses.service.js';
import {
  ZAddressRequest,
  ZAddressRequestListQuery,
  ZAddressRequestParams,
  ZCompanyIdParams,
  ZCreateLocationBody,
  ZLocation,
  ZLocationAddress,
  ZLocationAddressParams,
  ZLocationParams,
  ZRefuseAddressRequestBody,
  ZRenameLocationBody,
} from './locations.schemas.js';
import { createLocation, deleteLocation, getLocation, listLocations, renameLocation } from './locations.service.js';

const tags = ['Company locations'];
const byRequest = 'A buyer’s change is not applied: it becomes a request (202) that a location administrator approves or refuses.';

export const locationsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);
    const who = (request: Parameters<typeof signedInCustomer>[0]) => signedInCustomer(request).customer.id;

    app.get('/api/companies/:companyId/locations', {
      schema: {
        tags,
        summary: 'The company’s locations with their terms, catalog, approval rule and addresses (any colleague)',
        params: ZCompanyIdParams,
        response: { 200: z.object({ items: z.array(ZLocation), nextCursor: z.null() }) },
      },
      handler: async (request) => ({
        items: await listLocations(ctx.db, { companyId: request.params.companyId, customerId: who(request) }),
        nextCursor: null,
      }),
    });

    app.post('/api/companies/:companyId/locations', {
      schema: {
        tags,
        summary: 'Add a location (company administrators); terms and catalog are then set by the shop',
        params: ZCompanyIdParams,
        body: ZCreateLocationBody,
        response: { 201: ZLocation },
      },
      handler: async (request, reply) => {
        const location = await createLocation(ctx.db, { companyId: request.params.companyId, customerId: who(request), name: request.body.name });
        return reply.status(201).send(location);
      },
    });

    app.get('/api/companies/:companyId/locations/:locationId', {
      schema: { tags, summary: 'One location of the company (any colleague)', params: ZLocationParams, response: { 200: ZLocation } },
      handler: async (request) => getLocation(ctx.db, { ...request.params, customerId: who(request) }),
    });

    app.patch('/api/companies/:companyId/locations/:locationId', {
      schema: {
        tags,
        summary: 'Rename a location (company administrators)',
        params: ZLocationParams,
        body: ZRenameLocationBody,
        response: { 200: ZLocation },
      },
      handler: async (request) => renameLocation(ctx.db, { ...request.params, customerId: who(request), name: request.body.name }),
    });

    app.delete('/api/companies/:companyId/locations/:locationId', {
      schema: {
        tags,
        summary: 'Delete a location with its addresses and roles (company administrators; 409 last_location)',
        params: ZLocationParams,
        response: { 204: z.null() },
      },
      handler: async (request, reply) => {
        await deleteLocation(ctx.db, { ...request.params, customerId: who(request) });
        return reply.status(204).send(null);
      },
    });

    app.post('/api/companies/:companyId/locations/:locationId/addresses', {
      schema: {
        tags,
        summary: 'Add a billing or delivery address to the location (409 billing_address_exists)',
        description: byRequest,
        params: ZLocationParams,
        body: ZCreateAddressBody,
        response: { 201: ZLocationAddress, 202: ZAddressRequest },
      },
      handler: async (request, reply) => {
        const outcome = await createLocationAddress(ctx.db, { ...request.params, customerId: who(request), body: request.body });
        return outcome.applied ? reply.status(201).send(outcome.result) : reply.status(202).send(outcome.request);
      },
    });

    app.patch('/api/companies/:companyId/locations/:locationId/addresses/:addressId', {
      schema: {
        tags,
        summary: 'Change a location’s address; the result is checked whole against its country’s rules',
        description: byRequest,
        params: ZLocationAddressParams,
        body: ZUpdateAddressBody,
        response: { 200: ZLocationAddress, 202: ZAddressRequest },
      },
      handler: async (request, reply) => {
        const outcome = await updateLocationAddress(ctx.db, { ...request.params, customerId: who(request), changes: request.body });
        return outcome.applied ? reply.status(200).send(outcome.result) : reply.status(202).send(outcome.request);
      },
    });

    app.delete('/api/companies/:companyId/locations/:locationId/addresses/:addressId', {
      schema: {
        tags,
        summary: 'Delete a location’s address; deleting the default makes the newest other one the default',
        description: byRequest,
        params: ZLocationAddressParams,
        response: { 202: ZAddressRequest, 204: z.null() },
      },
      handler: async (request, reply) => {
        const outcome = await deleteLocationAddress(ctx.db, { ...request.params, customerId: who(request) });
        return outcome.applied ? reply.status(204).send(null) : reply.status(202).send(outcome.request);
      },
    });

    app.post('/api/companies/:companyId/locations/:locationId/addresses/:addressId/default', {
      schema: {
        tags,
        summary: 'Make a delivery address the location’s default (location and company administrators)',
        params: ZLocationAddressParams,
        response: { 200: ZLocationAddress },
      },
      handler: async (request) => makeDefaultLocationAddress(ctx.db, { ...request.params, customerId: who(request) }),
    });

    app.get('/api/companies/:companyId/locations/:locationId/address-requests', {
      schema: {
        tags,
        summary: 'Address change requests, newest first: all of them for administrators, their own for a buyer',
        params: ZLocationParams,
        querystring: ZAddressRequestListQuery,
        response: { 200: z.object({ items: z.array(ZAddressRequest), nextCursor: z.null() }) },
      },
      handler: async (request) => ({
        items: await listAddressRequests(ctx.db, { ...request.params, customerId: who(request), status: request.query.status }),
        nextCursor: null,
      }),
    });

    app.post('/api/companies/:companyId/locations/:locationId/address-requests/:requestId/approve', {
      schema: {
        tags,
        summary: 'Approve a request: the change is applied now, checked again (409 request_already_decided, 409 address_gone)',
        params: ZAddressRequestParams,
        response: { 200: ZAddressRequest },
      },
      handler: async (request) => approveAddressRequest(ctx.db, { ...request.params, customerId: who(request) }),
    });

    app.post('/api/companies/:companyId/locations/:locationId/address-requests/:requestId/refuse', {
      schema: {
        tags,
        summary: 'Refuse a request with a reason the requester will see (409 request_already_decided)',
        params: ZAddressRequestParams,
        body: ZRefuseAddressRequestBody,
        response: { 200: ZAddressRequest },
      },
      handler: async (request) =>
        refuseAddressRequest(ctx.db, { ...request.params, customerId: who(request), reason: request.body.reason }),
    });

    app.post('/api/companies/:companyId/locations/:locationId/address-requests/:requestId/cancel', {
      schema: {
        tags,
        summary: 'Withdraw one of my own pending requests',
        params: ZAddressRequestParams,
        response: { 200: ZAddressRequest },
      },
      handler: async (request) => cancelAddressRequest(ctx.db, { ...request.params, customerId: who(request) }),
    });
  };
