import { AppError, commonErrors, type TFieldError } from '../../platform/errors/app-error.js';

/** Colleagues and invitations (F3.2–F3.4). */
export const membersErrors = {
  /** Also a colleague of another company, or an invitation of another company: existence not revealed. */
  notFound: () => commonErrors.notFound(),
  lastAdmin: (companyName: string) =>
    new AppError('last_admin', 409, 'A company always keeps at least one administrator.', {
      detail: `This would leave ${companyName} without an administrator. Make another colleague administrator first.`,
    }),
  invitationPending: () =>
    new AppError('invitation_pending', 409, 'This address already has a pending invitation to this company.', {
      detail: 'Send the pending invitation again, or revoke it before inviting again.',
    }),
  alreadyMember: () =>
    new AppError('already_member', 409, 'This person is already a colleague in this company.', {
      detail: 'Change their role in the list of colleagues instead.',
    }),
  consumerAccount: () =>
    new AppError('consumer_account', 409, 'This address is already used by a personal customer account.', {
      detail:
        'This shop keeps personal and business accounts apart: invite your colleague at their work address, or ask them to change the address of their personal account first.',
    }),
  invalidInvitation: () =>
    new AppError('invalid_token', 400, 'This invitation is invalid, has expired, was revoked or was already used.', {
      detail: 'Ask an administrator of the company to send you a new invitation.',
    }),
  invitationForAnotherAddress: () =>
    new AppError('invitation_for_another_address', 403, 'This invitation was sent to another email address.', {
      detail: 'Sign out, then open the link again to accept it with the address it was sent to.',
    }),
  namesRequired: (errors: TFieldError[]) => commonErrors.validationFailed(errors),
  unknownLocations: (errors: TFieldError[]) => commonErrors.validationFailed(errors),
};
