import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { staffProblem as problem, staffTags as tags } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import { brandingErrors } from './branding.errors.js';
import { isEmailPreviewTemplate, listEmailPreviews, renderEmailPreview } from './branding-email-previews.js';
import { brandingPublicRoutes } from './branding-public.routes.js';
import { ZBrandingBody, ZMarketBranding, ZMarketIdParams } from './branding.schemas.js';
import { marketBrandingView, staffMarket, updateMarketBranding } from './branding.service.js';
import { acceptedTypes, ASSET_MAX_BYTES, normalizeImageType } from './market-assets.rules.js';
import { deleteMarketAsset, uploadMarketAsset } from './market-assets.service.js';
import { marketAssetKinds, marketLocales } from './markets.tables.js';

const security = [{ staffSession: [] }];
const denied = { 401: problem, 403: problem };
const brandingRules =
  'Every bad field is listed at once (400): shopName and senderName one line of at most 100 characters; colours #rrggbb, primaryColor at least 4.5:1 against white, accentColor with white or dark text at least 4.5:1 (the measured ratio is in the message, code low_contrast); font one of the list; replyTo an address; legal.siren 9 digits with its check digit, legal.rcs like "RCS Paris 552 100 554" with the same SIREN, legal.vatNumber FR… or BE…; links absolute http(s) URLs.';

/** Branding of the markets (F7.5): the public routes every host serves, and the staff's under /api/staff/markets. */
export const brandingRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(brandingPublicRoutes(ctx));
    await app.register(brandingStaffRoutes(ctx));
    await app.register(assetUploadRoutes(ctx));
  };

const brandingStaffRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    if (!app.hasRequestDecorator('staffAuth')) app.decorateRequest('staffAuth', null);
    app.addHook('preHandler', requireStaff(ctx));

    app.get('/api/staff/markets/:marketId/branding', {
      schema: {
        tags,
        security,
        summary: 'A market’s branding: the stored document, what applies (with the environment’s defaults) and its images',
        params: ZMarketIdParams,
        response: { 200: ZMarketBranding, ...denied, 404: problem },
      },
      handler: async (request) => marketBrandingView(staffMarket(ctx, signedInStaff(request), request.params.marketId)),
    });

    app.put('/api/staff/markets/:marketId/branding', {
      schema: {
        tags,
        security,
        summary: 'Replace a market’s branding document (audited market.branding_updated with the fields that changed)',
        description: `Written whole: a field left out follows the environment (SHOP_NAME, BRAND_COLOR, MAIL_FROM…). ${brandingRules}`,
        params: ZMarketIdParams,
        body: ZBrandingBody,
        response: { 200: ZMarketBranding, 400: problem, ...denied, 404: problem },
      },
      preHandler: requireStaffPermission('markets.manage'),
      handler: async (request) =>
        updateMarketBranding(ctx, { actor: signedInStaff(request), marketId: request.params.marketId, body: request.body, meta: requestMeta(request) }),
    });

    for (const kind of marketAssetKinds) {
      app.delete(`/api/staff/markets/:marketId/${kind}`, {
        schema: {
          tags,
          security,
          summary: `Remove a market’s ${kind} (audited market.asset_deleted); removing none changes nothing`,
          params: ZMarketIdParams,
          response: { 200: ZMarketBranding, ...denied, 404: problem },
        },
        preHandler: requireStaffPermission('markets.manage'),
        handler: async (request) => deleteMarketAsset(ctx, { actor: signedInStaff(request), marketId: request.params.marketId, kind, meta: requestMeta(request) }),
      });
    }

    app.get('/api/staff/markets/:marketId/email-previews', {
      schema: {
        tags,
        security,
        summary: 'Every email the server sends, to preview with a market’s branding',
        params: ZMarketIdParams,
        response: { 200: z.object({ items: z.array(z.object({ template: z.string(), description: z.object({ fr: z.string(), en: z.string() }) })) }), ...denied, 404: problem },
      },
      handler: async (request) => {
        staffMarket(ctx, signedInStaff(request), request.params.marketId);
        return { items: listEmailPreviews() };
      },
    });

    app.get('/api/staff/markets/:marketId/email-previews/:template', {
      schema: {
        tags,
        security,
        summary: 'One email drawn with sample data and the market’s branding, in French or English',
        description: 'Show `html` in a sandboxed frame (sandbox="" and srcdoc): it is an email, not a page of the back office.',
        params: ZMarketIdParams.extend({ template: z.string().min(1).max(64) }),
        querystring: z.object({ locale: z.enum(marketLocales).default('fr') }),
        response: {
          200: z.object({ subject: z.string(), html: z.string(), text: z.string(), from: z.string(), replyTo: z.string().nullable() }),
          400: problem,
          ...denied,
          404: problem,
        },
      },
      handler: async (request) => {
        const market = staffMarket(ctx, signedInStaff(request), request.params.marketId);
        if (!isEmailPreviewTemplate(request.params.template)) throw brandingErrors.unknownTemplate();
        return renderEmailPreview(market, request.params.template, request.query.locale);
      },
    });
  };

const imageTypes = [...new Set([...acceptedTypes.logo, ...acceptedTypes.favicon, 'image/vnd.microsoft.icon'])];

/**
 * The uploads in a plugin of their own, so that their raw-body parsers (images, and a catch-all
 * answering 415) reach no other route. The parser's limit is a little above the image limit,
 * so that an image just over it gets the service's 413 naming the limit in KB.
 */
const assetUploadRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    if (!app.hasRequestDecorator('staffAuth')) app.decorateRequest('staffAuth', null);
    app.addContentTypeParser(imageTypes, { parseAs: 'buffer', bodyLimit: ASSET_MAX_BYTES * 2 }, (_request, body, done) => done(null, body));
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ASSET_MAX_BYTES * 2 }, (_request, body, done) => done(null, body));
    app.addHook('preHandler', requireStaff(ctx));

    for (const kind of marketAssetKinds) {
      app.put(`/api/staff/markets/:marketId/${kind}`, {
        bodyLimit: ASSET_MAX_BYTES * 2,
        schema: {
          tags,
          security,
          summary: `Upload a market’s ${kind}: the raw image, ${acceptedTypes[kind].join(', ')}, at most 512 KB and 2048 px (audited market.asset_uploaded)`,
          description:
            '415 for another Content-Type; 413 over 512 KB; 422 image_type_mismatch when the bytes are not of the declared type, image_unreadable when the size cannot be read, image_too_many_pixels over 2048 px.',
          params: ZMarketIdParams,
          body: z.any().describe('The image file.'),
          consumes: [...acceptedTypes[kind]],
          response: { 200: ZMarketBranding, ...denied, 404: problem, 413: problem, 415: problem, 422: problem },
        },
        preHandler: requireStaffPermission('markets.manage'),
        handler: async (request) => {
          const declaredType = normalizeImageType(request.headers['content-type']);
          // A JSON body reaches here parsed by the inherited JSON parser: it is no image.
          if (!Buffer.isBuffer(request.body)) throw brandingErrors.unsupportedImageType(acceptedTypes[kind]);
          const bytes = request.body;
          return uploadMarketAsset(ctx, { actor: signedInStaff(request), marketId: request.params.marketId, kind, declaredType, bytes, meta: requestMeta(request) });
        },
      });
    }
  };
