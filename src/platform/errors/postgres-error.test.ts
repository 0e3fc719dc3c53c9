import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailableError } from './postgres-error.js';

describe('isDatabaseUnavailableError', () => {
  it('recognises a database that is down, restarting or full, through Drizzle’s wrapping', () => {
    const wrapped = (cause: object) => Object.assign(new Error('Failed query: select 1'), { cause });
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P03', '53300', '08006']) {
      expect(isDatabaseUnavailableError(wrapped(Object.assign(new Error(code), { code }))), code).toBe(true);
    }
  });

  it('leaves the client’s and the code’s own failures alone', () => {
    for (const code of ['23505', '23503', '42P01', '22P02', 'ERR_INVALID_ARG_TYPE']) {
      expect(isDatabaseUnavailableError(Object.assign(new Error(code), { code })), code).toBe(false);
    }
    expect(isDatabaseUnavailableError(new Error('no code'))).toBe(false);
    expect(isDatabaseUnavailableError(null)).toBe(false);
  });
});
