/** More words than this in one search box is a pasted paragraph, not a search. */
export const MAX_SEARCH_TERMS = 8;

/**
 * The words of a back-office search, each to be found somewhere in a record (F6.2).
 *
 * Phone numbers, SIRETs and card numbers are typed in groups ("06 12 34 56 78", "+33 6 12…",
 * "123 456 789 00012"), but stored as one run of digits: digit groups separated by spaces,
 * dots, dashes or slashes are joined into one word first. The international prefix `00` is
 * written `+`, as E.164 stores it. Folding (case, accents) is left to `comptoir_fold` in SQL,
 * so the query and the stored text are folded by one and the same function.
 */
export function searchTermsOf(q: string | undefined): string[] {
  if (!q) return [];
  const joined = q.replace(/(\d)[\s./-]+(?=\d)/g, '$1');
  const terms = joined
    .split(/\s+/)
    .map((term) => term.replace(/^00(3[0-9]|4[0-9])(?=\d)/, '+$1'))
    .filter((term) => term !== '' && term !== '+');
  return [...new Set(terms)].slice(0, MAX_SEARCH_TERMS);
}

/** `%`, `_` and `\` are LIKE's own characters: a search for "jean_d" means those characters. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Member card numbers: 13 digits. */
export const CARD_NUMBER_DIGITS = 13;
/** Fewer digits than this are too common a start to look for among the cards. */
export const CARD_PREFIX_MIN_DIGITS = 4;

/**
 * Card numbers are found by their beginning, as printed and as typed from the card: the range
 * of numbers starting with these digits, which the cards' primary key serves (all numbers have
 * 13 digits, so the range is exact). Null when the word cannot be the start of a card number.
 */
export function cardNumberRange(term: string): { from: string; to: string } | null {
  if (!new RegExp(`^\\d{${CARD_PREFIX_MIN_DIGITS},${CARD_NUMBER_DIGITS}}$`).test(term)) return null;
  return { from: term.padEnd(CARD_NUMBER_DIGITS, '0'), to: term.padEnd(CARD_NUMBER_DIGITS, '9') };
}
