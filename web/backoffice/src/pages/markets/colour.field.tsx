import { useId } from 'react';
import type { BrandingMessages } from './market-branding.messages';

// The WCAG 2.x contrast the server checks (src/platform/mail/brand-style.ts), worked out as the
// colour is typed so that staff see the ratio before the server refuses it.

const HEX = /^#[0-9a-f]{6}$/i;
const MIN_TEXT_CONTRAST = 4.5;
const WHITE = '#ffffff';
const DARK_TEXT = '#111111';

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const channel = parseInt(hex.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastRatio(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

/** Rounded down as the server does, so 4.499 never shows as an acceptable 4.50. */
const formatRatio = (ratio: number) => `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;

/** primary: against the white page (and white text on it); accent: its best text colour on it. */
export function colourContrast(kind: 'primary' | 'accent', colour: string): { ratio: number; shown: string; darkText: boolean } {
  const darkText = kind === 'accent' && contrastRatio(colour, DARK_TEXT) > contrastRatio(colour, WHITE);
  const ratio = contrastRatio(colour, darkText ? DARK_TEXT : WHITE);
  return { ratio, shown: formatRatio(ratio), darkText };
}

type ColourFieldProps = {
  kind: 'primary' | 'accent';
  label: string;
  hint: string;
  name: string;
  value: string;
  /** What applies while the field is empty (the environment's or the primary colour). */
  fallback: string;
  onChange: (value: string) => void;
  error: string | undefined;
  disabled: boolean;
  t: BrandingMessages;
};

/**
 * A colour as its hex text (what is sent, and what a keyboard or screen reader user types) with
 * the browser's picker beside it, and the contrast the server will measure.
 */
export function ColourField({ kind, label, hint, name, value, fallback, onChange, error, disabled, t }: ColourFieldProps) {
  const id = useId();
  const shown = value.trim() === '' ? fallback : value.trim();
  const valid = HEX.test(shown);
  const contrast = valid ? colourContrast(kind, shown) : null;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : '', `${id}-ratio`].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field colour-field field--invalid' : 'field colour-field'}>
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      <div className="colour-field__inputs">
        <input
          type="color"
          aria-label={t.fields.pick(label)}
          value={valid ? shown.toLowerCase() : '#000000'}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
        />
        <input
          id={id}
          name={name}
          type="text"
          value={value}
          placeholder={fallback}
          autoComplete="off"
          spellCheck={false}
          maxLength={7}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
      <p id={`${id}-ratio`} className="colour-field__ratio" aria-live="polite">
        {contrast
          ? `${kind === 'primary' ? t.contrast.primary(contrast.shown) : t.contrast.accent(contrast.shown, contrast.darkText)} — ${contrast.ratio >= MIN_TEXT_CONTRAST ? t.contrast.enough : t.contrast.tooLow}`
          : t.contrast.notAColour}
      </p>
    </div>
  );
}
