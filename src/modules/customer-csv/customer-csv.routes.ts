import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TAppContext } from '../../context.js';
import { requestMeta } from '../../platform/http/request-meta.js';
import { staffProblem as problem, staffTags as tags } from '../staff/staff-auth.routes.js';
import { requireStaff, requireStaffPermission, signedInStaff } from '../staff/staff-authentication.js';
import { customerCsvErrors } from './customer-csv.errors.js';
import { ZExportQuery, ZImportQuery, ZImportRefused, ZImportReport, ZImportResult } from './customer-csv.schemas.js';
import { exportCompaniesCsv, exportCustomersCsv, exportFileName } from './customer-export.service.js';
import { checkCustomerImport, importCustomers } from './customer-import.service.js';

const security = [{ staffSession: [] }];
const csvResponse = z.any().describe('The CSV file (text/csv; charset=utf-8, with a byte order mark).');
const denied = { 401: problem, 403: problem };

/** A Shopify export of 100,000 customers is about 20 MB. */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
const CSV_MEDIA_TYPES = ['text/csv', 'application/csv'];

const mediaTypeOf = (request: FastifyRequest) => String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/** Back office: CSV import of customers and streamed CSV exports (F6.5). */
export const customerCsvRoutes =
  (ctx: TAppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.addHook('preHandler', requireStaff(ctx));

    // Scoped to this plugin: the file arrives as the body itself, UTF-8 with or without BOM.
    app.addContentTypeParser(CSV_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => {
      try {
        done(null, new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body as Buffer));
      } catch {
        done(customerCsvErrors.invalidEncoding());
      }
    });

    app.post('/api/staff/imports/customers', {
      schema: {
        tags,
        security,
        summary: 'Import customers into a market from CSV (Shopify or Comptoir format): a dry run by default; dryRun=false imports, all or nothing, idempotent on email within the market',
        description: 'The body is the file itself (`Content-Type: text/csv`, UTF-8, at most 50 MB, comma or semicolon separated).',
        consumes: ['text/csv'],
        querystring: ZImportQuery,
        response: { 200: ZImportReport.or(ZImportResult), 400: problem, ...denied, 409: problem, 413: problem, 415: problem, 422: ZImportRefused },
      },
      bodyLimit: IMPORT_MAX_BYTES,
      // Who may send a 50 MB body is settled before it is read.
      onRequest: [
        requireStaff(ctx),
        requireStaffPermission('imports.run'),
        async (request) => {
          if (!CSV_MEDIA_TYPES.includes(mediaTypeOf(request))) throw customerCsvErrors.unsupportedMediaType();
        },
      ],
      handler: async (request, reply) => {
        if (typeof request.body !== 'string' || request.body.trim() === '') throw customerCsvErrors.emptyFile();
        const options = {
          actor: signedInStaff(request),
          format: request.query.format,
          marketId: request.query.marketId,
          text: request.body,
          dryRun: request.query.dryRun,
          meta: requestMeta(request),
        };
        if (options.dryRun) return checkCustomerImport(ctx, options);
        const outcome = await importCustomers(ctx, options);
        if (outcome.kind === 'imported') return outcome.result;
        const { invalidCount } = outcome.report;
        return reply
          .status(422)
          .type('application/problem+json')
          .send({
            type: 'https://comptoir.dev/problems/invalid_lines',
            title: 'Some lines are invalid; nothing was imported.',
            status: 422,
            code: 'invalid_lines',
            detail: `${invalidCount} line(s) must be corrected first: see report.invalid.`,
            report: outcome.report,
          });
      },
    });

    app.get('/api/staff/exports/customers.csv', {
      schema: {
        tags,
        security,
        summary: 'Every customer (of a market, with ?market=) as CSV in Comptoir’s import format, with their market’s code, streamed (UTF-8 with BOM)',
        produces: ['text/csv'],
        querystring: ZExportQuery,
        response: { 200: csvResponse, 400: problem, ...denied },
      },
      preHandler: requireStaffPermission('exports.run'),
      handler: async (request, reply) => {
        const stream = await exportCustomersCsv({ ctx, actor: signedInStaff(request), meta: requestMeta(request), market: request.query.market });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${exportFileName('customers')}"`)
          .header('cache-control', 'no-store')
          .send(stream);
      },
    });

    app.get('/api/staff/exports/companies.csv', {
      schema: {
        tags,
        security,
        summary: 'Every company (of a market, with ?market=) as CSV with its member and location counts and market code, streamed (UTF-8 with BOM)',
        produces: ['text/csv'],
        querystring: ZExportQuery,
        response: { 200: csvResponse, 400: problem, ...denied },
      },
      preHandler: requireStaffPermission('exports.run'),
      handler: async (request, reply) => {
        const stream = await exportCompaniesCsv({ ctx, actor: signedInStaff(request), meta: requestMeta(request), market: request.query.market });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${exportFileName('companies')}"`)
          .header('cache-control', 'no-store')
          .send(stream);
      },
    });
  };
