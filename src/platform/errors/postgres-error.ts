/** The SQLSTATE of a database error; Drizzle wraps driver errors, so it may be on a cause. */
export function postgresErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Deleting a row that others still reference: 23503 for a NO ACTION foreign key, 23001
 * (restrict_violation) for ON DELETE RESTRICT, which history tables (orders, documents) use.
 */
export function isStillReferencedError(error: unknown): boolean {
  const code = postgresErrorCode(error);
  return code === '23503' || code === '23001';
}

/** postgres.js's own codes when a connection is lost, ends or cannot be opened in time. */
const DRIVER_CONNECTION_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
/** The socket's: nothing listens, the server went away, or its name does not resolve (yet). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * SQLSTATEs of a server that is stopping, starting or full: admin_shutdown (57P01),
 * crash_shutdown (57P02), cannot_connect_now (57P03), too_many_connections (53300), and
 * class 08 (connection exception).
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * Whether the database could not be reached, rather than refused what was asked: the request
 * may succeed when retried a moment later (503 with Retry-After, never a 500). Drizzle wraps
 * the driver's error, so causes are followed.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (DRIVER_CONNECTION_CODES.has(code) || SOCKET_CODES.has(code) || UNAVAILABLE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
