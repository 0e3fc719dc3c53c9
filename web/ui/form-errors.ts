import { useEffect, type RefObject } from 'react';
import type { Problem } from './api';

export type FormErrors = {
  /** Message per field name (the problem's `path`). */
  fields: Record<string, string>;
  /** A sentence for the whole form, shown in the alert region. */
  message: string | null;
};

export const NO_ERRORS: FormErrors = { fields: {}, message: null };

/**
 * Spreads a problem over the form: issues whose path is a field of this form go next to it,
 * the rest (and the general sentence) go to the alert.
 */
export function problemToFormErrors(problem: Problem, fieldNames: readonly string[], message: string): FormErrors {
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of problem.errors ?? []) {
    const field = issue.path.split('.')[0] ?? issue.path;
    if (fieldNames.includes(field)) fields[field] ??= issue.message;
    else unplaced.push(issue.message);
  }
  return { fields, message: [message, ...unplaced].join(' ') };
}

/** Sends the keyboard to the first invalid field, where its error is read with its label. */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, errors: FormErrors): void {
  useEffect(() => {
    if (Object.keys(errors.fields).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, errors]);
}
