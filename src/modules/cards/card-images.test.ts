import { describe, expect, it } from 'vitest';
import { cardText, renderBarcodeSvg, renderCardPng, renderQrSvg } from './card-images.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('member card images', () => {
  it.each([
    ['Hélène Dupré-Élan', 'Helene Dupre-Elan'],
    ['Søren Œuvray', 'Soren OEuvray'],
    ['  Anne   Marie ', 'Anne Marie'],
    ['李 Wei', '? Wei'],
    ['A'.repeat(60), `${'A'.repeat(39)}.`],
  ])('cardText(%j) is %j: printable ASCII that the barcode fonts can draw', (input, expected) => {
    expect(cardText(input)).toBe(expected);
  });

  it('the barcode and QR code are SVG documents without text nodes (the number is drawn as paths)', async () => {
    for (const svg of [await renderBarcodeSvg('2901234567896'), await renderQrSvg('2901234567896')]) {
      expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      expect(svg).not.toMatch(/<text|<script/);
    }
  });

  it('the card image is a PNG', async () => {
    const png = await renderCardPng({ number: '2901234567896', shopName: 'La Belle Épicerie', holderName: 'Hélène Dupré' });
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    // IHDR: wider than tall, like a card.
    expect(png.readUInt32BE(16)).toBeGreaterThan(png.readUInt32BE(20));
  });
});
