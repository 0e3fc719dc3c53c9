import { AppError, commonErrors, type TFieldError } from '../../platform/errors/app-error.js';

export const locationErrors = {
  /** Also a location of another company: its existence is not revealed. */
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  lastLocation: () =>
    new AppError('last_location', 409, 'A company keeps at least one location.', {
      detail: 'Add another location before deleting this one, or rename it instead.',
    }),
  hasHistory: () =>
    new AppError('location_has_history', 409, 'A location with orders or documents cannot be deleted.', {
      detail: 'Its orders and invoices are kept for the accounts; rename the location instead.',
    }),
  invalidAddress: (errors: TFieldError[]) => commonErrors.validationFailed(errors),
  billingAddressExists: () =>
    new AppError('billing_address_exists', 409, 'This location already has a billing address.', {
      detail: 'A location has one billing address: change it instead of adding another.',
    }),
  tooManyAddresses: (max: number) =>
    new AppError('too_many_addresses', 422, `A location holds at most ${max} delivery addresses.`),
  notADeliveryAddress: () => new AppError('not_a_delivery_address', 422, 'Only a delivery address can be the default one.'),
  requestAlreadyDecided: () =>
    new AppError('request_already_decided', 409, 'This request was already approved, refused or cancelled.'),
  addressGone: () =>
    new AppError('address_gone', 409, 'The address this request changes no longer exists.', {
      detail: 'Refuse the request: there is nothing left to change.',
    }),
  invalidTerms: (value: string) =>
    new AppError('invalid_payment_terms', 400, `Unknown payment terms "${value}".`, {
      detail: 'Use none, net7, net15, net30, net45, net60, net90 or deposit<N> with N from 1 to 100 (e.g. deposit30).',
    }),
};
