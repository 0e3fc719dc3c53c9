import { AppError } from '../../platform/errors/app-error.js';

export const registryErrors = {
  /** Also another customer's registry, a closed one for a visitor, or another market's. */
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  closed: () =>
    new AppError('registry_closed', 409, 'This registry is closed.', { detail: 'Reopen it to change it; its gifts and messages stay readable.' }),
  accessCodeRequired: () =>
    new AppError('access_code_required', 403, 'This registry needs its access code.', { detail: 'Send accessCode, as its owners gave it to you.' }),
  invalidAccessCode: () => new AppError('invalid_access_code', 403, 'This access code is not the registry’s.'),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new AppError('too_many_attempts', 429, 'Too many wrong codes from here; try again later.', {
      retryAfterSeconds,
      detail: `Try again in ${retryAfterSeconds} seconds.`,
    }),
  itemFullyReserved: (remaining: number) =>
    new AppError('item_fully_reserved', 409, 'This gift is already fully reserved or bought.', {
      detail: remaining > 0 ? `Only ${remaining} left to give.` : 'Nothing is left to give of this item.',
    }),
  wantedBelowGiven: (given: number) =>
    new AppError('wanted_below_given', 409, 'Visitors have already reserved or bought more than this.', {
      detail: `${given} are already reserved or bought: wanted quantity must be at least that.`,
    }),
  itemHasGifts: () =>
    new AppError('item_has_gifts', 409, 'Visitors have reserved or bought this item.', {
      detail: 'Cancel its reservations first; a bought item stays on the registry.',
    }),
  tooManyItems: (limit: number) => new AppError('too_many_items', 409, 'This registry is full.', { detail: `A registry holds at most ${limit} items.` }),
  tooManyRegistries: (limit: number) =>
    new AppError('too_many_registries', 409, 'You have reached the number of registries an account may hold.', { detail: `At most ${limit}.` }),
  giftNotReserved: () => new AppError('gift_not_reserved', 409, 'This gift is no longer a reservation (bought or cancelled).'),
  quantityMismatch: (reserved: number) =>
    new AppError('quantity_mismatch', 422, 'The quantity differs from the reservation’s.', { detail: `The reservation is for ${reserved}.` }),
  alreadyThanked: () => new AppError('already_thanked', 409, 'You have already thanked them for this gift.'),
  fundDisabled: () => new AppError('fund_disabled', 422, 'This registry does not take contributions.'),
  currencyMismatch: (currency: string) =>
    new AppError('currency_mismatch', 422, 'Contributions are in the market’s currency.', { detail: `Send amounts in ${currency}.` }),
  unsupportedPhotoType: () =>
    new AppError('unsupported_media_type', 415, 'Send the photo as image/png, image/jpeg or image/webp.'),
  photoTypeMismatch: () =>
    new AppError('image_type_mismatch', 422, 'The file is not the image its Content-Type says.', { detail: 'Send a PNG, JPEG or WebP image.' }),
};
