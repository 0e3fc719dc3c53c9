import type { TCustomerRow } from '../customers/customers.tables.js';
import type { TAccountApprovalMode } from './shop-settings.tables.js';

export type TAccountType = TCustomerRow['accountType'];
export type TApprovalDecision = 'approve' | 'refuse';

/** `business` holds every account type but `individual`: professional, company, public body, association. */
export function approvalStatusForNewAccount(mode: TAccountApprovalMode, accountType: TAccountType): 'approved' | 'pending' {
  if (mode === 'all') return 'pending';
  if (mode === 'business' && accountType !== 'individual') return 'pending';
  return 'approved';
}

/**
 * What a decision does to an account in a given state:
 * - `decide`: a pending account, or a refused one approved again with `reconsider` (the
 *   explicit second look: without it, an approval racing a refusal would silently undo it);
 * - `unchanged`: the account is already where the decision would put it (two staff clicking the
 *   same button at once both succeed; one email, one audit row);
 * - `conflict`: anything else (`409 already_decided`): refusing an approved account (disable it
 *   instead), or approving a refused one without `reconsider`.
 */
export function decisionOutcome(
  current: TCustomerRow['approvalStatus'],
  decision: TApprovalDecision,
  options: { reconsider: boolean },
): 'decide' | 'unchanged' | 'conflict' {
  const target = decision === 'approve' ? 'approved' : 'refused';
  if (current === target) return 'unchanged';
  if (current === 'pending') return 'decide';
  if (current === 'refused' && decision === 'approve' && options.reconsider) return 'decide';
  return 'conflict';
}
