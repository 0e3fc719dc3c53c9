/**
 * RFC 4180 CSV, read and written, with what spreadsheets add to it: a UTF-8 byte order mark,
 * semicolons where the decimal separator is a comma (French Excel), bare CR or LF line ends.
 * Pure, no I/O: a few dozen lines instead of a dependency, and each record knows the line of
 * the file it starts on (a quoted cell may hold line breaks), which the import report needs.
 */

export type TCsvRecord = {
  /** The line of the file the record starts on, the header being line 1. */
  line: number;
  cells: string[];
};

export type TCsvParseResult =
  | { ok: true; separator: ',' | ';'; records: TCsvRecord[] }
  | { ok: false; line: number; code: 'unterminated_quote'; message: string };

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Comma or semicolon, whichever the first line (outside quotes) holds more of; comma on a tie. */
export function detectSeparator(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/** Strips the UTF-8 byte order mark Excel writes. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Every record of the text, empty lines skipped. Lenient where RFC 4180 is strict and nothing
 * is ambiguous (a quote inside an unquoted cell is kept as a character); an unterminated quoted
 * cell is refused, since it would swallow the rest of the file.
 */
export function parseCsv(text: string, separator: ',' | ';' = detectSeparator(text)): TCsvParseResult {
  const sep = separator.charCodeAt(0);
  const records: TCsvRecord[] = [];
  const length = text.length;
  let line = 1;
  let i = 0;
  while (i < length) {
    const recordLine = line;
    const cells: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let cell = '';
      if (text.charCodeAt(i) === QUOTE) {
        const openedOn = line;
        i += 1;
        for (;;) {
          const next = text.indexOf('"', i);
          if (next === -1) {
            return { ok: false, line: openedOn, code: 'unterminated_quote', message: 'A quoted cell opened here is never closed.' };
          }
          const chunk = text.slice(i, next);
          line += countLineBreaks(chunk);
          cell += chunk;
          if (text.charCodeAt(next + 1) === QUOTE) {
            cell += '"';
            i = next + 2;
          } else {
            i = next + 1;
            break;
          }
        }
        // Characters between the closing quote and the separator: kept, as spreadsheets do.
        while (i < length) {
          const code = text.charCodeAt(i);
          if (code === sep || code === CR || code === LF) break;
          cell += text[i];
          i += 1;
        }
      } else {
        const start = i;
        while (i < length) {
          const code = text.charCodeAt(i);
          if (code === sep || code === CR || code === LF) break;
          i += 1;
        }
        cell = text.slice(start, i);
      }
      cells.push(cell);
      if (i >= length) {
        endOfRecord = true;
      } else if (text.charCodeAt(i) === sep) {
        i += 1;
        // A separator at the very end of the text still ends a cell: one more, empty.
        if (i >= length) {
          cells.push('');
          endOfRecord = true;
        }
      } else {
        // CR LF, LF or a bare CR.
        if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i += 2;
        else i += 1;
        line += 1;
        endOfRecord = true;
      }
    }
    if (cells.length > 1 || cells[0] !== '') records.push({ line: recordLine, cells });
  }
  return { ok: true, separator, records };
}

function countLineBreaks(chunk: string): number {
  let count = 0;
  for (let j = 0; j < chunk.length; j += 1) {
    const code = chunk.charCodeAt(j);
    if (code === LF) count += 1;
    else if (code === CR && chunk.charCodeAt(j + 1) !== LF) count += 1;
  }
  return count;
}

/**
 * Cells a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @, and tab or CR,
 * which some spreadsheets skip before looking. Written with a leading apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: neutralised against formulas, quoted when it must be. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line, comma-separated, ended by CR LF (RFC 4180). */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/**
 * A cell read back: the apostrophe written before a would-be formula (ours, or Shopify's before
 * phone numbers and postal codes with leading zeros) is taken off.
 */
export function unguardCell(value: string): string {
  return value.charCodeAt(0) === 39 && /^'[=+\-@\t\r0-9]/.test(value) ? value.slice(1) : value;
}
