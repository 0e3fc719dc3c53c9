import { AppError, commonErrors, type TFieldError } from '../../platform/errors/app-error.js';

export const addressErrors = {
  /** Also another customer's address: its existence is not revealed. */
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  invalidAddress: (errors: TFieldError[]) => commonErrors.validationFailed(errors),
  tooManyAddresses: (max: number) =>
    new AppError('too_many_addresses', 422, `An account holds at most ${max} delivery addresses.`, {
      detail: `Delete a delivery address you no longer use before adding another (at most ${max}).`,
    }),
  billingAddressExists: () =>
    new AppError('billing_address_exists', 409, 'This account already has a billing address.', {
      detail: 'An account has one billing address: change it instead of adding another.',
    }),
  billingAddressRequired: () =>
    new AppError('billing_address_required', 422, 'Add a billing address first.'),
  billingAddressInUse: () =>
    new AppError('billing_address_in_use', 409, 'The delivery addresses of this account share this billing address.', {
      detail: 'Delete the delivery addresses first, or change the billing address instead of deleting it.',
    }),
  notADeliveryAddress: () =>
    new AppError('not_a_delivery_address', 422, 'Only a delivery address can be the default one.'),
};
