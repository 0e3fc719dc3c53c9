import { describe, expect, it } from 'vitest';
import { cardNumberRange, escapeLike, searchTermsOf } from './search-terms.js';

describe('searchTermsOf', () => {
  it('joins digit groups typed with spaces, dots, dashes or slashes into one word', () => {
    expect(searchTermsOf('06 12 34 56 78')).toEqual(['0612345678']);
    expect(searchTermsOf('06.12.34-56/78')).toEqual(['0612345678']);
    expect(searchTermsOf('+33 6 12 34 56 78')).toEqual(['+33612345678']);
    expect(searchTermsOf('Dupont 12 34 56')).toEqual(['Dupont', '123456']);
    expect(searchTermsOf('FR 44 732 829 320')).toEqual(['FR', '44732829320']);
  });

  it('writes the international prefix 00 as +, as E.164 stores it', () => {
    expect(searchTermsOf('0033 6 12 34')).toEqual(['+3361234']);
    expect(searchTermsOf('0032470')).toEqual(['+32470']);
    expect(searchTermsOf('0012')).toEqual(['0012']);
  });

  it('keeps words apart, drops repeats and empty words, and keeps at most eight', () => {
    expect(searchTermsOf('  Boulangerie   Dupré  boulangerie ')).toEqual(['Boulangerie', 'Dupré', 'boulangerie']);
    expect(searchTermsOf('a a b')).toEqual(['a', 'b']);
    expect(searchTermsOf('+ ')).toEqual([]);
    expect(searchTermsOf(undefined)).toEqual([]);
    expect(searchTermsOf('a b c d e f g h i j')).toHaveLength(8);
  });
});

describe('escapeLike', () => {
  it('takes LIKE’s own characters literally', () => {
    expect(escapeLike('jean_d%\\')).toBe('jean\\_d\\%\\\\');
  });
});

describe('cardNumberRange', () => {
  it('is the range of 13-digit numbers starting with 4 to 13 digits', () => {
    expect(cardNumberRange('2987')).toEqual({ from: '2987000000000', to: '2987999999999' });
    expect(cardNumberRange('2987654321098')).toEqual({ from: '2987654321098', to: '2987654321098' });
    expect(cardNumberRange('298')).toBeNull();
    expect(cardNumberRange('29876543210981')).toBeNull();
    expect(cardNumberRange('+33612')).toBeNull();
  });
});
