import { z } from 'zod';
import { staffProblem } from '../staff/staff-auth.routes.js';
import { importFormats } from './customer-csv.formats.js';

export const ZImportQuery = z.object({
  format: z.enum(importFormats).describe('shopify: Shopify’s customer export (classic or newer headers); comptoir: Comptoir’s own, as the customers export writes it.'),
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true')
    .describe('true (default): check and report, write nothing. false: import, only if no line is bad.'),
  marketId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('The market the accounts go to (F1.8); default: the default market. An address already in that market is updated, never duplicated.'),
});

export const ZExportQuery = z.object({
  market: z.string().trim().min(1).max(64).optional().describe('A market’s id or code: only its rows. Members limited to some markets get theirs only.'),
});

const ZLineError = z.object({
  field: z.string().describe('The column, as the file’s header names it.'),
  code: z.string().describe('invalid_email, duplicate_email, required, invalid_phone, not_a_mobile_number, unknown_country, invalid_postal_code, invalid_consent, invalid_date, invalid_locale, invalid_gender, invalid_account_type, too_long…'),
  message: z.string(),
});

export const ZImportReport = z.object({
  format: z.enum(importFormats),
  marketId: z.string(),
  dryRun: z.literal(true),
  rows: z.number().int().describe('Lines after the header, empty lines aside.'),
  valid: z.number().int(),
  invalid: z
    .array(z.object({ line: z.number().int().describe('Line of the file the record starts on; the header is line 1.'), errors: z.array(ZLineError) }))
    .describe('Every bad line (the first 1,000), each with every bad cell.'),
  invalidTruncated: z.boolean(),
  invalidCount: z.number().int(),
  wouldCreate: z.number().int(),
  wouldUpdate: z.number().int(),
  wouldLeaveUnchanged: z.number().int(),
});

export const ZImportResult = z.object({
  format: z.enum(importFormats),
  marketId: z.string(),
  dryRun: z.literal(false),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  consentsRecorded: z.number().int(),
  addressesCreated: z.number().int(),
  notesCreated: z.number().int(),
});

/** 422 invalid_lines: the problem document carries the dry run's report. */
export const ZImportRefused = staffProblem.extend({ report: ZImportReport });
