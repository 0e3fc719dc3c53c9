import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import type { TRateRule } from '../../platform/rate-limit/rate-limiter.js';
import { fileResponse } from '../cards/cards.schemas.js';
import { DEVICE_LOG_MAX_LINES, sanitiseDeviceLogLine } from './pass-log.rules.js';
import { walletErrors } from './wallet.errors.js';
import { getLatestApplePass } from './wallet.service.js';
import { authenticateWalletPass, listUpdatedWalletPasses, registerWalletDevice, unregisterWalletDevice } from './wallet-passes.service.js';
import { PKPASS_TYPE } from './wallet.routes.js';

const tags = ['Apple Wallet web service'];
const security = [{ applePass: [] }];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const BASE = '/api/wallet/v1';

const ZDevice = z.object({
  deviceLibraryIdentifier: z.string().min(1).max(128).describe('The device’s own id, chosen by Wallet.'),
  passTypeIdentifier: z.string().min(1).max(200),
});
const ZRegistrationParams = ZDevice.extend({ serialNumber: z.string().min(1).max(40).describe('The member card number.') });
const ZPassParams = z.object({ passTypeIdentifier: z.string().min(1).max(200), serialNumber: z.string().min(1).max(40) });
const ZAuthorization = z.object({ authorization: z.string().optional().describe('`ApplePass <the pass’s authenticationToken>`') });

/** A device's log messages: enough for any real device, not a way to fill the log. */
const deviceLogPerIp: TRateRule = { name: 'wallet_device_log_ip', limit: 120, windowSeconds: 3600 };

/**
 * Apple's PassKit web service (F5.1), at the pass's `webServiceURL` + `/v1/…`: devices register
 * for updates with the pass's token, ask which passes changed, fetch the latest pass and report
 * errors. The paths and statuses are Apple's; without an Apple configuration every route is
 * `404 wallet_not_configured`.
 */
export const passWebServiceRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const passTypeId = () => {
      if (!ctx.config.wallet.apple) throw walletErrors.notConfigured('apple');
      return ctx.config.wallet.apple.passTypeId;
    };
    const authenticate = (params: { passTypeIdentifier: string; serialNumber: string }, authorization: string | undefined) =>
      authenticateWalletPass(ctx.db, { passTypeId: params.passTypeIdentifier, expectedPassTypeId: passTypeId(), serialNumber: params.serialNumber, authorization });

    app.post(`${BASE}/devices/:deviceLibraryIdentifier/registrations/:passTypeIdentifier/:serialNumber`, {
      schema: {
        tags,
        security,
        summary: 'A device asks to hear of the pass’s updates: 201 registered, 200 already registered, 401 wrong token',
        headers: ZAuthorization,
        params: ZRegistrationParams,
        body: z.object({ pushToken: z.string().min(1).max(200).describe('Where APNs would reach the device.') }),
        response: { 200: z.null(), 201: z.null(), 400: problem, 401: problem, 404: problem },
      },
      handler: async (request, reply) => {
        const { pass } = await authenticate(request.params, request.headers.authorization);
        const outcome = await registerWalletDevice(ctx.db, {
          pass,
          deviceLibraryId: request.params.deviceLibraryIdentifier,
          passTypeId: request.params.passTypeIdentifier,
          pushToken: request.body.pushToken,
        });
        return reply.status(outcome === 'created' ? 201 : 200).send(null);
      },
    });

    app.delete(`${BASE}/devices/:deviceLibraryIdentifier/registrations/:passTypeIdentifier/:serialNumber`, {
      schema: {
        tags,
        security,
        summary: 'The device removed the pass: it hears of no more updates (200; 401 wrong token)',
        headers: ZAuthorization,
        params: ZRegistrationParams,
        response: { 200: z.null(), 401: problem, 404: problem },
      },
      handler: async (request, reply) => {
        const { pass } = await authenticate(request.params, request.headers.authorization);
        await unregisterWalletDevice(ctx.db, { pass, deviceLibraryId: request.params.deviceLibraryIdentifier, passTypeId: request.params.passTypeIdentifier });
        return reply.status(200).send(null);
      },
    });

    app.get(`${BASE}/devices/:deviceLibraryIdentifier/registrations/:passTypeIdentifier`, {
      schema: {
        tags,
        summary: 'Which of the device’s passes changed since its last tag: their serial numbers and the new tag, or 204 when none did',
        params: ZDevice,
        querystring: z.object({
          passesUpdatedSince: z.iso.datetime().optional().describe('The `lastUpdated` tag of the previous answer; absent: every pass of the device.'),
        }),
        response: { 200: z.object({ serialNumbers: z.array(z.string()), lastUpdated: z.string() }), 204: z.null(), 400: problem, 404: problem },
      },
      handler: async (request, reply) => {
        passTypeId();
        const since = request.query.passesUpdatedSince ? new Date(request.query.passesUpdatedSince) : null;
        const updated = await listUpdatedWalletPasses(ctx.db, { deviceLibraryId: request.params.deviceLibraryIdentifier, passTypeId: request.params.passTypeIdentifier, since });
        return updated ? updated : reply.status(204).send(null);
      },
    });

    app.get(`${BASE}/passes/:passTypeIdentifier/:serialNumber`, {
      schema: {
        tags,
        security,
        summary: 'The latest version of a pass (304 when unchanged since If-Modified-Since; 401 wrong token)',
        headers: ZAuthorization.extend({ 'if-modified-since': z.string().optional().describe('The Last-Modified of the device’s copy.') }),
        params: ZPassParams,
        response: { 200: fileResponse(PKPASS_TYPE, 'The signed pass, with Last-Modified.'), 304: z.null(), 401: problem, 404: problem },
      },
      handler: async (request, reply) => {
        const latest = await getLatestApplePass(ctx, {
          passTypeId: request.params.passTypeIdentifier,
          serialNumber: request.params.serialNumber,
          authorization: request.headers.authorization,
          ifModifiedSince: request.headers['if-modified-since'],
        });
        reply.type(PKPASS_TYPE).header('last-modified', latest.lastModified.toUTCString()).header('cache-control', 'private, no-cache');
        return latest.notModified ? reply.status(304).send(null) : reply.send(latest.pkpass);
      },
    });

    app.post(`${BASE}/log`, {
      schema: {
        tags,
        summary: 'Devices report web service errors here: logged without card numbers, addresses or tokens',
        body: z.object({ logs: z.array(z.string().max(4000)).max(DEVICE_LOG_MAX_LINES) }),
        response: { 200: z.null(), 400: problem, 429: problem },
      },
      handler: async (request, reply) => {
        passTypeId();
        const decision = await ctx.rateLimiter.hit(deviceLogPerIp, request.ip);
        if (!decision.allowed) throw commonErrors.rateLimited(decision.retryAfterSeconds);
        for (const line of request.body.logs) request.log.warn({ walletDeviceLog: sanitiseDeviceLogLine(line) }, 'Apple Wallet device reported an error');
        return reply.status(200).send(null);
      },
    });
  };
