import { AppError, type TFieldError } from '../../platform/errors/app-error.js';

export const ordersErrors = {
  /** Also someone else's order or return: its existence is not revealed. */
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  /**
   * A pushed order that names a company, location or customer that do not fit together.
   * Every such field is listed; `code` is the first one's.
   */
  refusedReferences: (errors: TFieldError[]) =>
    new AppError(errors[0]?.code ?? 'invalid_reference', 422, 'The order names records that do not fit together.', {
      detail: errors.map((error) => `${error.path}: ${error.message}`).join('; '),
      errors,
    }),
  linesHaveReturns: (positions: number[]) =>
    new AppError('lines_have_returns', 409, 'Lines that a return points at cannot be removed.', {
      detail: `Keep the lines at positions ${positions.join(', ')} (0-based): customers have asked to return them.`,
    }),
  approvalAlreadyDecided: () =>
    new AppError('approval_already_decided', 409, 'This order was already approved or refused in Comptoir.', {
      detail: 'Push the status that followed the decision (open or refused), not pending_approval.',
    }),
  notPendingApproval: () =>
    new AppError('not_pending_approval', 409, 'This order is not waiting for approval.', {
      detail: 'Only orders with the status pending_approval can be approved or refused.',
    }),
  orderNotReturnable: () =>
    new AppError('order_not_returnable', 409, 'This order cannot be returned.', {
      detail: 'Only open or completed orders can have lines returned.',
    }),
  returnLinesRefused: (errors: TFieldError[]) =>
    new AppError(errors[0]?.code ?? 'quantity_exceeds_returnable', 422, 'Some lines cannot be returned in these quantities.', {
      detail: errors.map((error) => `${error.path}: ${error.message}`).join('; '),
      errors,
    }),
  returnNotCancellable: () =>
    new AppError('return_not_cancellable', 409, 'This return can no longer be cancelled.', {
      detail: 'A return can be cancelled only while it is requested, before the shop answers.',
    }),
  invalidTransition: (from: string, to: string, allowed: readonly string[]) =>
    new AppError('invalid_transition', 409, `A return cannot go from ${from} to ${to}.`, {
      detail: allowed.length > 0 ? `From ${from} it may go to: ${allowed.join(', ')}.` : `${from} is final.`,
    }),
};
