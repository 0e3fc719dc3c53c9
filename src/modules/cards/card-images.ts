import type bwipjs from 'bwip-js';
import { formatCardNumber } from './card-number.rules.js';

/**
 * The card as tills and phones read it. bwip-js draws everything, text included, with its own
 * vector fonts: the SVGs hold no text nodes and the PNG needs no system font or canvas. It holds
 * some 3 MB of memory once loaded: loaded with the first image, not at start.
 */
const loadBwip = async () => (await import('bwip-js')).default;

/** Code 128 packs 13 digits into 8 symbol characters (set C): short enough for any scanner. */
export async function renderBarcodeSvg(number: string): Promise<string> {
  return (await loadBwip()).toSVG({
    bcid: 'code128',
    text: number,
    height: 14,
    includetext: true,
    alttext: formatCardNumber(number),
    textxalign: 'center',
    paddingwidth: 6,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
  });
}

/** A QR code of the bare number, for phone-to-till scanning where 2D readers are used. */
export async function renderQrSvg(number: string): Promise<string> {
  return (await loadBwip()).toSVG({ bcid: 'qrcode', text: number, eclevel: 'M', padding: 4, backgroundcolor: 'FFFFFF' } as bwipjs.RenderOptions);
}

/**
 * The downloadable card: shop name, holder's name, the barcode and the grouped number, on white.
 * BWIPP's extra text lines (`extratext`, `text3`) draw the two names above the bars.
 */
export async function renderCardPng(card: { number: string; shopName: string; holderName: string }): Promise<Buffer> {
  return (await loadBwip()).toBuffer({
    bcid: 'code128',
    text: card.number,
    scale: 3,
    height: 16,
    includetext: true,
    alttext: formatCardNumber(card.number),
    textxalign: 'center',
    textsize: 11,
    extratext: cardText(card.shopName).toUpperCase(),
    extratextxalign: 'center',
    extratextyalign: 'above',
    extratextsize: 13,
    extratextyoffset: 9,
    text3: cardText(card.holderName),
    text3xalign: 'center',
    text3yalign: 'above',
    text3size: 10,
    text3yoffset: 2,
    paddingwidth: 16,
    paddingheight: 12,
    backgroundcolor: 'FFFFFF',
  } as bwipjs.RenderOptions);
}

const MAX_CARD_TEXT = 40;
/** Letters with no decomposition that NFD cannot strip to ASCII. */
const FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D' };

/**
 * bwip-js's fonts draw printable ASCII only: accents are folded (`Hélène` → `Helene`), anything
 * else left becomes `?` rather than a silent gap, and long text is cut to fit a card.
 */
export function cardText(text: string): string {
  const folded = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, (char) => FOLDS[char] ?? '?')
    .replace(/\s+/g, ' ')
    .trim();
  return folded.length > MAX_CARD_TEXT ? `${folded.slice(0, MAX_CARD_TEXT - 1)}.` : folded;
}
