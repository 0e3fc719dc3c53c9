import { createRequire } from 'node:module';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type * as TCommonPack from '@zxcvbn-ts/language-common';
import type * as TEnglishPack from '@zxcvbn-ts/language-en';
import type * as TFrenchPack from '@zxcvbn-ts/language-fr';

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
type TTranslations = (typeof TEnglishPack)['translations'];
type TEstimator = { factory: ZxcvbnFactory; translations: Record<TLocale, TTranslations> };

let estimator: TEstimator | null = null;

/**
 * The dictionaries (about 400,000 words) take some 30 MB of heap once loaded and ranked, and
 * only sign-up, password changes and resets need them: they are loaded on the first check
 * (~0.4 s, once per process), not at start, so a server that only signs people in never holds
 * them. `require` keeps the check synchronous (it runs inside zod schemas). One factory serves
 * both languages: it answers with translation keys, read in the caller's language below,
 * instead of each language ranking the same words again.
 */
function loadEstimator(): TEstimator {
  if (!estimator) {
    const require = createRequire(import.meta.url);
    const common = require('@zxcvbn-ts/language-common') as typeof TCommonPack;
    const english = require('@zxcvbn-ts/language-en') as typeof TEnglishPack;
    const french = require('@zxcvbn-ts/language-fr') as typeof TFrenchPack;
    const dictionary = { ...common.dictionary, ...english.dictionary, ...french.dictionary };
    estimator = {
      factory: new ZxcvbnFactory({ dictionary, graphs: common.adjacencyGraphs, maxLength: ESTIMATED_LENGTH }),
      translations: { fr: french.translations, en: english.translations },
    };
  }
  return estimator;
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
  const { factory, translations } = loadEstimator();
  const result = factory.check(password, inputs);
  if (result.score >= MINIMUM_SCORE) return { ok: true };
  const generic = fr
    ? 'Ce mot de passe est trop facile à deviner : choisissez une phrase de plusieurs mots peu courants.'
    : 'This password is too easy to guess: choose a phrase of several uncommon words.';
  // Without translations, zxcvbn's feedback is made of the keys of its translation tables.
  const words = translations[options.locale];
  const warning = result.feedback.warning ? words.warnings[result.feedback.warning as keyof TTranslations['warnings']] : null;
  const suggestions = result.feedback.suggestions.map((key) => words.suggestions[key as keyof TTranslations['suggestions']]);
  const hint = [warning, ...suggestions].filter(Boolean).join(' ');
  return { ok: false, reason: hint ? `${generic} ${hint}` : generic };
}
