import { AppError } from '../../platform/errors/app-error.js';

/** The import's refusals of a whole file; bad lines are a report, not an error. */
export const customerCsvErrors = {
  unsupportedMediaType: () =>
    new AppError('unsupported_media_type', 415, 'Send the file as text/csv.', {
      detail: 'The body must be the CSV file itself, with Content-Type: text/csv (UTF-8).',
    }),
  invalidEncoding: () =>
    new AppError('invalid_encoding', 400, 'The file is not UTF-8.', {
      detail: 'Save the file as “CSV UTF-8” (Excel) or export it again from the other platform.',
      errors: [{ path: 'body', code: 'invalid_encoding', message: 'Save the file as CSV UTF-8.' }],
    }),
  emptyFile: () =>
    new AppError('empty_file', 400, 'The file is empty.', {
      errors: [{ path: 'body', code: 'empty_file', message: 'The file has no header line.' }],
    }),
  invalidCsv: (line: number, message: string) =>
    new AppError('invalid_csv', 400, 'The file is not valid CSV.', {
      detail: `Line ${line}: ${message}`,
      errors: [{ path: 'body', code: 'unterminated_quote', message: `Line ${line}: ${message}` }],
    }),
  missingColumn: (header: string) =>
    new AppError('missing_column', 400, 'The file has no email column.', {
      detail: `The header line must name a column “${header}”: is this the format chosen?`,
      errors: [{ path: 'body', code: 'missing_column', message: `No “${header}” column in the header line.` }],
    }),
  /** Someone created one of the file's addresses while it was being imported: nothing was written. */
  concurrentChange: () =>
    new AppError('import_conflict', 409, 'Customers changed during the import; nothing was imported.', {
      detail: 'Run the import again: it is idempotent.',
    }),
};
