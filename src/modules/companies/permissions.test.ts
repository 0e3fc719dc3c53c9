import { describe, expect, it } from 'vitest';
import { can, companyPermissions, permissionsOf, type TCompanyActor } from './permissions.js';

const actor = (role: TCompanyActor['role'], locationRoles: [string, 'location_admin' | 'buyer'][] = []): TCompanyActor => ({
  companyId: 'cmp_1',
  customerId: 'cus_1',
  role,
  locationRoles: new Map(locationRoles),
});

describe('can', () => {
  it('lets a company administrator do everything, at every location', () => {
    for (const permission of companyPermissions) expect(can(actor('admin'), permission, 'loc_any')).toBe(true);
  });

  it('lets a company user see the company and their own orders, and nothing else without a location role', () => {
    const member = actor('member');
    expect(companyPermissions.filter((permission) => can(member, permission, 'loc_a'))).toEqual([
      'company.view',
      'members.view',
      'locations.view',
      'orders.view_own',
    ]);
  });

  it('gives location roles their rights at their own location only', () => {
    const buyer = actor('member', [['loc_a', 'buyer']]);
    expect(can(buyer, 'location.buy', 'loc_a')).toBe(true);
    expect(can(buyer, 'location.buy', 'loc_b')).toBe(false);
    expect(can(buyer, 'location.orders.approve', 'loc_a')).toBe(false);
    expect(can(buyer, 'location.buy')).toBe(false);
    const locationAdmin = actor('member', [['loc_a', 'location_admin']]);
    expect(can(locationAdmin, 'location.orders.approve', 'loc_a')).toBe(true);
    expect(can(locationAdmin, 'location.addresses.decide_change', 'loc_b')).toBe(false);
    expect(can(locationAdmin, 'members.manage', 'loc_a')).toBe(false);
    expect(can(locationAdmin, 'locations.manage', 'loc_a')).toBe(false);
    expect(can(actor('admin'), 'locations.manage')).toBe(true);
  });

  it('lists what an actor may do at the chosen location', () => {
    expect(permissionsOf(actor('member', [['loc_a', 'buyer']]), 'loc_a')).toEqual([
      'company.view',
      'members.view',
      'locations.view',
      'location.buy',
      'location.addresses.request_change',
      'orders.view_own',
    ]);
    expect(permissionsOf(actor('member', [['loc_a', 'buyer']]), null)).not.toContain('location.buy');
  });
});
