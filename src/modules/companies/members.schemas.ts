import { z } from 'zod';
import { ZEmail, ZNewPassword } from '../auth/auth.schemas.js';
import { companyRoles, locationRoles } from './companies.tables.js';

const ZCompanyRole = z.enum(companyRoles).describe('`admin` (administrator) or `member` (user).');
const ZLocationRole = z.enum(locationRoles).describe('`location_admin` or `buyer` ("ordering only").');
const ZId = z.string().trim().min(1).max(64);

export const ZCompanyParams = z.object({ companyId: ZId });
export const ZMemberParams = z.object({ companyId: ZId, customerId: ZId });
export const ZInvitationParams = z.object({ companyId: ZId, invitationId: ZId });

export const ZMemberLocation = z.object({ locationId: z.string(), role: ZLocationRole });

export const ZMember = z.object({
  customerId: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: ZCompanyRole,
  locations: z.array(ZMemberLocation).describe('Their role at each location (company administrators act everywhere without one).'),
});
export type TMember = z.infer<typeof ZMember>;

export const ZMemberList = z.object({
  items: z.array(ZMember),
  company: z.object({ id: z.string(), name: z.string() }),
});

export const ZChangeRoleBody = z.object({ role: ZCompanyRole });

export const ZSetMemberLocationsBody = z.object({
  locations: z
    .array(z.object({ locationId: ZId, role: ZLocationRole }))
    .max(500)
    .refine((items) => new Set(items.map((item) => item.locationId)).size === items.length, {
      error: 'A location is listed twice.',
      params: { code: 'duplicate_location' },
    })
    .describe('Every location role the colleague will have in this company; the others end.'),
});

export const ZCreateInvitationBody = z.object({
  email: ZEmail,
  role: ZCompanyRole,
  locationIds: z
    .array(ZId)
    .max(500)
    .default([])
    .describe('Locations of the company the colleague will buy for (as buyer).'),
});

export const ZInvitation = z.object({
  id: z.string(),
  email: z.string(),
  role: ZCompanyRole,
  locationIds: z.array(z.string()),
  status: z.enum(['pending', 'expired']).describe('`expired`: the link no longer works; send it again.'),
  invitedBy: z.object({ firstName: z.string(), lastName: z.string() }).nullable(),
  createdAt: z.date(),
  expiresAt: z.date(),
});
export type TInvitation = z.infer<typeof ZInvitation>;

export const ZInvitationList = z.object({ items: z.array(ZInvitation) });

export const ZInvitationTokenQuery = z.object({ token: z.string().min(16).max(200) });

export const ZInvitationPreview = z.object({
  company: z.object({ id: z.string(), name: z.string() }),
  invitedBy: z.object({ firstName: z.string(), lastName: z.string() }).nullable(),
  email: z.string().describe('The address the invitation was sent to.'),
  role: ZCompanyRole,
  expiresAt: z.date(),
  hasAccount: z.boolean().describe('Whether this address already has an account (then no names are needed signed out).'),
});

const ZName = z.string().trim().min(1, { error: 'Required.' }).max(100);

export const ZAcceptInvitationBody = z.object({
  token: z.string().min(16).max(200),
  firstName: ZName.optional().describe('Signed out, for a new account: required.'),
  lastName: ZName.optional().describe('Signed out, for a new account: required.'),
  password: ZNewPassword.optional().describe('Signed out, for a new account: optional; without one, the colleague signs in with emailed codes.'),
});
export type TAcceptInvitationBody = z.infer<typeof ZAcceptInvitationBody>;
