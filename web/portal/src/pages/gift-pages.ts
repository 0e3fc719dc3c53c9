// The wishlist and registry pages, one chunk (see gift-routes.tsx).
export { WishlistsPage } from './wishlists.page';
export { WishlistPage } from './wishlist.page';
export { SharedWishlistPage } from './shared-wishlist.page';
export { MyRegistriesPage } from './my-registries.page';
export { MyRegistryPage } from './my-registry.page';
export { RegistrySearchPage } from './registry-search.page';
export { PublicRegistryPage } from './public-registry.page';
