// Colours and fonts a shop may brand its pages, emails and PDFs with. Shared by the email
// layout, the portal's branding and the check staff's choices go through before saving.

/**
 * Font stacks of fonts already on the reader's device: nothing is fetched from a font service
 * (no request that tells a third party who opened an email, no licence to manage).
 */
export const brandFontStacks = {
  system: "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif",
  humanist: "'Seravek','Gill Sans Nova',Ubuntu,Calibri,'DejaVu Sans',source-sans-pro,sans-serif",
  geometric: "Avenir,Montserrat,Corbel,'URW Gothic',source-sans-pro,sans-serif",
  serif: "Charter,'Bitstream Charter','Sitka Text',Cambria,Georgia,serif",
  rounded: "ui-rounded,'Hiragino Maru Gothic ProN',Quicksand,Comfortaa,Manjari,'Arial Rounded MT',Calibri,sans-serif",
} as const;
export type TBrandFont = keyof typeof brandFontStacks;
export const brandFonts = Object.keys(brandFontStacks) as TBrandFont[];

/** WCAG 2.x: the least contrast of normal-size text with its background. */
export const MIN_TEXT_CONTRAST = 4.5;
export const WHITE = '#ffffff';
/** The dark text colour put on pale brand colours. */
export const DARK_TEXT = '#111111';

/** `#abc` or `#aabbcc` in lower case as `#aabbcc`; null for anything else. */
export function normalizeHexColor(value: string): string | null {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!match?.[1]) return null;
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join('') : match[1];
  return `#${hex.toLowerCase()}`;
}

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const channel = parseInt(hex.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

/** White or dark text, whichever reads better on the colour. */
export function textColorOn(background: string): string {
  return contrastRatio(background, WHITE) >= contrastRatio(background, DARK_TEXT) ? WHITE : DARK_TEXT;
}

/** A ratio as people read it: 4.48:1 (two decimals, rounded down so 4.499 never shows as 4.50). */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;
}

/** A darker shade for hover states: each channel scaled by `factor`. */
export function darken(hex: string, factor = 0.8): string {
  const channels = [1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * factor));
  return `#${channels.map((value) => value.toString(16).padStart(2, '0')).join('')}`;
}
