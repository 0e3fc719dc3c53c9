import { postgresErrorCode } from './postgres-error.js';

export type TLoggedError = {
  type: string;
  message?: string;
  code?: string;
  query?: string;
  constraint?: string;
  table?: string;
  column?: string;
  stack?: string[];
  cause?: TLoggedError;
};

/**
 * What a log may say about an error. Drizzle's query errors put every bound parameter in their
 * message ("params: claire@example.fr,Claire,…" — addresses, names, password hashes), and
 * PostgreSQL's messages and details quote the values they refuse; pino's error serializer would
 * copy all of it. Database errors are therefore logged by their SQL text (placeholders only),
 * SQLSTATE and the names of the constraint, table and column; their message never. The stack
 * keeps its frames without the message lines it starts with.
 */
export function loggableError(error: unknown, depth = 0): TLoggedError {
  if (!(error instanceof Error)) return { type: typeof error };
  const fields = error as Error & { query?: unknown; code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; constraint_name?: unknown; table_name?: unknown; column_name?: unknown };
  const fromDatabase = typeof fields.query === 'string' || postgresErrorCode(error) !== undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  // DrizzleQueryError keeps the name `Error`: its class says more.
  const logged: TLoggedError = { type: error.name === 'Error' ? error.constructor.name : error.name };
  if (!fromDatabase) logged.message = error.message;
  const code = text(fields.code);
  if (code) logged.code = code;
  const query = text(fields.query);
  if (query) logged.query = query;
  const constraint = text(fields.constraint) ?? text(fields.constraint_name);
  if (constraint) logged.constraint = constraint;
  const table = text(fields.table) ?? text(fields.table_name);
  if (table) logged.table = table;
  const column = text(fields.column) ?? text(fields.column_name);
  if (column) logged.column = column;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).map((line) => line.trim());
  if (frames.length > 0) logged.stack = frames;
  if (error.cause !== undefined && depth < 3) logged.cause = loggableError(error.cause, depth + 1);
  return logged;
}
