import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { TAppContext, TRequestMeta } from '../../context.js';
import { recordStaffAudit } from '../staff/staff-audit.service.js';
import type { TStaffPrincipal } from '../staff/staff-sessions.service.js';
import { brandingErrors } from './branding.errors.js';
import { marketBrandingView, staffMarket } from './branding.service.js';
import { acceptedTypes, checkAsset } from './market-assets.rules.js';
import { marketAssets, type TMarketAssetKind } from './markets.tables.js';

// A market's logo and favicon (F7.5), uploaded by staff as raw bytes and kept in the database
// (one backup covers them), served by Comptoir under a URL carrying their digest.

type TContext = Pick<TAppContext, 'db' | 'markets'>;
type TAssetAction = { actor: TStaffPrincipal; meta: TRequestMeta; marketId: string; kind: TMarketAssetKind };

/** Checks the upload (type, size, magic number, pixels), then replaces the market's image of that kind. Audited. */
export async function uploadMarketAsset(ctx: TContext, options: TAssetAction & { declaredType: string; bytes: Buffer }) {
  const market = staffMarket(ctx, options.actor, options.marketId);
  const checked = checkAsset({ kind: options.kind, declaredType: options.declaredType, bytes: options.bytes });
  if (!checked.ok) {
    switch (checked.problem) {
      case 'unsupported_type':
        throw brandingErrors.unsupportedImageType(acceptedTypes[options.kind]);
      case 'too_large':
        throw brandingErrors.imageTooLarge();
      case 'type_mismatch':
        throw brandingErrors.imageTypeMismatch(options.declaredType);
      case 'unreadable':
        throw brandingErrors.imageUnreadable();
      case 'too_many_pixels':
        throw brandingErrors.imageTooManyPixels(checked.size ?? { width: 0, height: 0 });
    }
  }
  const sha256 = createHash('sha256').update(options.bytes).digest('hex');
  const values = { contentType: checked.type, data: options.bytes, byteSize: options.bytes.length, sha256, updatedAt: new Date() };
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(marketAssets)
      .values({ marketId: market.id, kind: options.kind, ...values })
      .onConflictDoUpdate({ target: [marketAssets.marketId, marketAssets.kind], set: values });
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'market.asset_uploaded',
      target: { type: 'market', id: market.id },
      meta: options.meta,
      details: { kind: options.kind, contentType: checked.type, byteSize: options.bytes.length, sha256, width: checked.size.width, height: checked.size.height },
    });
  });
  await ctx.markets.changed();
  return marketBrandingView(ctx.markets.get(market.id));
}

/** Removes the market's image of that kind (the environment's logo, or the drawn icon, apply again). Audited when there was one. */
export async function deleteMarketAsset(ctx: TContext, options: TAssetAction) {
  const market = staffMarket(ctx, options.actor, options.marketId);
  const deleted = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .delete(marketAssets)
      .where(and(eq(marketAssets.marketId, market.id), eq(marketAssets.kind, options.kind)))
      .returning({ sha256: marketAssets.sha256 });
    if (rows.length === 0) return false;
    await recordStaffAudit(tx, {
      staffId: options.actor.staff.id,
      action: 'market.asset_deleted',
      target: { type: 'market', id: market.id },
      meta: options.meta,
      details: { kind: options.kind, sha256: rows[0]?.sha256 },
    });
    return true;
  });
  if (deleted) await ctx.markets.changed();
  return marketBrandingView(ctx.markets.get(market.id));
}
