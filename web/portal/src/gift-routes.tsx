import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';

/** Wishlists and gift registries (F5.5, F5.6) load on first visit, in their own chunk. */
const page =
  <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K): RouteObject['lazy'] =>
  async () => ({ Component: (await load())[name] });

const giftPages = () => import('./pages/gift-pages');

export const giftRoutes: RouteObject[] = [
  { path: '/wishlists', lazy: page(giftPages, 'WishlistsPage') },
  { path: '/wishlists/:wishlistId', lazy: page(giftPages, 'WishlistPage') },
  // Signed out: a shared list, and registries' public pages.
  { path: '/shared-wishlists/:token', lazy: page(giftPages, 'SharedWishlistPage') },
  { path: '/my-registries', lazy: page(giftPages, 'MyRegistriesPage') },
  { path: '/my-registries/:registryId', lazy: page(giftPages, 'MyRegistryPage') },
  { path: '/registries', lazy: page(giftPages, 'RegistrySearchPage') },
  { path: '/registries/:code', lazy: page(giftPages, 'PublicRegistryPage') },
];
