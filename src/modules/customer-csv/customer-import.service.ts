import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { rowsOf, type Database } from '../../db/client.js';
import { customerAddresses } from '../addresses/addresses.tables.js';
import { customerNotes } from '../customer-admin/customer-admin.tables.js';
import { consentRecords, customers, type TCustomerRow } from '../customers/customers.tables.js';
import type { TConsentPurpose } from '../marketing/marketing.rules.js';
import { staffTargetMarket } from '../customer-admin/customer-admin.service.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { customerSnapshot } from '../webhooks/webhook-payloads.js';
import { emailHeaderOf, mapColumns, type TImportFormat } from './customer-csv.formats.js';
import { customerCsvErrors } from './customer-csv.errors.js';
import { importProfileKeys, readImportLine, sameAddress, type TImportAddress, type TImportProfile, type TImportRow, type TLineError } from './customer-import.rules.js';
import { parseCsv, stripBom } from './csv.rules.js';
import { inJsonArray, pooledId } from './bulk-sql.js';

/**
 * Customer import (F6.5): a file is checked whole (every bad line by number and reason), then
 * imported whole or not at all, idempotent on the normalised email. Rows go to the database
 * in batches: one read of what exists per batch, then one multi-row statement per table, each
 * row set passed as a single JSON parameter (json_to_recordset), so no batch size meets
 * PostgreSQL's 65,535 bind-parameter limit and nothing is done per row.
 */

/** Rows per batch: each batch costs a handful of statements whatever its size. */
export const IMPORT_BATCH_SIZE = 2000;
/** The report lists this many bad lines at most; the counts are always complete. */
export const REPORTED_INVALID_LINES_MAX = 1000;
/** Imports run one at a time: two files naming one new address would otherwise collide. */
const IMPORT_LOCK = 4120;
/** Consent carried over from the previous platform refers to its notice, not to ours. */
export const IMPORTED_NOTICE_VERSION = 'import';
/** The addresses module's limit of delivery addresses per customer. */
const MAX_DELIVERY_ADDRESSES = 50;

export type TInvalidLine = { line: number; errors: TLineError[] };

export type TImportReport = {
  format: TImportFormat;
  marketId: string;
  dryRun: true;
  rows: number;
  valid: number;
  invalid: TInvalidLine[];
  /** True when more bad lines exist than `invalid` lists. */
  invalidTruncated: boolean;
  invalidCount: number;
  wouldCreate: number;
  wouldUpdate: number;
  wouldLeaveUnchanged: number;
};

export type TImportResult = {
  format: TImportFormat;
  marketId: string;
  dryRun: false;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  consentsRecorded: number;
  addressesCreated: number;
  notesCreated: number;
};

type TCheckedFile = { rows: number; valid: TImportRow[]; invalid: TInvalidLine[] };

/** Parses and checks every line; throws only for a file that is not a readable CSV of the format. */
export function checkImportFile(text: string, format: TImportFormat, options: { shopCountry: string; today: string }): TCheckedFile {
  const parsed = parseCsv(stripBom(text));
  if (!parsed.ok) throw customerCsvErrors.invalidCsv(parsed.line, parsed.message);
  const [header, ...records] = parsed.records;
  if (!header) throw customerCsvErrors.emptyFile();
  const map = mapColumns(format, header.cells);
  if (!map.columns.email) throw customerCsvErrors.missingColumn(emailHeaderOf(format));
  const valid: TImportRow[] = [];
  const invalid: TInvalidLine[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of records) {
    const { row, errors } = readImportLine(record, map, options);
    const emailCell = (record.cells[map.columns.email.index] ?? '').trim().toLowerCase();
    if (row || (emailCell && !errors.some((error) => error.field === map.columns.email?.header))) {
      const first = firstLineOf.get(emailCell);
      if (first !== undefined) {
        errors.push({ field: map.columns.email.header, code: 'duplicate_email', message: `This address is already on line ${first}.` });
      } else {
        firstLineOf.set(emailCell, record.line);
      }
    }
    if (errors.length > 0) invalid.push({ line: record.line, errors });
    else if (row) valid.push(row);
  }
  return { rows: records.length, valid, invalid };
}

type TExisting = Pick<TCustomerRow, 'id' | 'email' | 'emailNormalized' | 'emailVerifiedAt' | 'status' | 'approvalStatus' | 'locale' | (typeof importProfileKeys)[number]>;

type TBatchPlan = {
  created: number;
  updated: number;
  unchanged: number;
  customers: Record<string, unknown>[];
  updates: Record<string, unknown>[];
  consents: { id: string; customer_id: string; purpose: TConsentPurpose; granted: boolean }[];
  addresses: Record<string, unknown>[];
  notes: { id: string; customer_id: string; body: string }[];
  events: { id: string; type: 'customer.created' | 'customer.updated'; payload: Record<string, unknown>; customer_id: string }[];
};

const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** What one batch would change in the market, from one read per table of what exists. Writes nothing. */
async function planBatch(db: Database, marketId: string, rows: readonly TImportRow[]): Promise<TBatchPlan> {
  const plan: TBatchPlan = { created: 0, updated: 0, unchanged: 0, customers: [], updates: [], consents: [], addresses: [], notes: [], events: [] };
  const existingRows: TExisting[] = await db
    .select({
      id: customers.id,
      email: customers.email,
      emailNormalized: customers.emailNormalized,
      emailVerifiedAt: customers.emailVerifiedAt,
      status: customers.status,
      approvalStatus: customers.approvalStatus,
      ...Object.fromEntries(importProfileKeys.map((key) => [key, customers[key]])),
    } as { [K in keyof TExisting]: (typeof customers)[K] })
    .from(customers)
    // The same address in another market is another account (F1.8): the import is idempotent per market.
    .where(and(eq(customers.marketId, marketId), inJsonArray(customers.emailNormalized, rows.map((row) => row.emailNormalized))));
  const byEmail = new Map(existingRows.map((row) => [row.emailNormalized, row]));
  const existingIds = existingRows.map((row) => row.id);

  const consentState = new Map<string, boolean>();
  const addressesOf = new Map<string, { address: TImportAddress; kind: string; isDefault: boolean }[]>();
  const notesOf = new Map<string, Set<string>>();
  if (existingIds.length > 0) {
    const [states, addresses, notes] = [
      await db
        .selectDistinctOn([consentRecords.customerId, consentRecords.purpose], { customerId: consentRecords.customerId, purpose: consentRecords.purpose, granted: consentRecords.granted })
        .from(consentRecords)
        .where(inJsonArray(consentRecords.customerId, existingIds))
        .orderBy(asc(consentRecords.customerId), asc(consentRecords.purpose), desc(consentRecords.recordedAt), desc(consentRecords.id)),
      rows.some((row) => row.address)
        ? await db.select().from(customerAddresses).where(inJsonArray(customerAddresses.customerId, existingIds))
        : [],
      rows.some((row) => row.note)
        ? await db.select({ customerId: customerNotes.customerId, body: customerNotes.body }).from(customerNotes).where(inJsonArray(customerNotes.customerId, existingIds))
        : [],
    ];
    for (const state of states) consentState.set(`${state.customerId}:${state.purpose}`, state.granted);
    for (const address of addresses) {
      const list = addressesOf.get(address.customerId) ?? [];
      list.push({ address: { ...address, country: address.country }, kind: address.kind, isDefault: address.isDefault });
      addressesOf.set(address.customerId, list);
    }
    for (const note of notes) {
      const set = notesOf.get(note.customerId) ?? new Set<string>();
      set.add(note.body.trim());
      notesOf.set(note.customerId, set);
    }
  }

  for (const row of rows) {
    const existing = byEmail.get(row.emailNormalized);
    const id = existing?.id ?? pooledId('cus');
    let changed = false;
    if (!existing) {
      const values = {
        id,
        email: row.email,
        email_normalized: row.emailNormalized,
        first_name: row.profile.firstName ?? '',
        last_name: row.profile.lastName ?? '',
        locale: row.profile.locale ?? 'fr',
        account_type: row.profile.accountType ?? 'individual',
        ...Object.fromEntries(
          (['initials', 'phone', 'mobile', 'gender', 'birthDate', 'businessName', 'businessIdentifier', 'businessRegistrationNumber', 'businessVatNumber'] as const).map((key) => [snake(key), row.profile[key] ?? null]),
        ),
      };
      plan.customers.push(values);
      plan.events.push({
        id: pooledId('evt'),
        type: 'customer.created',
        payload: {
          ...customerSnapshot({ id, email: row.email, firstName: values.first_name, lastName: values.last_name, accountType: values.account_type, locale: values.locale, emailVerifiedAt: null, status: 'active', approvalStatus: 'approved' }),
          marketId,
        },
        customer_id: id,
      });
      plan.created += 1;
    } else {
      const changes: TImportProfile = {};
      for (const key of importProfileKeys) {
        const value = row.profile[key];
        if (value !== undefined && value !== existing[key]) Object.assign(changes, { [key]: value });
      }
      if (Object.keys(changes).length > 0) {
        changed = true;
        plan.updates.push({ id, ...Object.fromEntries(Object.entries(changes).map(([key, value]) => [snake(key), value])) });
        const merged = { ...existing, ...changes };
        plan.events.push({ id: pooledId('evt'), type: 'customer.updated', payload: { ...customerSnapshot(merged), marketId }, customer_id: id });
      }
    }

    // Consent: a record only where the state changes, so importing the file again adds none.
    for (const [purpose, granted] of Object.entries(row.consents) as [TConsentPurpose, boolean][]) {
      if ((consentState.get(`${id}:${purpose}`) ?? false) === granted) continue;
      plan.consents.push({ id: pooledId('cns'), customer_id: id, purpose, granted });
      changed = true;
    }

    if (row.address) {
      const firstName = row.profile.firstName ?? existing?.firstName ?? null;
      const lastName = row.profile.lastName ?? existing?.lastName ?? null;
      const known = addressesOf.get(id) ?? [];
      const deliveries = known.filter((item) => item.kind === 'delivery');
      const hasRecipient = Boolean(lastName?.trim() || row.address.company);
      if (hasRecipient && deliveries.length < MAX_DELIVERY_ADDRESSES && !known.some((item) => sameAddress(item.address, row.address!))) {
        plan.addresses.push({
          id: pooledId('adr'),
          customer_id: id,
          is_default: !deliveries.some((item) => item.isDefault),
          first_name: firstName || null,
          last_name: lastName || null,
          ...Object.fromEntries(Object.entries(row.address).map(([key, value]) => [snake(key), value])),
        });
        changed = true;
      }
    }

    if (row.note && !notesOf.get(id)?.has(row.note.trim())) {
      plan.notes.push({ id: pooledId('cno'), customer_id: id, body: row.note.trim() });
      changed = true;
    }
    if (existing) {
      if (changed) plan.updated += 1;
      else plan.unchanged += 1;
    }
  }
  return plan;
}

const json = (rows: readonly unknown[]) => sql`${JSON.stringify(rows)}::json`;

/** One statement per table for the whole batch. */
async function writeBatch(tx: Database, marketId: string, plan: TBatchPlan): Promise<void> {
  if (plan.customers.length > 0) {
    const inserted = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into customers (id, market_id, email, email_normalized, first_name, last_name, initials, phone, mobile, locale, gender, birth_date,
          account_type, business_name, business_identifier, business_registration_number, business_vat_number, origin)
        select r.id, ${marketId}, r.email, r.email_normalized, r.first_name, r.last_name, r.initials, r.phone, r.mobile, r.locale, r.gender, r.birth_date,
          r.account_type, r.business_name, r.business_identifier, r.business_registration_number, r.business_vat_number, 'import'
        from json_to_recordset(${json(plan.customers)}) as r(id text, email text, email_normalized text, first_name text, last_name text,
          initials text, phone text, mobile text, locale text, gender text, birth_date date, account_type text, business_name text,
          business_identifier text, business_registration_number text, business_vat_number text)
        on conflict (market_id, email_normalized) do nothing
        returning id`),
    );
    // An address registered between the read and this insert: refuse the whole import.
    if (inserted.length !== plan.customers.length) throw customerCsvErrors.concurrentChange();
  }
  if (plan.updates.length > 0) {
    // Absent keys read as null and keep the stored value: an empty cell never clears one.
    await tx.execute(sql`
      update customers c set
        first_name = coalesce(r.first_name, c.first_name), last_name = coalesce(r.last_name, c.last_name),
        initials = coalesce(r.initials, c.initials), phone = coalesce(r.phone, c.phone), mobile = coalesce(r.mobile, c.mobile),
        locale = coalesce(r.locale, c.locale), gender = coalesce(r.gender, c.gender), birth_date = coalesce(r.birth_date, c.birth_date),
        account_type = coalesce(r.account_type, c.account_type), business_name = coalesce(r.business_name, c.business_name),
        business_identifier = coalesce(r.business_identifier, c.business_identifier),
        business_registration_number = coalesce(r.business_registration_number, c.business_registration_number),
        business_vat_number = coalesce(r.business_vat_number, c.business_vat_number), updated_at = now()
      from json_to_recordset(${json(plan.updates)}) as r(id text, first_name text, last_name text, initials text, phone text, mobile text,
        locale text, gender text, birth_date date, account_type text, business_name text, business_identifier text,
        business_registration_number text, business_vat_number text)
      where c.id = r.id`);
  }
  if (plan.consents.length > 0) {
    await tx.execute(sql`
      insert into consent_records (id, customer_id, purpose, granted, source, ip, notice_version)
      select r.id, r.customer_id, r.purpose, r.granted, 'import', null, ${IMPORTED_NOTICE_VERSION}
      from json_to_recordset(${json(plan.consents)}) as r(id text, customer_id text, purpose text, granted boolean)`);
  }
  if (plan.addresses.length > 0) {
    await tx.execute(sql`
      insert into customer_addresses (id, customer_id, kind, is_default, first_name, last_name, company, line1, line2, house_number,
        house_number_extension, postal_code, city, region, country, phone)
      select r.id, r.customer_id, 'delivery', r.is_default, r.first_name, r.last_name, r.company, r.line1, r.line2, r.house_number,
        r.house_number_extension, r.postal_code, r.city, r.region, r.country, r.phone
      from json_to_recordset(${json(plan.addresses)}) as r(id text, customer_id text, is_default boolean, first_name text, last_name text,
        company text, line1 text, line2 text, house_number text, house_number_extension text, postal_code text, city text, region text,
        country text, phone text)`);
  }
  if (plan.notes.length > 0) {
    await tx.execute(sql`
      insert into customer_notes (id, customer_id, author_staff_id, body)
      select r.id, r.customer_id, null, r.body from json_to_recordset(${json(plan.notes)}) as r(id text, customer_id text, body text)`);
  }
  if (plan.events.length > 0) {
    // customer.created / customer.updated webhooks (F7.3), as any other change of a customer.
    await tx.execute(sql`
      insert into webhook_events (id, type, payload, customer_id, market_id)
      select r.id, r.type, r.payload, r.customer_id, ${marketId} from json_to_recordset(${json(plan.events)}) as r(id text, type text, payload jsonb, customer_id text)`);
  }
}

function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

function reportOf(format: TImportFormat, marketId: string, checked: TCheckedFile, counts: { created: number; updated: number; unchanged: number }): TImportReport {
  return {
    format,
    marketId,
    dryRun: true,
    rows: checked.rows,
    valid: checked.valid.length,
    invalid: checked.invalid.slice(0, REPORTED_INVALID_LINES_MAX),
    invalidTruncated: checked.invalid.length > REPORTED_INVALID_LINES_MAX,
    invalidCount: checked.invalid.length,
    wouldCreate: counts.created,
    wouldUpdate: counts.updated,
    wouldLeaveUnchanged: counts.unchanged,
  };
}

type TImportOptions = {
  actor: TStaffPrincipal;
  format: TImportFormat;
  /** Absent: the default market. It must be one the staff member works in. */
  marketId?: string | undefined;
  text: string;
  dryRun: boolean;
  meta: TRequestMeta;
};

const targetMarketOf = (ctx: TAppContext, options: TImportOptions) => staffTargetMarket(ctx, options.actor, options.marketId, 'query.marketId').id;

const checkOptions = (ctx: TAppContext) => ({ shopCountry: ctx.config.shopCountry, today: new Date().toISOString().slice(0, 10) });

/** The dry run: every line checked, what would change counted from the database, nothing written but the audit entry. */
export async function checkCustomerImport(ctx: TAppContext, options: TImportOptions): Promise<TImportReport> {
  const marketId = targetMarketOf(ctx, options);
  return reportOnFile(ctx, options, marketId, checkImportFile(options.text, options.format, checkOptions(ctx)));
}

async function reportOnFile(ctx: TAppContext, options: TImportOptions, marketId: string, checked: TCheckedFile): Promise<TImportReport> {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const batch of batchesOf(checked.valid, IMPORT_BATCH_SIZE)) {
    const plan = await planBatch(ctx.db, marketId, batch);
    counts.created += plan.created;
    counts.updated += plan.updated;
    counts.unchanged += plan.unchanged;
  }
  const report = reportOf(options.format, marketId, checked, counts);
  await recordStaffAudit(ctx.db, {
    staffId: options.actor.staff.id,
    action: 'customers.import_checked',
    meta: options.meta,
    details: { format: options.format, marketId, refused: !options.dryRun, rows: report.rows, valid: report.valid, invalid: report.invalidCount, wouldCreate: counts.created, wouldUpdate: counts.updated },
  });
  return report;
}

/**
 * The import: refused with the dry run's report when any line is bad (all or nothing, so a
 * merchant never has to work out which half of a file went in); otherwise every batch in one
 * transaction.
 */
export async function importCustomers(ctx: TAppContext, options: TImportOptions): Promise<{ kind: 'imported'; result: TImportResult } | { kind: 'refused'; report: TImportReport }> {
  const marketId = targetMarketOf(ctx, options);
  const checked = checkImportFile(options.text, options.format, checkOptions(ctx));
  if (checked.invalid.length > 0) return { kind: 'refused', report: await reportOnFile(ctx, options, marketId, checked) };
  const result = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(IMPORT_LOCK))})`);
    const totals: TImportResult = { format: options.format, marketId, dryRun: false, rows: checked.rows, created: 0, updated: 0, unchanged: 0, consentsRecorded: 0, addressesCreated: 0, notesCreated: 0 };
    for (const batch of batchesOf(checked.valid, IMPORT_BATCH_SIZE)) {
      const plan = await planBatch(tx, marketId, batch);
      await writeBatch(tx, marketId, plan);
      totals.created += plan.created;
      totals.updated += plan.updated;
      totals.unchanged += plan.unchanged;
      totals.consentsRecorded += plan.consents.length;
      totals.addressesCreated += plan.addresses.length;
      totals.notesCreated += plan.notes.length;
    }
    const { format, dryRun: _dryRun, marketId: _marketId, ...counts } = totals;
    await recordStaffAudit(tx, { staffId: options.actor.staff.id, action: 'customers.imported', meta: options.meta, details: { format, marketId, ...counts } });
    return totals;
  });
  return { kind: 'imported', result };
}
