import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { requestApiMarketId } from '../integration/api-key-authentication.js';
import { guardStoreIntegration } from '../integration/store-integration.js';
import { documentErrors, PDF_MAX_BYTES } from './documents.errors.js';
import { getIntegrationDocument, patchDocument, uploadDocumentPdf, upsertDocument } from './documents-ingestion.service.js';
import { ZDocumentIdParams, ZIntegrationDocument, ZPatchDocumentBody, ZUpsertDocumentBody } from './documents.schemas.js';

const tags = ['Store integration: documents'];
const security = [{ apiKey: [] }];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const ZWriteHeaders = z.object({
  'idempotency-key': z.string().optional().describe('Retrying with the same key and body answers the same; another body: 409.'),
});

/** Store integration (F4.5, F7.2): documents pushed as data, their status, and the store's own PDFs; in the key's market only (F1.8). */
export const documentsIntegrationRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardStoreIntegration(app, ctx);

    app.post('/api/integration/documents', {
      config: { scope: 'documents:write' },
      schema: {
        tags,
        security,
        summary: 'Create or update a document, identified by (kind, number) in the key’s market: 201 created, 200 updated',
        description:
          'With orderId the document takes the order’s customer, company and location (another customer: 422 customer_mismatch). Without, give customer and/or companyId. An invoice without dueAt is due after the location’s net days, else at issue. References that do not exist or do not fit are listed in one 422 invalid_reference.',
        headers: ZWriteHeaders,
        body: ZUpsertDocumentBody,
        response: { 200: ZIntegrationDocument, 201: ZIntegrationDocument, 400: problem, 401: problem, 403: problem, 409: problem, 422: problem },
      },
      handler: async (request, reply) => {
        const { document, created } = await upsertDocument(ctx, { marketId: requestApiMarketId(request), body: request.body });
        return reply.status(created ? 201 : 200).send(document);
      },
    });

    app.get('/api/integration/documents/:documentId', {
      config: { scope: 'documents:read' },
      schema: { tags, security, summary: 'A document’s ids, status and dates', params: ZDocumentIdParams, response: { 200: ZIntegrationDocument, 401: problem, 403: problem, 404: problem } },
      handler: async (request) => getIntegrationDocument(ctx, { marketId: requestApiMarketId(request), documentId: request.params.documentId }),
    });

    app.patch('/api/integration/documents/:documentId', {
      config: { scope: 'documents:write' },
      schema: {
        tags,
        security,
        summary: 'Change a document’s status, amount due, pay link or due date (paid sets paidAt, used sets usedAt)',
        headers: ZWriteHeaders,
        params: ZDocumentIdParams,
        body: ZPatchDocumentBody,
        response: { 200: ZIntegrationDocument, 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem },
      },
      handler: async (request) => patchDocument(ctx, { marketId: requestApiMarketId(request), documentId: request.params.documentId, changes: request.body }),
    });

    await app.register(pdfUploadRoute(ctx));
  };

/**
 * The upload in a plugin of its own, so that its raw-body parsers (application/pdf, and a
 * catch-all that answers 415) reach no other route.
 */
const pdfUploadRoute =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: PDF_MAX_BYTES }, (_request, body, done) => done(null, body));
    app.addContentTypeParser('*', (_request, _payload, done) => done(documentErrors.unsupportedPdfType()));

    app.put('/api/integration/documents/:documentId/pdf', {
      config: { scope: 'documents:write' },
      bodyLimit: PDF_MAX_BYTES,
      schema: {
        tags,
        security,
        summary: 'Upload the store’s own PDF of a document (raw bytes, Content-Type: application/pdf, at most 10 MB)',
        description: 'It replaces the PDF Comptoir would draw. 415 for another Content-Type, 422 not_a_pdf when the bytes do not start with %PDF-, 413 over 10 MB.',
        headers: ZWriteHeaders,
        params: ZDocumentIdParams,
        body: z.any().describe('The PDF file.'),
        consumes: ['application/pdf'],
        response: { 204: z.null(), 401: problem, 403: problem, 404: problem, 409: problem, 413: problem, 415: problem, 422: problem },
      },
      handler: async (request, reply) => {
        // A JSON body reaches here parsed by the inherited JSON parser: it is not a PDF upload.
        if (!Buffer.isBuffer(request.body)) throw documentErrors.unsupportedPdfType();
        await uploadDocumentPdf(ctx, { marketId: requestApiMarketId(request), documentId: request.params.documentId, content: request.body });
        return reply.status(204).send(null);
      },
    });
  };
