import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { renderBarcodeSvg, renderCardPng, renderQrSvg } from './card-images.js';
import { walletAvailability } from '../wallet/wallet.service.js';
import { fileResponse, ZMyCardPage } from './cards.schemas.js';
import { CARD_PATHS, getMyCard } from './cards.service.js';

const tags = ['Member card'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const security = [{ session: [] }];

/** The member card page's API (F5.1): number, barcode, QR code and a downloadable image. */
export const cardsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);
    // The number identifies the member at the till: never kept by a browser or proxy cache.
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('cache-control', 'private, no-store');
      return payload;
    });
    const myCard = (request: Parameters<typeof signedInCustomer>[0]) => getMyCard(ctx.db, signedInCustomer(request).customer);

    app.get(CARD_PATHS.card, {
      schema: {
        tags,
        security,
        summary: 'My member card: its number, points, where to get its barcode, QR code and image, and which wallets it can go in (issued now if I have none)',
        response: { 200: ZMyCardPage, 401: problem },
      },
      handler: async (request) => ({ ...(await myCard(request)), wallet: walletAvailability(ctx.config) }),
    });

    app.get(CARD_PATHS.barcode, {
      schema: { tags, security, summary: 'My card number as a Code 128 barcode (SVG)', response: { 200: fileResponse('image/svg+xml', 'Code 128 barcode.'), 401: problem } },
      handler: async (request, reply) => sendSvg(reply, await renderBarcodeSvg((await myCard(request)).number)),
    });

    app.get(CARD_PATHS.qr, {
      schema: { tags, security, summary: 'My card number as a QR code (SVG)', response: { 200: fileResponse('image/svg+xml', 'QR code.'), 401: problem } },
      handler: async (request, reply) => sendSvg(reply, await renderQrSvg((await myCard(request)).number)),
    });

    app.get(CARD_PATHS.image, {
      schema: {
        tags,
        security,
        summary: 'My member card as a PNG image to download (shop name, my name, barcode and number)',
        response: { 200: fileResponse('image/png', 'The card, as an attachment `carte-membre.png`.'), 401: problem },
      },
      handler: async (request, reply) => {
        const card = await myCard(request);
        const png = await renderCardPng({ number: card.number, holderName: card.holderName, shopName: ctx.markets.get(signedInCustomer(request).customer.marketId).branding.shopName });
        return reply.type('image/png').header('content-disposition', 'attachment; filename="carte-membre.png"').send(png);
      },
    });
  };

function sendSvg(reply: FastifyReply, svg: string): FastifyReply {
  return reply.type('image/svg+xml; charset=utf-8').send(svg);
}
