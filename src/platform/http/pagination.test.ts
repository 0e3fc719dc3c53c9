import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { decodeCursor, encodeCursor, pageOf } from './pagination.js';

describe('cursors', () => {
  it('give back the id they wrap', () => {
    fc.assert(
      fc.property(fc.constantFrom('cus', 'eml', 'ses'), fc.date({ noInvalidDate: true, min: new Date(0) }), (prefix, date) => {
        const id = newId(prefix, date.getTime());
        expect(decodeCursor(encodeCursor(id))).toBe(id);
      }),
    );
  });

  it('refuse anything the API did not make with a validation error on query.cursor', () => {
    for (const garbage of ['%%%', 'bm90IGpzb24', Buffer.from('{"after":1}').toString('base64url')]) {
      expect(() => decodeCursor(garbage)).toThrow(AppError);
    }
  });

  it('pageOf trims the look-ahead row and points at the last item kept', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(pageOf(rows, 2)).toEqual({ items: [{ id: 'a' }, { id: 'b' }], nextCursor: encodeCursor('b') });
    expect(pageOf(rows, 3)).toEqual({ items: rows, nextCursor: null });
  });
});
