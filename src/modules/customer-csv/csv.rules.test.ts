import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, detectSeparator, parseCsv, stripBom, unguardCell } from './csv.rules.js';

describe('parseCsv', () => {
  it('reads RFC 4180: quoted separators, doubled quotes, line breaks inside quotes, each record with the line it starts on', () => {
    const parsed = parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"one\ntwo\r\nthree",z\n\n3,,\n');
    expect(parsed).toEqual({
      ok: true,
      separator: ',',
      records: [
        { line: 1, cells: ['a', 'b', 'c'] },
        { line: 2, cells: ['1', 'x, y', 'say "hi"'] },
        { line: 3, cells: ['2', 'one\ntwo\r\nthree', 'z'] },
        { line: 7, cells: ['3', '', ''] },
      ],
    });
  });

  it('takes semicolons when the header holds more of them, and bare CR line ends', () => {
    const text = 'email;name\rA@x.fr;"Dupont, Jean"\r';
    expect(detectSeparator(text)).toBe(';');
    expect(parseCsv(text)).toMatchObject({ ok: true, records: [{ line: 1, cells: ['email', 'name'] }, { line: 2, cells: ['A@x.fr', 'Dupont, Jean'] }] });
  });

  it('keeps a last line without a line end, and refuses a quote never closed, naming its line', () => {
    expect(parseCsv('a\n1')).toMatchObject({ ok: true, records: [{ cells: ['a'] }, { line: 2, cells: ['1'] }] });
    expect(parseCsv('a,b\n1,2\n3,"open\n4,5\n')).toEqual({ ok: false, line: 3, code: 'unterminated_quote', message: expect.any(String) });
  });

  it('strips the byte order mark', () => {
    expect(stripBom('\uFEFFemail')).toBe('email');
    expect(stripBom('email')).toBe('email');
  });
});

describe('csvCell', () => {
  it('prefixes cells a spreadsheet would run as formulas with an apostrophe (OWASP), and quotes when needed', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+33612345678')).toBe("'+33612345678");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('=A1,"B"')).toBe(`"'=A1,""B"""`);
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
    expect(csvLine(['a', null, 'b'])).toBe('a,,b\r\n');
  });

  it('reads back what it wrote: the guard apostrophe comes off, and Shopify’s before digits too', () => {
    for (const value of ['=1+1', '+33612345678', '-x', '@me']) expect(unguardCell(csvCell(value))).toBe(value);
    expect(unguardCell("'75011")).toBe('75011');
    expect(unguardCell("'Tis")).toBe("'Tis");
  });
});
