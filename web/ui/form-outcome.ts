import type { ApiResult } from './api';
import { problemToFormErrors, type FormErrors } from './form-errors';

/**
 * What the shared form helpers say, in the app's language: the portal's and the back office's
 * common messages both have these. `forbidden` is for apps whose pages can be out of a role's
 * reach (the back office); without it, a 403 falls through to the server's own words.
 */
export type CommonMessages = {
  fieldsToFix: string;
  networkError: string;
  unexpected: string;
  forbidden?: string;
  tooManyRequests: (seconds: number | null) => string;
  required: { email: string; password: string; code: string };
  invalidEmail: string;
  passwordTooShort: string;
  codeFormat: string;
};

export type Failure = Extract<ApiResult<unknown>, { ok: false }>;

/** The sentence for failures every page treats alike; pages handle their own codes first. */
export function describeFailure(failure: Failure, t: CommonMessages): string {
  if (failure.status === 0) return t.networkError;
  if (failure.status === 429) return t.tooManyRequests(failure.retryAfterSeconds);
  if (failure.status === 403 && failure.problem.code === 'forbidden' && t.forbidden) return t.forbidden;
  if (failure.problem.errors?.length) return t.fieldsToFix;
  // The server writes detail in the Accept-Language we sent, so it can be shown as is.
  return failure.problem.detail || failure.problem.title || t.unexpected;
}

export function failureToFormErrors(failure: Failure, fieldNames: readonly string[], t: CommonMessages): FormErrors {
  return problemToFormErrors(failure.problem, fieldNames, describeFailure(failure, t));
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/** Only the checks that spare a round trip; the server remains the judge of what is valid. */
export function checkEmail(email: string, t: CommonMessages): string | undefined {
  if (!email) return t.required.email;
  if (!EMAIL_SHAPE.test(email)) return t.invalidEmail;
  return undefined;
}

export function checkNewPassword(password: string, t: CommonMessages): string | undefined {
  if (!password) return t.required.password;
  if ([...password].length < 12) return t.passwordTooShort;
  return undefined;
}

/** Authenticator codes are shown in groups ("123 456"): spaces are dropped before the check. */
export function normaliseCode(value: string): string {
  return value.replace(/\s+/g, '');
}

export function checkCode(code: string, t: CommonMessages): string | undefined {
  if (!code) return t.required.code;
  if (!/^\d{6}$/.test(code)) return t.codeFormat;
  return undefined;
}

/** Keeps the defined messages; a form with none left is valid. */
export function fieldErrors(entries: Record<string, string | undefined>, t: CommonMessages): FormErrors | null {
  const fields: Record<string, string> = {};
  for (const [name, message] of Object.entries(entries)) if (message) fields[name] = message;
  return Object.keys(fields).length ? { fields, message: t.fieldsToFix } : null;
}

export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
