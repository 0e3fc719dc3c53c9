import { AppError } from '../../platform/errors/app-error.js';

export const wishlistErrors = {
  /** Also another customer's list, or a revoked share link: nothing is disclosed. */
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  tooManyLists: (limit: number) =>
    new AppError('too_many_wishlists', 409, 'You have reached the number of lists an account may hold.', {
      detail: `An account holds at most ${limit} lists; delete one first.`,
    }),
  tooManyItems: (limit: number) =>
    new AppError('too_many_items', 409, 'This list is full.', { detail: `A list holds at most ${limit} products.` }),
  withoutLocation: () =>
    new AppError('wishlist_without_location', 422, 'Only a list kept for a company location can become a reorder request.', {
      detail: 'Give the list a location (PATCH with location) first.',
    }),
  empty: () => new AppError('wishlist_empty', 422, 'This list has no products to reorder.'),
};
