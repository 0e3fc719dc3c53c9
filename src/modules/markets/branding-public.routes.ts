import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { assetVersion } from './branding.js';
import { defaultIconPng, type TIconSize } from './branding-icons.js';
import { ZPublicBranding } from './branding.schemas.js';
import { findMarketAsset, publicBranding } from './branding.service.js';
import type { TMarket } from './market-directory.js';
import { marketAssetKinds } from './markets.tables.js';

const tags = ['Branding'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();

const YEAR = 'public, max-age=31536000, immutable';
/** A URL without the current digest (an old `v`, or none) may change any time. */
const SHORT = 'public, max-age=300';
const ICON_FILES = { '32.png': 32, '180.png': 180, '192.png': 192, '512.png': 512 } as const satisfies Record<string, TIconSize>;

/** Images are never documents: nothing in them may run, load or be sniffed into another type. */
function sendImage(request: FastifyRequest, reply: FastifyReply, image: { bytes: Buffer; contentType: string; etag: string; cacheControl: string }) {
  reply
    .header('etag', image.etag)
    .header('cache-control', image.cacheControl)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'");
  if (request.headers['if-none-match'] === image.etag) return reply.status(304).send();
  return reply.type(image.contentType).send(image.bytes);
}

const etagOf = (value: string) => `"${value.slice(0, 32)}"`;

function iconImage(market: TMarket, size: TIconSize) {
  const bytes = defaultIconPng(market.branding.primaryColor, size);
  return { bytes, contentType: 'image/png', etag: etagOf(createHash('sha256').update(bytes).digest('hex')), cacheControl: SHORT };
}

/** The host's favicon: the uploaded one, else the icon drawn in its primary colour. */
async function favicon(ctx: TAppContext, market: TMarket) {
  const uploaded = market.assets.favicon ? await findMarketAsset(ctx, { marketId: market.id, kind: 'favicon' }) : undefined;
  if (uploaded) return { bytes: uploaded.data, contentType: uploaded.contentType, etag: etagOf(uploaded.sha256), cacheControl: SHORT };
  return iconImage(market, 32);
}

/** The web app manifest of a market's portal, or of the back office beneath it. */
function manifest(market: TMarket, app: 'portal' | 'backoffice') {
  const { branding } = market;
  const icons = (['192.png', '512.png'] as const).map((file) => ({
    src: `/branding/${market.id}/icons/${file}`,
    sizes: `${ICON_FILES[file]}x${ICON_FILES[file]}`,
    type: 'image/png',
    purpose: 'any',
  }));
  const base = app === 'portal' ? '/' : '/admin/';
  const name = app === 'portal' ? branding.shopName : `${branding.shopName} – back office`;
  return {
    name,
    short_name: (app === 'portal' ? branding.shopName : 'Back office').slice(0, 24),
    lang: market.defaultLocale,
    start_url: base,
    scope: base,
    display: 'standalone',
    theme_color: branding.accentColor,
    background_color: '#ffffff',
    icons,
  };
}

/** Public: every host serves its market's look, favicon and manifest; no session needed. */
export const brandingPublicRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/branding', {
      schema: {
        tags,
        summary: 'The look of this host’s market: shop name, colours, font, logo, favicon, links, legal mentions and languages',
        description: 'The market is the one of the request’s host. The portal reads it once at start.',
        response: { 200: ZPublicBranding },
      },
      handler: async (request) => publicBranding(request.market),
    });

    for (const kind of marketAssetKinds) {
      app.get(`/branding/:marketId/${kind}`, {
        schema: {
          hide: true,
          params: z.object({ marketId: z.string().min(1).max(64) }),
          querystring: z.object({ v: z.string().max(64).optional() }),
          response: { 404: problem },
        },
        handler: async (request, reply) => {
          const market = ctx.markets.byId(request.params.marketId);
          const asset = market?.assets[kind] ? await findMarketAsset(ctx, { marketId: market.id, kind }) : undefined;
          if (!asset) return reply.callNotFound();
          const current = request.query.v === assetVersion(asset.sha256);
          return sendImage(request, reply, { bytes: asset.data, contentType: asset.contentType, etag: etagOf(asset.sha256), cacheControl: current ? YEAR : SHORT });
        },
      });
    }

    app.get('/branding/:marketId/icons/:file', {
      schema: { hide: true, params: z.object({ marketId: z.string().min(1).max(64), file: z.enum(Object.keys(ICON_FILES) as (keyof typeof ICON_FILES)[]) }), response: { 404: problem } },
      handler: async (request, reply) => {
        const market = ctx.markets.byId(request.params.marketId);
        if (!market) return reply.callNotFound();
        return sendImage(request, reply, iconImage(market, ICON_FILES[request.params.file]));
      },
    });

    app.get('/favicon.ico', { schema: { hide: true } }, async (request, reply) => sendImage(request, reply, await favicon(ctx, request.market)));
    app.get('/apple-touch-icon.png', { schema: { hide: true } }, async (request, reply) => sendImage(request, reply, iconImage(request.market, 180)));
    app.get('/manifest.webmanifest', { schema: { hide: true } }, async (request, reply) =>
      reply.type('application/manifest+json').header('cache-control', SHORT).send(JSON.stringify(manifest(request.market, 'portal'))),
    );
    // The back office belongs to no market: it wears the default market's colours, on any host.
    app.get('/admin/favicon.ico', { schema: { hide: true } }, async (request, reply) => sendImage(request, reply, await favicon(ctx, ctx.markets.defaultMarket())));
    app.get('/admin/manifest.webmanifest', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('application/manifest+json').header('cache-control', SHORT).send(JSON.stringify(manifest(ctx.markets.defaultMarket(), 'backoffice'))),
    );
  };
