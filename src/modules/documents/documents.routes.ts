import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TAppContext } from '../../context.js';
import { guardWithCustomerSession, signedInCustomer } from '../auth/session-authentication.js';
import { ZMoney } from '../orders/orders.schemas.js';
import {
  ZCompanyDocumentParams,
  ZCompanyIdParams,
  ZDocumentDetail,
  ZDocumentIdParams,
  ZDocumentListQuery,
  ZDocumentSummary,
  ZOutstandingInvoice,
  ZPdfQuery,
  type TDocumentDetail,
} from './documents.schemas.js';
import {
  companyDocumentPdf,
  getCompanyDocument,
  getMyDocument,
  listCompanyDocuments,
  listMyDocuments,
  listOutstandingInvoices,
  myDocumentPdf,
} from './documents.service.js';

const tags = ['Documents'];
const problem = z.object({ type: z.string(), title: z.string(), status: z.number(), code: z.string() }).loose();
const ZPage = z.object({ items: z.array(ZDocumentSummary), nextCursor: z.string().nullable() });
const pdfResponse = z.any().describe('The PDF file (application/pdf).');

/** Sends a PDF: inline to view it, attachment with ?download=1; never cached by a shared proxy. */
function sendPdf(reply: FastifyReply, file: { document: TDocumentDetail; content: Buffer }, download: boolean): FastifyReply {
  const name = `${file.document.kind}-${file.document.number}`.replace(/[^A-Za-z0-9._-]+/g, '_');
  return reply
    .type('application/pdf')
    .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename="${name}.pdf"`)
    .header('cache-control', 'private, no-store')
    .send(file.content);
}

/** Invoices, quotes, purchase orders, credit notes and receipts, as customers and companies see them (F4.5, F4.6). */
export const documentsRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    guardWithCustomerSession(app, ctx);
    const caller = (request: Parameters<typeof signedInCustomer>[0]) => signedInCustomer(request).customer;

    app.get('/api/me/documents', {
      schema: {
        tags,
        summary: 'My documents, newest first; filter by kind and status',
        querystring: ZDocumentListQuery,
        response: { 200: ZPage, 400: problem, 401: problem },
      },
      handler: async (request) => listMyDocuments(ctx, { caller: caller(request), query: request.query }),
    });

    app.get('/api/me/documents/:documentId', {
      schema: {
        tags,
        summary: 'One of my documents with its lines, taxes and totals; 404 if not mine',
        params: ZDocumentIdParams,
        response: { 200: ZDocumentDetail, 401: problem, 404: problem },
      },
      handler: async (request) => getMyDocument(ctx, { caller: caller(request), documentId: request.params.documentId }),
    });

    app.get('/api/me/documents/:documentId/pdf', {
      schema: {
        tags,
        summary: 'The PDF of one of my documents: the store’s upload, or drawn by Comptoir in my language',
        params: ZDocumentIdParams,
        querystring: ZPdfQuery,
        produces: ['application/pdf'],
        response: { 200: pdfResponse, 401: problem, 404: problem },
      },
      handler: async (request, reply) =>
        sendPdf(reply, await myDocumentPdf(ctx, { caller: caller(request), documentId: request.params.documentId }), request.query.download === '1'),
    });

    app.get('/api/me/invoices/outstanding', {
      schema: {
        tags,
        summary: 'Open invoices: mine and my companies’ within my scope there, soonest due first, with totals per currency',
        description: 'A company invoice opens at /api/companies/{company.id}/documents/{id}.',
        response: { 200: z.object({ items: z.array(ZOutstandingInvoice), totals: z.array(ZMoney) }), 401: problem },
      },
      handler: async (request) => listOutstandingInvoices(ctx, { caller: caller(request) }),
    });

    app.get('/api/companies/:companyId/documents', {
      schema: {
        tags,
        summary: 'The company’s documents within my scope: administrators all, location administrators their locations’, others their own',
        params: ZCompanyIdParams,
        querystring: ZDocumentListQuery,
        response: { 200: ZPage, 400: problem, 401: problem, 404: problem },
      },
      handler: async (request) => listCompanyDocuments(ctx, { companyId: request.params.companyId, caller: caller(request), query: request.query }),
    });

    app.get('/api/companies/:companyId/documents/:documentId', {
      schema: {
        tags,
        summary: 'One company document within my scope; 404 otherwise',
        params: ZCompanyDocumentParams,
        response: { 200: ZDocumentDetail, 401: problem, 404: problem },
      },
      handler: async (request) => getCompanyDocument(ctx, { ...request.params, caller: caller(request) }),
    });

    app.get('/api/companies/:companyId/documents/:documentId/pdf', {
      schema: {
        tags,
        summary: 'The PDF of a company document within my scope',
        params: ZCompanyDocumentParams,
        querystring: ZPdfQuery,
        produces: ['application/pdf'],
        response: { 200: pdfResponse, 401: problem, 404: problem },
      },
      handler: async (request, reply) =>
        sendPdf(reply, await companyDocumentPdf(ctx, { ...request.params, caller: caller(request) }), request.query.download === '1'),
    });
  };
