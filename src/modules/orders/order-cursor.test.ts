import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { decodeKeysetCursor, encodeKeysetCursor, keysetPage } from './order-cursor.js';

describe('keyset cursors', () => {
  it('round-trips any timestamp and id', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (at) => {
        const id = newId('ord', at.getTime());
        expect(decodeKeysetCursor(encodeKeysetCursor({ at, id }))).toEqual({ at, id });
      }),
    );
  });

  it('no cursor is the first page', () => {
    expect(decodeKeysetCursor(undefined)).toBeNull();
    expect(decodeKeysetCursor('')).toBeNull();
  });

  it.each([
    ['not base64', '%%%'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['the plain id cursor of other lists', Buffer.from(JSON.stringify({ after: newId('ord') })).toString('base64url')],
    ['a bad date', Buffer.from(JSON.stringify({ t: '2024-13-45T00:00:00.000Z', i: newId('ord') })).toString('base64url')],
    ['an id of no known shape', Buffer.from(JSON.stringify({ t: '2024-01-01T00:00:00.000Z', i: "x' or 1=1" })).toString('base64url')],
  ])('refuses %s with 400 invalid_cursor', (_label, cursor) => {
    expect(() => decodeKeysetCursor(cursor)).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ code: 'invalid_cursor' })] }));
  });

  it('keysetPage gives a cursor only when a row beyond the limit exists', () => {
    const rows = [1, 2, 3].map((n) => ({ at: new Date(n * 1000), id: newId('ord') }));
    expect(keysetPage(rows, 3, (row) => row).nextCursor).toBeNull();
    const page = keysetPage(rows, 2, (row) => row);
    expect(page.items).toHaveLength(2);
    expect(decodeKeysetCursor(page.nextCursor ?? undefined)).toEqual(rows[1]);
  });
});
