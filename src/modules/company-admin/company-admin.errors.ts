import { AppError, commonErrors } from '../../platform/errors/app-error.js';

export const companyAdminErrors = {
  notFound: () => commonErrors.notFound(),
  /** Same code and words as the CLI's (recoveryErrors.companyMerged). */
  companyMerged: (id: string, into: string | null) =>
    new AppError('company_merged', 409, `Company ${id} was merged into ${into ?? 'another company'}.`, {
      detail: 'Work on the company it was merged into.',
    }),
  unknownCustomer: (path: string) =>
    commonErrors.validationFailed([{ path, code: 'unknown_customer', message: 'No customer account has this address.' }]),
  otherMarket: () =>
    new AppError('company_other_market', 409, 'These companies belong to different markets.', {
      detail: 'A company stays in its market: merge duplicates of one market only.',
    }),
  forceNotAllowed: () =>
    new AppError('forbidden', 403, 'Only owners and administrators may name an administrator while the company still has one.'),
};
