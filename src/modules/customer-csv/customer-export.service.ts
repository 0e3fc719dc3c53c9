import { Readable } from 'node:stream';
import { and, asc, count, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { customerAddresses } from '../addresses/addresses.tables.js';
import { companies, companyLocations, companyMembers } from '../companies/companies.tables.js';
import { consentPurposes, consentRecords, customers } from '../customers/customers.tables.js';
import { marketFilterOf } from '../customer-search/customer-search.service.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import { staffMarketScope } from '../staff/staff-markets.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { comptoirColumns, comptoirExportExtraColumns } from './customer-csv.formats.js';
import { csvLine } from './csv.rules.js';
import { inJsonArray } from './bulk-sql.js';

/**
 * Streamed CSV exports (F6.5): keyset batches read one after another and written as they come,
 * so the whole table is never in memory, whatever its size. Each batch is its own query: the
 * file is not one snapshot (a customer created during a long export may or may not be in it).
 */

/** Rows read per query. */
export const EXPORT_BATCH_SIZE = 1000;
/** Excel reads a CSV as UTF-8 only when it starts with the byte order mark. */
const BOM = '\uFEFF';

type TExportOptions = { ctx: Pick<TAppContext, 'db' | 'markets'>; actor: TStaffPrincipal; meta: TRequestMeta; market?: string | undefined };

/**
 * Which rows an export holds: one market when asked (by id or code), and only the member's
 * markets when they are limited to some (F1.8).
 */
function marketConditions(options: TExportOptions, column: typeof customers.marketId | typeof companies.marketId): { marketId: string | null; conditions: SQL[] } {
  const marketId = marketFilterOf(options.ctx.markets, options.market) ?? null;
  const conditions = [marketId ? eq(column, marketId) : undefined, staffMarketScope(options.actor, column)].filter((condition) => condition !== undefined);
  return { marketId, conditions };
}

/** The attachment's name: `customers-2026-11-05.csv`. */
export const exportFileName = (what: 'customers' | 'companies', now = new Date()) => `${what}-${now.toISOString().slice(0, 10)}.csv`;

/** Every customer in Comptoir's own import format (docs/backoffice/import-export.md): importing the file back changes nothing. */
export async function exportCustomersCsv(options: TExportOptions): Promise<Readable> {
  const { marketId, conditions } = marketConditions(options, customers.marketId);
  await recordStaffAudit(options.ctx.db, { staffId: options.actor.staff.id, action: 'customers.exported', meta: options.meta, details: { format: 'comptoir', marketId } });
  return Readable.from(customerLines(options.ctx, conditions), { objectMode: false });
}

async function* customerLines(ctx: TExportOptions['ctx'], conditions: SQL[]): AsyncGenerator<string> {
  const { db } = ctx;
  yield BOM + csvLine([...comptoirColumns.map(([header]) => header), ...comptoirExportExtraColumns]);
  let after = '';
  for (;;) {
    const batch = await db.select().from(customers).where(and(gt(customers.id, after), ...conditions)).orderBy(asc(customers.id)).limit(EXPORT_BATCH_SIZE);
    if (batch.length === 0) return;
    const ids = batch.map((row) => row.id);
    const [states, addresses] = [
      await db
        .selectDistinctOn([consentRecords.customerId, consentRecords.purpose], { customerId: consentRecords.customerId, purpose: consentRecords.purpose, granted: consentRecords.granted })
        .from(consentRecords)
        .where(inJsonArray(consentRecords.customerId, ids))
        .orderBy(asc(consentRecords.customerId), asc(consentRecords.purpose), desc(consentRecords.recordedAt), desc(consentRecords.id)),
      // The address checkout proposes first: the default delivery one, else the oldest delivery one, else billing.
      await db
        .selectDistinctOn([customerAddresses.customerId])
        .from(customerAddresses)
        .where(inJsonArray(customerAddresses.customerId, ids))
        .orderBy(
          asc(customerAddresses.customerId),
          desc(sql`${customerAddresses.kind} = 'delivery' and ${customerAddresses.isDefault}`),
          desc(sql`${customerAddresses.kind} = 'delivery'`),
          asc(customerAddresses.createdAt),
          asc(customerAddresses.id),
        ),
    ];
    const granted = new Set(states.filter((state) => state.granted).map((state) => `${state.customerId}:${state.purpose}`));
    const addressOf = new Map(addresses.map((address) => [address.customerId, address]));
    let chunk = '';
    for (const row of batch) {
      const address = addressOf.get(row.id);
      const consent = Object.fromEntries(consentPurposes.map((purpose) => [purpose, granted.has(`${row.id}:${purpose}`) ? 'yes' : 'no']));
      chunk += csvLine([
        row.email,
        row.firstName,
        row.lastName,
        row.initials,
        row.phone,
        row.mobile,
        row.locale,
        row.gender,
        row.birthDate,
        row.accountType,
        row.businessName,
        row.businessIdentifier,
        row.businessRegistrationNumber,
        row.businessVatNumber,
        consent.newsletter_email,
        consent.promotional_email,
        consent.sms,
        address?.company,
        address?.line1,
        address?.line2,
        address?.houseNumber,
        address?.houseNumberExtension,
        address?.postalCode,
        address?.city,
        address?.region,
        address?.country,
        address?.phone,
        row.id,
        row.createdAt.toISOString(),
        ctx.markets.get(row.marketId).code,
      ]);
    }
    yield chunk;
    after = batch[batch.length - 1]!.id;
    if (batch.length < EXPORT_BATCH_SIZE) return;
  }
}

export const companyExportColumns = [
  'company_id',
  'name',
  'kind',
  'country',
  'siret',
  'siren',
  'vat_number',
  'enterprise_number',
  'registration_number',
  'other_tax_id',
  'chorus_service_code',
  'status',
  'merged_into_id',
  'members',
  'admins',
  'locations',
  'created_at',
  'market',
] as const;

/** Every company: its identity, how many members (and administrators) and locations it has. */
export async function exportCompaniesCsv(options: TExportOptions): Promise<Readable> {
  const { marketId, conditions } = marketConditions(options, companies.marketId);
  await recordStaffAudit(options.ctx.db, { staffId: options.actor.staff.id, action: 'companies.exported', meta: options.meta, details: { marketId } });
  return Readable.from(companyLines(options.ctx, conditions), { objectMode: false });
}

async function* companyLines(ctx: TExportOptions['ctx'], conditions: SQL[]): AsyncGenerator<string> {
  const { db } = ctx;
  yield BOM + csvLine(companyExportColumns);
  let after = '';
  for (;;) {
    const batch = await db.select().from(companies).where(and(gt(companies.id, after), ...conditions)).orderBy(asc(companies.id)).limit(EXPORT_BATCH_SIZE);
    if (batch.length === 0) return;
    const ids = batch.map((row) => row.id);
    const members = await db
      .select({ companyId: companyMembers.companyId, members: count(), admins: sql<number>`count(*) filter (where ${companyMembers.role} = 'admin')`.mapWith(Number) })
      .from(companyMembers)
      .where(inJsonArray(companyMembers.companyId, ids))
      .groupBy(companyMembers.companyId);
    const locations = await db
      .select({ companyId: companyLocations.companyId, locations: count() })
      .from(companyLocations)
      .where(inJsonArray(companyLocations.companyId, ids))
      .groupBy(companyLocations.companyId);
    const membersOf = new Map(members.map((row) => [row.companyId, row]));
    const locationsOf = new Map(locations.map((row) => [row.companyId, row.locations]));
    let chunk = '';
    for (const row of batch) {
      chunk += csvLine([
        row.id,
        row.name,
        row.kind,
        row.country,
        row.siret,
        row.siren,
        row.vatNumber,
        row.enterpriseNumber,
        row.registrationNumber,
        row.otherTaxId,
        row.chorusServiceCode,
        row.status,
        row.mergedIntoId,
        membersOf.get(row.id)?.members ?? 0,
        membersOf.get(row.id)?.admins ?? 0,
        locationsOf.get(row.id) ?? 0,
        row.createdAt.toISOString(),
        ctx.markets.get(row.marketId).code,
      ]);
    }
    yield chunk;
    after = batch[batch.length - 1]!.id;
    if (batch.length < EXPORT_BATCH_SIZE) return;
  }
}
