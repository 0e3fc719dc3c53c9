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
