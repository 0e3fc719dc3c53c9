import { randomInt } from 'node:crypto';

/** GS1 "restricted circulation" prefix: numbers for use inside one business, never on products. */
export const CARD_PREFIX = '29';
const CARD_NUMBER_PATTERN = /^29[0-9]{11}$/;

/** The EAN-13 check digit of 12 digits: weights 1 and 3 from the left, rounded up to ten. */
export function ean13CheckDigit(twelveDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(twelveDigits[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** A new random card number: `29`, ten digits from the CSPRNG, the check digit. */
export function newCardNumber(): string {
  let body = CARD_PREFIX;
  for (let i = 0; i < 10; i += 1) body += String(randomInt(0, 10));
  return `${body}${ean13CheckDigit(body)}`;
}

/** Spaces and dashes a person or a scanner may add are dropped: `2900 1234 5678 9` → 13 digits. */
export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** Thirteen digits, our prefix, and a check digit that matches: catches any single mistyped digit. */
export function isValidCardNumber(input: string): boolean {
  const number = normalizeCardNumber(input);
  return CARD_NUMBER_PATTERN.test(number) && ean13CheckDigit(number.slice(0, 12)) === Number(number[12]);
}

/** `2901 2345 6789 0`: grouped by four for reading aloud at the till. */
export function formatCardNumber(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, '$1 ');
}
