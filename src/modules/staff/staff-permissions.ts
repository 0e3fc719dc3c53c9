import type { TStaffRole } from './staff.tables.js';

/**
 * What each staff role may do in the back office (F6.1). One statement per role, below; one
 * function, `staffCan`, answers every check. The table in docs/BACKOFFICE.md is this file in
 * prose. Permissions whose routes come with later parts of issue 6 are listed already, so a
 * role's meaning is settled once.
 */
export const staffPermissions = [
  'customers.view',
  'customers.edit',
  'customers.approve',
  'customers.erase',
  'companies.view',
  'companies.edit',
  'privacy.requests',
  'imports.run',
  'exports.run',
  /** Shop settings such as which new accounts wait for approval (F1.7). */
  'settings.manage',
  /** Create and change markets (F1.8); every role may read them. */
  'markets.manage',
  /** Store API keys, webhook endpoints and OpenID Connect clients (issue "Passkeys and OpenID Connect"). */
  'integrations.manage',
  'staff.view',
  /** Invite staff, change their role, disable and re-enable them. */
  'staff.manage',
  /** Make or unmake an owner: only owners. */
  'staff.manage_owners',
  'audit.view',
] as const;
export type TStaffPermission = (typeof staffPermissions)[number];

/** Owner: everything, including naming and removing other owners. */
const OWNER: ReadonlySet<TStaffPermission> = new Set(staffPermissions);

/** Administrator: everything but owners. */
const ADMINISTRATOR: ReadonlySet<TStaffPermission> = new Set(staffPermissions.filter((permission) => permission !== 'staff.manage_owners'));

/** Support: helps customers day to day; no erasure, imports, exports, staff management or audit. */
const SUPPORT: ReadonlySet<TStaffPermission> = new Set([
  'customers.view',
  'customers.edit',
  'customers.approve',
  'companies.view',
  'companies.edit',
  'staff.view',
]);

/** Read-only: looks, changes nothing. */
const READ_ONLY: ReadonlySet<TStaffPermission> = new Set(['customers.view', 'companies.view']);

const statements: Record<TStaffRole, ReadonlySet<TStaffPermission>> = {
  owner: OWNER,
  administrator: ADMINISTRATOR,
  support: SUPPORT,
  read_only: READ_ONLY,
};

export function staffCan(role: TStaffRole, permission: TStaffPermission): boolean {
  return statements[role].has(permission);
}

/** Every permission of a role, in the order above: for GET /api/staff/me. */
export function staffPermissionsOf(role: TStaffRole): TStaffPermission[] {
  return staffPermissions.filter((permission) => staffCan(role, permission));
}

/** Owners and administrators cannot reach anything but the TOTP set-up until they enrol. */
export function staffRoleRequiresTotp(role: TStaffRole): boolean {
  return role === 'owner' || role === 'administrator';
}
