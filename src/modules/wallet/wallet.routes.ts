import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { fileResponse, ZWalletAvailabilities } from '../cards/cards.schemas.js';
import { getMyApplePass, getMyGoogleWalletLink, walletAvailability } from './wallet.service.js';

const tags = ['Member card'];
const security = [{ session: [] }];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();

export const PKPASS_TYPE = 'application/vnd.apple.pkpass';

/** The member card in the phone's wallet (F5.1): which wallets are offered, the Apple pass, the Google link. */
export const walletRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);
    // The pass and the link carry the card number and a pass token: never kept by a cache.
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('cache-control', 'private, no-store');
      return payload;
    });

    app.get('/api/me/card/wallet', {
      schema: {
        tags,
        security,
        summary: 'Which wallets my card can go in: a wallet the shop has not configured says `not_configured`',
        response: { 200: ZWalletAvailabilities, 401: problem },
      },
      handler: async () => walletAvailability(ctx.config),
    });

    app.get('/api/me/card/apple-pass', {
      schema: {
        tags,
        security,
        summary: 'My member card as an Apple Wallet pass (.pkpass): barcode, name and points, kept up to date by the pass web service',
        description: 'Each download carries a new pass token: a device holding an earlier download stops receiving updates until the pass is added again. `404 wallet_not_configured` when the shop has no pass certificate.',
        response: { 200: fileResponse(PKPASS_TYPE, 'The signed pass, as an attachment `carte-membre.pkpass`.'), 401: problem, 404: problem },
      },
      handler: async (request, reply) => {
        const pkpass = await getMyApplePass(ctx, signedInCustomer(request).customer);
        return reply.type(PKPASS_TYPE).header('content-disposition', 'attachment; filename="carte-membre.pkpass"').send(pkpass);
      },
    });

    app.get('/api/me/card/google-wallet-link', {
      schema: {
        tags,
        security,
        summary: 'A "save to Google Wallet" link for my member card (a JWT signed with the shop’s service account, made without calling Google)',
        description: '`404 wallet_not_configured` when the shop has no Google Wallet service account.',
        response: { 200: z.object({ url: z.string().describe('https://pay.google.com/gp/v/save/<jwt>') }), 401: problem, 404: problem },
      },
      handler: async (request) => getMyGoogleWalletLink(ctx, signedInCustomer(request).customer),
    });
  };
