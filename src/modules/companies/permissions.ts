import type { TCompanyRole, TLocationRole } from './companies.tables.js';

/**
 * What a colleague may do in a company (F3.2). One statement per role, below; one function,
 * `can`, answers every check. The table in docs/COMPANIES.md is this file in prose.
 */
export const companyPermissions = [
  'company.view',
  'company.edit',
  'company.delete',
  'members.view',
  'members.manage',
  'locations.view',
  /** Create, rename and delete locations, and change any location's addresses directly. */
  'locations.manage',
  'location.buy',
  'location.orders.view_all',
  'location.orders.approve',
  'location.addresses.request_change',
  'location.addresses.decide_change',
  'orders.view_own',
] as const;
export type TCompanyPermission = (typeof companyPermissions)[number];

/** Permissions that apply at one location: checked against the actor's role there. */
const locationScoped: ReadonlySet<TCompanyPermission> = new Set([
  'location.buy',
  'location.orders.view_all',
  'location.orders.approve',
  'location.addresses.request_change',
  'location.addresses.decide_change',
]);

/** Company administrator (IKEA "administrator"): everything, at every location. */
const ADMIN: ReadonlySet<TCompanyPermission> = new Set(companyPermissions);

/** Company user (IKEA "user"): sees the company, its locations and colleagues, and their own orders. */
const MEMBER: ReadonlySet<TCompanyPermission> = new Set(['company.view', 'members.view', 'locations.view', 'orders.view_own']);

/** Location administrator (Shopify): at their location, buys, sees and approves every order, decides address changes. */
const LOCATION_ADMIN: ReadonlySet<TCompanyPermission> = new Set([
  'location.buy',
  'location.orders.view_all',
  'location.orders.approve',
  'location.addresses.request_change',
  'location.addresses.decide_change',
]);

/** Buyer, "ordering only" (Shopify): at their location, buys and asks for address changes. */
const BUYER: ReadonlySet<TCompanyPermission> = new Set(['location.buy', 'location.addresses.request_change']);

const companyRoleStatements: Record<TCompanyRole, ReadonlySet<TCompanyPermission>> = { admin: ADMIN, member: MEMBER };
const locationRoleStatements: Record<TLocationRole, ReadonlySet<TCompanyPermission>> = {
  location_admin: LOCATION_ADMIN,
  buyer: BUYER,
};

/** A colleague as the checks see them: their company role and their role at each location. */
export type TCompanyActor = {
  companyId: string;
  customerId: string;
  role: TCompanyRole;
  locationRoles: ReadonlyMap<string, TLocationRole>;
};

/**
 * Whether the actor may do `permission` — at `locationId` for location-scoped permissions.
 * A company administrator's statement covers every location; anyone else needs a role there.
 */
export function can(actor: TCompanyActor, permission: TCompanyPermission, locationId?: string): boolean {
  if (companyRoleStatements[actor.role].has(permission)) return true;
  if (!locationScoped.has(permission) || locationId === undefined) return false;
  const locationRole = actor.locationRoles.get(locationId);
  return locationRole !== undefined && locationRoleStatements[locationRole].has(permission);
}

/** Every permission the actor holds, company-wide and per location: for GET /api/me/context. */
export function permissionsOf(actor: TCompanyActor, locationId: string | null): TCompanyPermission[] {
  return companyPermissions.filter((permission) =>
    locationScoped.has(permission) ? locationId !== null && can(actor, permission, locationId) : can(actor, permission),
  );
}
