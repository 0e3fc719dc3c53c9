import { isStillReferencedError } from '../../platform/errors/postgres-error.js';
import type { z } from 'zod';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { fieldErrorsOf } from '../addresses/addresses.schemas.js';
import { requireCompanyPermission } from './company-access.js';
import { companyErrors } from './companies.errors.js';
import * as repository from './companies.repository.js';
import type { TStoredIdentity } from './companies.repository.js';
import {
  ZCompanyIdentity,
  type TCompanyIdentity,
  type TRegistrationCompany,
  type TUpdateCompanyBody,
  type ZCompany,
  type ZCompanyLocation,
  type ZMyCompany,
} from './companies.schemas.js';
import type { TCompanyKind, TCompanyLocationRow, TCompanyRow } from './companies.tables.js';
import { checkCompanyIdentifiers } from './company-identifiers.rules.js';
import { permissionsOf, type TCompanyActor } from './permissions.js';
import { recordCompanyEvent, recordMembershipEvent } from '../webhooks/webhook-payloads.js';

type TContext = Pick<TAppContext, 'db'>;
export type TCompanyView = z.output<typeof ZCompany>;
export type TMyCompanyView = z.output<typeof ZMyCompany>;
type TLocationView = z.output<typeof ZCompanyLocation>;

/** Checked identity as stored: identifiers normalised (digits only, VAT compact), SIREN derived, blanks null. */
function toStoredIdentity(identity: TCompanyIdentity): TStoredIdentity {
  const { value } = checkCompanyIdentifiers(identity);
  return { name: identity.name.trim(), kind: identity.kind, country: identity.country, ...value };
}

/** A company's identity as every answer shows it (the customers' and the back office's). */
export function identityOf(row: TCompanyRow) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    country: row.country,
    siret: row.siret,
    siren: row.siren,
    vatNumber: row.vatNumber,
    enterpriseNumber: row.enterpriseNumber,
    registrationNumber: row.registrationNumber,
    otherTaxId: row.otherTaxId,
    chorusServiceCode: row.chorusServiceCode,
  };
}

function toLocationView(row: TCompanyLocationRow, actor: TCompanyActor): TLocationView {
  return {
    id: row.id,
    name: row.name,
    catalogRef: row.catalogRef,
    paymentTerms: { kind: row.paymentTermsKind, netDays: row.paymentTermsNetDays, depositPercent: row.paymentTermsDepositPercent },
    requiresApproval: row.requiresApproval,
    myRole: actor.locationRoles.get(row.id) ?? null,
  };
}

async function toCompanyView(db: Database, row: TCompanyRow, actor: TCompanyActor): Promise<TCompanyView> {
  const locations = await repository.listLocationsOfCompany(db, row.id);
  return {
    ...identityOf(row),
    status: row.status,
    myRole: actor.role,
    permissions: permissionsOf(actor, null),
    locations: locations.map((location) => toLocationView(location, actor)),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * A new company with its creator as first administrator and a first location named after it
 * (a company always has one). Runs in the caller's transaction: registration uses it too.
 */
export async function createCompanyWithAdmin(
  db: Database,
  options: { customerId: string; marketId: string; identity: TCompanyIdentity },
): Promise<{ company: TCompanyRow; location: TCompanyLocationRow }> {
  // The company is in its first administrator's market (F1.8).
  const company = await repository.insertCompany(db, options.marketId, toStoredIdentity(options.identity));
  await repository.insertCompanyMember(db, { companyId: company.id, customerId: options.customerId, role: 'admin' });
  await recordCompanyEvent(db, 'company.created', company);
  await recordMembershipEvent(db, 'company.member_added', { companyId: company.id, customerId: options.customerId, role: 'admin' });
  const location = await repository.insertLocation(db, { companyId: company.id, name: company.name });
  return { company, location };
}

/** Registering as a business (F1.1): the company of the new account, its kind being the account type. */
export async function createRegisteredCompany(
  db: Database,
  options: { customerId: string; marketId: string; accountType: TCustomerRow['accountType']; company: TRegistrationCompany },
): Promise<void> {
  const { accountType } = options;
  if (accountType === 'individual') throw new Error('an individual account has no company');
  const kind: TCompanyKind = accountType;
  await createCompanyWithAdmin(db, { customerId: options.customerId, marketId: options.marketId, identity: { ...options.company, kind } });
}

export async function createCompany(ctx: TContext, options: { customerId: string; marketId: string; body: TCompanyIdentity }): Promise<TCompanyView> {
  return ctx.db.transaction(async (tx) => {
    const { company, location } = await createCompanyWithAdmin(tx, { customerId: options.customerId, marketId: options.marketId, identity: options.body });
    const actor: TCompanyActor = { companyId: company.id, customerId: options.customerId, role: 'admin', locationRoles: new Map() };
    return {
      ...identityOf(company),
      status: company.status,
      myRole: actor.role,
      permissions: permissionsOf(actor, null),
      locations: [toLocationView(location, actor)],
      createdAt: company.createdAt,
      updatedAt: company.updatedAt,
    };
  });
}

export async function listMyCompanies(ctx: TContext, options: { customerId: string }): Promise<TMyCompanyView[]> {
  const rows = await repository.listCompaniesOfCustomer(ctx.db, options.customerId);
  return rows.map((row) => ({ ...identityOf(row.company), role: row.role, joinedAt: row.joinedAt }));
}

export async function getCompany(ctx: TContext, options: { companyId: string; customerId: string }): Promise<TCompanyView> {
  const actor = await requireCompanyPermission(ctx.db, { ...options, permission: 'company.view' });
  const row = await repository.findActiveCompany(ctx.db, options.companyId);
  if (!row) throw companyErrors.notFound();
  return toCompanyView(ctx.db, row, actor);
}

/** Only the given fields change, but the identity they make is checked whole (a new kind or country rechecks the numbers). */
export async function updateCompany(
  ctx: TContext,
  options: { companyId: string; customerId: string; changes: TUpdateCompanyBody },
): Promise<TCompanyView> {
  return ctx.db.transaction(async (tx) => {
    const actor = await requireCompanyPermission(tx, { companyId: options.companyId, customerId: options.customerId, permission: 'company.edit' });
    const row = await repository.lockActiveCompany(tx, options.companyId);
    if (!row) throw companyErrors.notFound();
    const { id: _id, siren: _siren, ...stored } = identityOf(row);
    const parsed = ZCompanyIdentity.safeParse({ ...stored, ...options.changes });
    if (!parsed.success) throw companyErrors.invalidIdentity(fieldErrorsOf(parsed.error));
    const updated = await repository.updateCompanyRow(tx, row.id, toStoredIdentity(parsed.data));
    await recordCompanyEvent(tx, 'company.updated', updated);
    return toCompanyView(tx, updated, actor);
  });
}

/** "Can delete the company account" (F3.2): its members lose it at once. */
export async function deleteCompany(ctx: TContext, options: { companyId: string; customerId: string }): Promise<void> {
  try {
    await ctx.db.transaction(async (tx) => {
      await requireCompanyPermission(tx, { ...options, permission: 'company.delete' });
      const row = await repository.findActiveCompany(tx, options.companyId);
      await repository.deleteCompanyRow(tx, options.companyId);
      if (row) await recordCompanyEvent(tx, 'company.deleted', row);
    });
  } catch (error) {
    // Orders and documents reference the company without cascade: the accounts keep them.
    if (isStillReferencedError(error)) throw companyErrors.hasHistory();
    throw error;
  }
}
