import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import * as french from '@zxcvbn-ts/language-fr';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's score 3: "safely unguessable", about 10^8 guesses or more. */
const MINIMUM_SCORE = 3;
/**
 * zxcvbn's matching grows with the length: 256 random characters cost seconds of CPU, which a
 * signed-out registration could ask for again and again. Only the first 64 characters are
 * estimated: when they are strong the whole is, when they are weak it is refused.
 */
const ESTIMATED_LENGTH = 64;

type TLocale = 'fr' | 'en';
type TStrengthResult = { ok: true } | { ok: false; reason: string };

let estimators: Record<TLocale, ZxcvbnFactory> | null = null;

// Building the estimators reads large dictionaries (~0.4 s): done once per process, on first use.
function estimatorFor(locale: TLocale): ZxcvbnFactory {
  if (!estimators) {
    const dictionary = { ...common.dictionary, ...english.dictionary, ...french.dictionary };
    const graphs = common.adjacencyGraphs;
    estimators = {
      fr: new ZxcvbnFactory({ dictionary, graphs, translations: french.translations, maxLength: ESTIMATED_LENGTH }),
      en: new ZxcvbnFactory({ dictionary, graphs, translations: english.translations, maxLength: ESTIMATED_LENGTH }),
    };
  }
  return estimators[locale];
}

/** Loads the dictionaries ahead of the first sign-up, so it is not the one that waits. */
export function warmPasswordStrengthEstimator(): void {
  estimatorFor('fr');
}

/**
 * Length bounds and a guessability estimate, no composition rules (NIST SP 800-63B).
 * `userInputs` (email, names) count as known words: "Dupont2024!" is weak for M. Dupont.
 */
export function checkPasswordStrength(
  password: string,
  options: { locale: TLocale; userInputs?: string[] },
): TStrengthResult {
  const fr = options.locale === 'fr';
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { ok: false, reason: fr ? `Au moins ${PASSWORD_MIN_LENGTH} caractères.` : `At least ${PASSWORD_MIN_LENGTH} characters.` };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { ok: false, reason: fr ? `Au plus ${PASSWORD_MAX_LENGTH} caractères.` : `At most ${PASSWORD_MAX_LENGTH} characters.` };
  }
  const inputs = (options.userInputs ?? []).flatMap((input) => input.toLowerCase().split(/[@.\s_-]+/)).filter((word) => word.length >= 3);
  const result = estimatorFor(options.locale).check(password, inputs);
  if (result.score >= MINIMUM_SCORE) return { ok: true };
  const generic = fr
    ? 'Ce mot de passe est trop facile à deviner : choisissez une phrase de plusieurs mots peu courants.'
    : 'This password is too easy to guess: choose a phrase of several uncommon words.';
  const hint = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
  return { ok: false, reason: hint ? `${generic} ${hint}` : generic };
}
