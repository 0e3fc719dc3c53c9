import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ean13CheckDigit, formatCardNumber, isValidCardNumber, newCardNumber, normalizeCardNumber } from './card-number.rules.js';

const body = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 }).map((digits) => `29${digits.join('')}`);
const cardNumber = body.map((twelve) => `${twelve}${ean13CheckDigit(twelve)}`);

describe('member card numbers (EAN-13 check digit)', () => {
  it.each([
    ['400638133393', 1],
    ['590123412345', 7],
    ['290000000000', 1],
  ])('ean13CheckDigit(%s) is %i, as GS1 computes it', (twelve, digit) => {
    expect(ean13CheckDigit(twelve)).toBe(digit);
  });

  it('every new number is 13 digits, starts with 29 and is valid', () => {
    for (let i = 0; i < 200; i += 1) {
      const number = newCardNumber();
      expect(number).toMatch(/^29\d{11}$/);
      expect(isValidCardNumber(number)).toBe(true);
    }
  });

  it('property: any single mistyped digit is detected', () => {
    fc.assert(
      fc.property(cardNumber, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (number, position, shift) => {
        const typo = (Number(number[position]) + shift) % 10;
        const mistyped = `${number.slice(0, position)}${typo}${number.slice(position + 1)}`;
        // A typo in the prefix makes it no card of ours; anywhere else the check digit catches it.
        expect(isValidCardNumber(mistyped)).toBe(false);
      }),
    );
  });

  it('property: spaces and dashes added by a person or a scanner are ignored, and the grouped form reads back', () => {
    fc.assert(
      fc.property(cardNumber, (number) => {
        expect(isValidCardNumber(formatCardNumber(number))).toBe(true);
        expect(normalizeCardNumber(formatCardNumber(number).replaceAll(' ', '-'))).toBe(number);
        expect(formatCardNumber(number)).toMatch(/^\d{4} \d{4} \d{4} \d$/);
      }),
    );
  });

  it.each(['', '29', '2900000000001x', '290000000000010', '3900000000001', '2900000000002', '29000000000 0 1 extra'])('%j is not a card number', (input) => {
    expect(isValidCardNumber(input)).toBe(false);
  });
});
