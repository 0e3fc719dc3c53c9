import { parseRetryAfter, readCookie, type ApiResult, type Problem } from '../../../ui/api';
import { activeLocale } from '../../../ui/i18n';
import { STAFF_CSRF_COOKIE } from '../backoffice-api';

export type ImportFormat = 'shopify' | 'comptoir';

export type ImportLineError = { field: string; code: string; message: string };

export type ImportReport = {
  format: ImportFormat;
  dryRun: true;
  rows: number;
  valid: number;
  invalid: { line: number; errors: ImportLineError[] }[];
  invalidTruncated: boolean;
  invalidCount: number;
  wouldCreate: number;
  wouldUpdate: number;
  wouldLeaveUnchanged: number;
};

export type ImportResult = {
  format: ImportFormat;
  dryRun: false;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  consentsRecorded: number;
  addressesCreated: number;
  notesCreated: number;
};

/** A refused import (422 invalid_lines) carries the dry run's report. */
export type ImportProblem = Problem & { report?: ImportReport };

export const CUSTOMERS_EXPORT_URL = '/api/staff/exports/customers.csv';
export const COMPANIES_EXPORT_URL = '/api/staff/exports/companies.csv';

/**
 * The file goes as the body itself (text/csv), not JSON: the shared client only speaks JSON,
 * so this call sets the staff CSRF header the way it does.
 */
async function sendCustomersFile<T>(file: File, format: ImportFormat, dryRun: boolean, marketId: string): Promise<ApiResult<T>> {
  const headers = new Headers({ Accept: 'application/json', 'Accept-Language': activeLocale(), 'Content-Type': 'text/csv' });
  const csrf = readCookie(STAFF_CSRF_COOKIE);
  if (csrf) headers.set('X-CSRF-Token', csrf);
  let response: Response;
  try {
    response = await fetch(`/api/staff/imports/customers?format=${format}&dryRun=${dryRun}${marketId ? `&marketId=${encodeURIComponent(marketId)}` : ''}`, { method: 'POST', headers, body: file, credentials: 'same-origin' });
  } catch {
    return { ok: false, status: 0, problem: { type: 'about:blank', title: 'Network error', status: 0, code: 'network_error' }, retryAfterSeconds: null };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.ok && body) return { ok: true, status: response.status, data: body as T };
  const problem: ImportProblem =
    body && typeof (body as Problem).code === 'string'
      ? (body as ImportProblem)
      : { type: 'about:blank', title: response.statusText, status: response.status, code: 'unexpected_response' };
  return { ok: false, status: response.status, problem, retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')) };
}

/** The dry run: every line checked, nothing written. */
/** `marketId` empty: the default market. */
export const checkCustomersFile = (file: File, format: ImportFormat, marketId = '') => sendCustomersFile<ImportReport>(file, format, true, marketId);

/** The import itself: all or nothing; 422 with the report when a line is bad. */
export const importCustomersFile = (file: File, format: ImportFormat, marketId = '') => sendCustomersFile<ImportResult>(file, format, false, marketId);
