import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import type { Database } from '../../db/client.js';
import { newId } from '../../platform/ids.js';
import { fieldErrorsOf } from '../addresses/addresses.schemas.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { hostOfUrl } from './market-directory.js';
import { marketErrors } from './markets.errors.js';
import { ZMarketSettings, type TCreateMarketBody, type TMarketSettings, type TMarketView, type TUpdateMarketBody } from './markets.schemas.js';
import { markets, type TMarketRow } from './markets.tables.js';

// Markets (F1.8) created and changed by staff (POST/PATCH /api/staff/markets) and by the
// command line (`npx comptoir market …`): one set of rules for both. Every change is audited
// in its transaction and, once committed, every instance reloads its market directory.

type TContext = Pick<TAppContext, 'db' | 'config' | 'markets'>;
/** `actor` null: the command line. */
type TActor = { actor: TStaffPrincipal | null; meta: TRequestMeta | null };

/** Market changes run one at a time: uniqueness of code and host is checked under it, with a clear answer. */
const MARKET_CHANGES_LOCK = 4130;

const SETTING_FIELDS = ['code', 'name', 'countries', 'defaultLocale', 'locales', 'currency', 'publicUrl', 'b2bOnly', 'businessProgramme', 'accountApproval'] as const;
type TSettingField = (typeof SETTING_FIELDS)[number];

export function toMarketView(config: TAppContext['config'], row: TMarketRow): TMarketView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    countries: row.countries,
    defaultLocale: row.defaultLocale,
    locales: row.locales,
    currency: row.currency,
    publicUrl: row.publicUrl,
    host: row.host,
    b2bOnly: row.b2bOnly,
    businessProgramme: row.businessProgramme,
    accountApproval: row.accountApproval,
    isDefault: row.isDefault,
    effective: {
      publicUrl: (row.publicUrl ?? config.publicUrl).replace(/\/+$/, ''),
      b2bOnly: row.b2bOnly ?? config.b2bOnly,
      businessProgramme: row.businessProgramme ?? config.businessProgramme,
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Every market, the default first: a shop has a handful, so no pages. */
export async function listMarkets(ctx: Pick<TAppContext, 'db' | 'config'>): Promise<TMarketView[]> {
  const rows = await ctx.db.select().from(markets).orderBy(desc(markets.isDefault), asc(markets.code));
  return rows.map((row) => toMarketView(ctx.config, row));
}

export async function findMarketRow(db: Database, marketId: string): Promise<TMarketRow | undefined> {
  const [row] = await db.select().from(markets).where(eq(markets.id, marketId));
  return row;
}

/** The whole of a market's settings checked at once: every bad field in one 400. */
function checkSettings(input: Record<string, unknown>): TMarketSettings {
  const parsed = ZMarketSettings.safeParse(input);
  if (!parsed.success) throw marketErrors.invalidFields(fieldErrorsOf(parsed.error));
  return parsed.data;
}

const given = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));

/**
 * Code and host are unique (409 market_code_taken, market_host_taken). A host is also taken
 * when it is PUBLIC_URL's while the default market has no address of its own: requests there
 * are the default market's.
 */
async function refuseTaken(ctx: TContext, tx: Database, settings: TMarketSettings, selfId: string | null): Promise<void> {
  const others = selfId ? ne(markets.id, selfId) : undefined;
  const [sameCode] = await tx.select({ id: markets.id }).from(markets).where(and(eq(markets.code, settings.code), others));
  if (sameCode) throw marketErrors.codeTaken();
  if (settings.publicUrl === null) return;
  const host = hostOfUrl(settings.publicUrl);
  const [sameHost] = await tx.select({ id: markets.id }).from(markets).where(and(eq(markets.host, host), others));
  if (sameHost) throw marketErrors.hostTaken();
  const [fallback] = await tx.select().from(markets).where(eq(markets.isDefault, true));
  if (fallback && fallback.id !== selfId && fallback.host === null && hostOfUrl(ctx.config.publicUrl) === host) throw marketErrors.hostTaken();
}

function storedOf(settings: TMarketSettings) {
  const { isDefault: _isDefault, ...stored } = settings;
  return { ...stored, host: stored.publicUrl === null ? null : hostOfUrl(stored.publicUrl) };
}

/** POST /api/staff/markets, `market create`: a new market, never the default one. */
export async function createMarket(ctx: TContext, options: TActor & { body: TCreateMarketBody }): Promise<TMarketView> {
  const body = given(options.body);
  const defaultLocale = typeof body.defaultLocale === 'string' ? body.defaultLocale : 'fr';
  const settings = checkSettings({
    defaultLocale,
    locales: [defaultLocale],
    currency: 'EUR',
    publicUrl: null,
    b2bOnly: null,
    businessProgramme: null,
    accountApproval: 'none',
    ...body,
    isDefault: false,
  });
  const row = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MARKET_CHANGES_LOCK})`);
    await refuseTaken(ctx, tx, settings, null);
    const [created] = await tx
      .insert(markets)
      .values({ id: newId('mkt'), ...storedOf(settings), isDefault: false })
      .returning();
    await recordStaffAudit(tx, {
      staffId: options.actor?.staff.id ?? null,
      action: 'market.created',
      target: { type: 'market', id: created!.id },
      meta: options.meta,
      details: { ...Object.fromEntries(SETTING_FIELDS.map((field) => [field, created![field]])), via: options.actor ? 'back_office' : 'command_line' },
    });
    return created!;
  });
  await ctx.markets.changed();
  return toMarketView(ctx.config, row);
}

/**
 * PATCH /api/staff/markets/:marketId, `market update`: only the fields given change, and the
 * result is checked whole (a new default language must be one of the languages kept). The
 * audit names each changed field with its value before and after.
 */
export async function updateMarket(ctx: TContext, options: TActor & { marketId: string; body: TUpdateMarketBody }): Promise<TMarketView> {
  const { row, changed } = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MARKET_CHANGES_LOCK})`);
    const [before] = await tx.select().from(markets).where(eq(markets.id, options.marketId)).for('update');
    if (!before) throw marketErrors.notFound();
    const stored = Object.fromEntries(SETTING_FIELDS.map((field) => [field, before[field]]));
    const settings = checkSettings({ ...stored, ...given(options.body), isDefault: before.isDefault });
    const next = storedOf(settings);
    const changes = SETTING_FIELDS.filter((field: TSettingField) => JSON.stringify(next[field]) !== JSON.stringify(before[field]));
    if (changes.length === 0) return { row: before, changed: false };
    await refuseTaken(ctx, tx, settings, before.id);
    const [after] = await tx
      .update(markets)
      .set({ ...Object.fromEntries(changes.map((field) => [field, next[field]])), host: next.host, updatedAt: new Date() })
      .where(eq(markets.id, before.id))
      .returning();
    await recordStaffAudit(tx, {
      staffId: options.actor?.staff.id ?? null,
      action: 'market.updated',
      target: { type: 'market', id: before.id },
      meta: options.meta,
      details: { changes: Object.fromEntries(changes.map((field) => [field, { from: before[field], to: after![field] }])), via: options.actor ? 'back_office' : 'command_line' },
    });
    return { row: after!, changed: true };
  });
  if (changed) await ctx.markets.changed();
  return toMarketView(ctx.config, row);
}
