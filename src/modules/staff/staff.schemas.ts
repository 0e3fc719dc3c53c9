import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../platform/crypto/password-strength.js';
import { ZEmail, ZNewPassword } from '../auth/auth.schemas.js';
import { staffAuditActions } from './staff-audit.service.js';
import { staffPermissions } from './staff-permissions.js';
import { staffLocales, staffRoles, staffStatuses } from './staff.tables.js';

const ZName = z.string().trim().min(1, { error: 'Required.' }).max(100);
const ZToken = z.string().min(16).max(200);

export const ZStaffSetupQuery = z.object({ token: ZToken });
export const ZStaffSetupDescription = z.object({
  email: z.string().nullable().describe('null for the first-run link: the owner types their address.'),
  name: z.string().nullable(),
  role: z.enum(staffRoles),
  expiresAt: z.date(),
});
export const ZStaffSetupBody = z.object({
  token: ZToken,
  name: ZName,
  password: ZNewPassword,
  email: ZEmail.optional().describe('Required by the first-run link only (its description has `email: null`); ignored otherwise.'),
});
export const ZStaffLoginBody = z.object({ email: ZEmail, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });

const ZSixDigits = z.string().trim().regex(/^\d{6}$/, { error: 'Six digits.' });
export const ZTotpConfirmBody = z.object({ code: ZSixDigits });
export const ZSecondFactorBody = z.union([
  z.object({ code: ZSixDigits }).strict(),
  z.object({ recoveryCode: z.string().trim().min(16).max(40) }).strict(),
]);

export const ZStaffMe = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(staffRoles),
  locale: z.enum(staffLocales),
  totpEnabled: z.boolean(),
  permissions: z.array(z.enum(staffPermissions)),
  marketIds: z.array(z.string()).nullable().describe('The markets this person works in; null: every market.'),
  secondFactorVerified: z.boolean().describe('Nothing is pending: the code was given in this session, or none is required.'),
});

const ZNext = z.enum(['totp', 'totp_setup', 'signed_in']).describe('totp: POST /auth/totp/verify next; totp_setup: POST /auth/totp/setup next.');
export const ZStaffSignedIn = z.object({
  token: z.string().describe('Staff session token: `Authorization: Bearer …`; also the HttpOnly cookie comptoir_staff_session.'),
  csrfToken: z.string().describe('For cookie-authenticated writes: send as X-CSRF-Token (also in the comptoir_staff_csrf cookie).'),
  staff: ZStaffMe,
  next: ZNext,
});
export const ZTotpSetup = z.object({
  secret: z.string().describe('Base32, for typing into the app by hand.'),
  otpauthUrl: z.string(),
  qrSvg: z.string().describe('The otpauth URL as a QR code, SVG.'),
});
export const ZRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()).length(10).describe('Shown once; each works once.') });
export const ZSecondFactorVerified = z.object({ staff: ZStaffMe, next: z.literal('signed_in') });

export const ZStaffItem = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(staffRoles),
  status: z.enum(staffStatuses).describe('invited: the setup link was not used yet.'),
  totpEnabled: z.boolean(),
  marketIds: z.array(z.string()).nullable().describe('The markets this member works in (F1.8); null: every market.'),
  lastSignInAt: z.date().nullable(),
  createdAt: z.date(),
});
export const ZStaffList = z.object({ items: z.array(ZStaffItem), nextCursor: z.null() });
const ZMarketIds = z
  .array(z.string().min(1).max(64))
  .max(100)
  .nullable()
  .describe('Market ids this member works in (F1.8): outside them customers and companies answer 404. null: every market.');
export const ZStaffInviteBody = z.object({
  email: ZEmail,
  name: ZName,
  role: z.enum(staffRoles),
  marketIds: ZMarketIds.optional().describe('Absent: the inviter’s own markets (every market for most). null: every market.'),
});
export const ZStaffIdParams = z.object({ staffId: z.string().min(1).max(64) });
export const ZStaffPatchBody = z
  .object({ role: z.enum(staffRoles).optional(), status: z.enum(['active', 'disabled']).optional(), marketIds: ZMarketIds.optional() })
  .refine((body) => body.role !== undefined || body.status !== undefined || body.marketIds !== undefined, { error: 'Give role, status or marketIds.' });

export const ZStaffAuditQuery = z.object({
  staffId: z.string().max(64).optional().describe('Who acted.'),
  action: z.string().max(64).optional().describe(`e.g. ${staffAuditActions.slice(0, 3).join(', ')}`),
  targetType: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
  from: z.coerce.date().optional().describe('ISO 8601, inclusive.'),
  to: z.coerce.date().optional().describe('ISO 8601, inclusive.'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export const ZStaffAuditPage = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: z.date(),
      staff: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
      action: z.string(),
      targetType: z.string().nullable(),
      targetId: z.string().nullable(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
      details: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
