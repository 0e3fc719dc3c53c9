import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type TFieldError } from './app-error.js';
import { loggableError } from './loggable-error.js';
import { isDatabaseUnavailableError, postgresErrorCode } from './postgres-error.js';

type TProblem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: TFieldError[];
  requestId?: string;
};

const PROBLEM_TYPE_BASE = 'https://comptoir.dev/problems/';

/** What a 503 database_unavailable asks clients to wait: a restart or a failover takes seconds. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Fastify's own failures that are the client's fault, with the code clients switch on. */
const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; code: string; title: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', title: 'The body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', title: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', title: 'Send the body as application/json.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', title: 'The body is too large.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length', title: 'Content-Length does not match the body.' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'invalid_content_type', title: 'The Content-Type header is invalid.' },
};

/** PostgreSQL constraint failures that reach the handler are conflicts the client caused. */
const POSTGRES_ERRORS: Record<string, { status: number; code: string; title: string }> = {
  '23505': { status: 409, code: 'conflict', title: 'This conflicts with an existing record.' },
  '23503': { status: 422, code: 'invalid_reference', title: 'A referenced record does not exist.' },
  '23514': { status: 422, code: 'constraint_violated', title: 'A business rule refused this change.' },
};

/**
 * Failures of Fastify's router, before any hook or error handler runs (Fastify's
 * `frameworkErrors` option): a path whose percent-encoding is not UTF-8 (`%ED%A0%80`, a lone
 * surrogate) would otherwise get Fastify's own JSON, not a problem document.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_BAD_URL') return sendProblem(reply, problemOf('invalid_url', 400, 'The URL is not validly encoded.'));
  return sendProblem(reply, toProblem(error, request));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isDatabaseUnavailableError(error)) {
      // The database is restarting or unreachable: the client may retry in a moment, and the
      // process needs no restart (the driver reconnects). One line, no stack: it may be many.
      request.log.warn({ requestId: request.id }, 'database unavailable');
      return sendProblem(reply, problemOf('database_unavailable', 503, 'The service is briefly unavailable; try again in a moment.'), DATABASE_RETRY_AFTER_SECONDS);
    }
    const problem = toProblem(error, request);
    if (problem.status >= 500) {
      // Never the error itself: a failed query's message lists its parameters (loggable-error.ts).
      request.log.error({ err: loggableError(error), requestId: request.id }, 'request failed');
    }
    return sendProblem(reply, problem, error instanceof AppError ? error.retryAfterSeconds : undefined);
  });
  app.setNotFoundHandler((request, reply) =>
    // The path only: a mistyped link's query string may carry a token.
    sendProblem(reply, { ...problemOf('not_found', 404, 'Not found.'), instance: request.url.split('?')[0] ?? '/' }),
  );
}

function toProblem(error: FastifyError, request: FastifyRequest): TProblem {
  if (error instanceof AppError) {
    return {
      type: PROBLEM_TYPE_BASE + error.code,
      title: error.title,
      status: error.status,
      code: error.code,
      detail: error.detail ?? error.title,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.flatMap((issue) => {
      // `.strict()` objects report unknown fields together; name each one where it is, so a
      // client sees `cardNumber` (say) as the field it must not send.
      const unknownKeys = issue.keyword === 'unrecognized_keys' ? (issue.params as { keys?: unknown }).keys : undefined;
      if (Array.isArray(unknownKeys)) {
        return unknownKeys.map((key) => ({
          path: fieldPath(error.validationContext, `${issue.instancePath.replace(/\/$/, '')}/${String(key)}`),
          code: 'unknown_field',
          message: 'This field is not accepted here.',
        }));
      }
      return [
        {
          path: fieldPath(error.validationContext, issue.instancePath),
          code: issueCode(issue.keyword, issue.params, issue.message ?? ''),
          message: issue.message ?? 'Invalid value.',
        },
      ];
    });
    return problemOf('validation_failed', 400, 'The request has invalid fields.', {
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors,
    });
  }
  const known = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
  if (known) return problemOf(known.code, known.status, known.title, known.status === 413 ? { detail: bodyLimitDetail(request) } : {});
  const postgres = postgresErrorCode(error);
  if (postgres && POSTGRES_ERRORS[postgres]) {
    const mapped = POSTGRES_ERRORS[postgres];
    return problemOf(mapped.code, mapped.status, mapped.title);
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return problemOf('bad_request', error.statusCode, 'The request could not be processed.');
  }
  return {
    ...problemOf('internal_error', 500, 'Something went wrong on our side.', {
      detail: `Quote request id ${request.id} to the shop if this persists.`,
    }),
    requestId: String(request.id),
  };
}

/** Routes have their own limits (1 MB for JSON, 10 MB for a document's PDF): say which one applied. */
function bodyLimitDetail(request: FastifyRequest): string {
  const limit = request.routeOptions.bodyLimit;
  return limit ? `The body of this request may be at most ${Math.floor(limit / (1024 * 1024))} MB.` : 'The body is too large.';
}

/** Zod's issue code, or the stable code a refinement gave, or `required` for a missing field. */
function issueCode(keyword: string, params: Record<string, unknown> | undefined, message: string): string {
  const custom = (params?.params as { code?: unknown } | undefined)?.code;
  if (typeof custom === 'string') return custom;
  if (keyword === 'invalid_type' && /received undefined$/.test(message)) return 'required';
  return keyword;
}

function problemOf(code: string, status: number, title: string, extra: Partial<TProblem> = {}): TProblem {
  return { type: PROBLEM_TYPE_BASE + code, title, status, code, detail: title, ...extra };
}

/** `/email` in the body becomes `email`; query and path fields are named by where they came from. */
function fieldPath(context: string | undefined, instancePath: string): string {
  const field = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (!context || context === 'body') return field || 'body';
  const where = context === 'querystring' ? 'query' : context;
  return field ? `${where}.${field}` : where;
}

export function sendProblem(reply: FastifyReply, problem: TProblem, retryAfterSeconds?: number): FastifyReply {
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterSeconds))));
  return reply.status(problem.status).type('application/problem+json').send(problem);
}
