import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodePng } from '../../src/modules/markets/branding-icons.js';
import { markets } from '../../src/modules/markets/markets.tables.js';
import { staffAuditEvents, staffUsers } from '../../src/modules/staff/staff.tables.js';
import { createTestMarket } from '../support/markets.js';
import { apiClient, createTestApp, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

// F7.5: a market's branding document, its logo and favicon, and what every host serves from them.

vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

let t: TTestApp;
let owner: TStaff;
let support: TStaff;
let marketB: Awaited<ReturnType<typeof createTestMarket>>;
beforeAll(async () => {
  t = await createTestApp({ env: { SHOP_NAME: 'Comptoir Test', BRAND_COLOR: '#1f4e79' } });
  owner = await setUpFirstOwner(t);
  support = await inviteStaffMember(t, owner, 'support');
  marketB = await createTestMarket(t, { code: 'brand-be', name: 'Belgique' });
});
afterAll(async () => {
  await t.close();
});

const as = (staff: TStaff) => ({ token: staff.token });
const brandingUrl = (marketId: string) => `/api/staff/markets/${marketId}/branding`;

/** A real PNG of `width`×`height` in one colour. */
function png(width: number, height: number): Buffer {
  return encodePng(width, height, new Uint8Array(width * height * 4).fill(200));
}

/** Only the 24-byte header of a PNG: enough to say its size, and cheap at any size. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const bytes = Buffer.from(png(1, 1));
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return bytes;
}

/** An ICO of one 16×16 entry: the header and directory are what is checked. */
function ico(): Buffer {
  const image = png(16, 16);
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header[6] = 16;
  header[7] = 16;
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, image]);
}

function upload(staff: TStaff, marketId: string, kind: 'logo' | 'favicon', bytes: Buffer, contentType: string) {
  return t.app.inject({ method: 'PUT', url: `/api/staff/markets/${marketId}/${kind}`, payload: bytes, headers: { authorization: `Bearer ${staff.token}`, 'content-type': contentType } });
}

const validBranding = {
  shopName: 'Comptoir Belgique',
  primaryColor: '#0B5D3B',
  accentColor: '#F2C14E',
  font: 'humanist',
  senderName: 'Comptoir Belgique',
  replyTo: 'service@comptoir.be',
  legal: {
    companyName: 'Comptoir Benelux',
    legalForm: 'SAS',
    shareCapital: '50 000 €',
    address: '12 rue de la Loi, 1000 Bruxelles',
    siren: '552 100 554',
    rcs: 'RCS Paris 552 100 554',
    vatNumber: 'BE0403170701',
  },
  links: { termsUrl: 'https://www.comptoir.be/cgv', privacyUrl: 'https://www.comptoir.be/vie-privee', storeUrl: 'https://www.comptoir.be' },
};

describe('PUT /api/staff/markets/{marketId}/branding', () => {
  it('lists every bad field at once, a low-contrast colour with its measured ratio', async () => {
    const response = await owner.client.put(
      brandingUrl(marketB.id),
      {
        shopName: 'x'.repeat(101),
        primaryColor: '#ffcc00',
        accentColor: 'green',
        font: 'comic-sans',
        senderName: 'Boutique\r\nBcc: victime@example.fr',
        replyTo: 'pas une adresse',
        legal: { siren: '552 100 555', rcs: 'Paris 552', vatNumber: 'DE123456789' },
        links: { termsUrl: 'javascript:alert(1)', privacyUrl: '/vie-privee' },
        colour: '#000000',
      },
      as(owner),
    );
    expect(response.status).toBe(400);
    const errors = (response.body as { errors: { path: string; code: string; message: string }[] }).errors;
    expect(errors.map((error) => error.path).sort()).toEqual(
      ['accentColor', 'colour', 'font', 'legal.rcs', 'legal.siren', 'legal.vatNumber', 'links.privacyUrl', 'links.termsUrl', 'primaryColor', 'replyTo', 'senderName', 'shopName'].sort(),
    );
    const contrast = errors.find((error) => error.path === 'primaryColor');
    // #ffcc00 on white measures 1.51:1 (WCAG's relative luminance).
    expect(contrast).toMatchObject({ code: 'low_contrast' });
    expect(contrast?.message).toContain('1.51:1');
    expect(errors.find((error) => error.path === 'legal.siren')?.code).toBe('invalid_siren');
    expect(errors.find((error) => error.path === 'colour')?.code).toBe('unknown_field');
  });

  it('refuses an accent colour no text colour reads on, and an RCS line naming another SIREN', async () => {
    const response = await owner.client.put(brandingUrl(marketB.id), { accentColor: '#777777', legal: { siren: '552100554', rcs: 'RCS Lyon 732 829 320' } }, as(owner));
    expect(response.status).toBe(400);
    const errors = (response.body as { errors: { path: string; code: string; message: string }[] }).errors;
    expect(errors).toEqual([
      expect.objectContaining({ path: 'accentColor', code: 'low_contrast', message: expect.stringMatching(/4\.\d\d:1/) }),
      expect.objectContaining({ path: 'legal.rcs', code: 'rcs_siren_mismatch' }),
    ]);
  });

  it('saves, audits the fields that changed, and the market’s host answers with it at once; the default host keeps the environment’s', async () => {
    const saved = await owner.client.put(brandingUrl(marketB.id), validBranding, as(owner));
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      marketId: marketB.id,
      effective: {
        shopName: 'Comptoir Belgique',
        primaryColor: '#0b5d3b',
        senderFrom: '"Comptoir Belgique" <no-reply@localhost>',
        replyTo: 'service@comptoir.be',
        legal: { siren: '552100554', vatNumber: 'BE0403170701' },
        legalLines: ['Comptoir Benelux, SAS au capital de 50 000 €', '12 rue de la Loi, 1000 Bruxelles', 'SIREN 552 100 554 · RCS Paris 552 100 554 · TVA intracommunautaire BE0403170701'],
      },
    });
    const [audit] = await t.ctx.db
      .select()
      .from(staffAuditEvents)
      .where(and(eq(staffAuditEvents.action, 'market.branding_updated'), eq(staffAuditEvents.targetId, marketB.id)));
    expect(audit?.details).toEqual({ fields: ['accentColor', 'font', 'legal', 'links', 'primaryColor', 'replyTo', 'senderName', 'shopName'] });

    const again = await owner.client.put(brandingUrl(marketB.id), validBranding, as(owner));
    expect(again.status).toBe(200);
    const audits = await t.ctx.db.select().from(staffAuditEvents).where(eq(staffAuditEvents.action, 'market.branding_updated'));
    expect(audits).toHaveLength(1);

    const onB = await apiClient(t.app).get('/api/branding', { headers: marketB.hostHeader });
    expect(onB.status).toBe(200);
    expect(onB.body).toMatchObject({
      marketCode: 'brand-be',
      shopName: 'Comptoir Belgique',
      primaryColor: '#0b5d3b',
      onPrimaryColor: '#ffffff',
      accentColor: '#f2c14e',
      onAccentColor: '#111111',
      font: 'humanist',
      logoUrl: null,
      faviconUrl: `http://${marketB.hostHeader.host}/favicon.ico`,
      manifestUrl: `http://${marketB.hostHeader.host}/manifest.webmanifest`,
      links: validBranding.links,
      locales: ['fr', 'en'],
    });
    expect((onB.body as { legalLines: { en: string[] } }).legalLines.en[0]).toBe('Comptoir Benelux, SAS with a share capital of 50 000 €');
    const onDefault = await apiClient(t.app).get('/api/branding');
    expect(onDefault.body).toMatchObject({ shopName: 'Comptoir Test', primaryColor: '#1f4e79', accentColor: '#1f4e79', font: 'system', legalLines: { fr: [], en: [] } });
  });

  it('support staff read it but may not change it (403); a member limited to other markets gets 404; an unknown market 404', async () => {
    expect((await support.client.get(brandingUrl(marketB.id), as(support))).status).toBe(200);
    expect((await support.client.put(brandingUrl(marketB.id), { shopName: 'Autre' }, as(support))).status).toBe(403);
    expect((await upload(support, marketB.id, 'logo', png(8, 8), 'image/png')).statusCode).toBe(403);
    await t.ctx.db.update(staffUsers).set({ marketIds: ['mkt_default'] }).where(eq(staffUsers.id, support.id));
    try {
      expect((await support.client.get(brandingUrl(marketB.id), as(support))).status).toBe(404);
      expect((await support.client.get(`/api/staff/markets/${marketB.id}/email-previews`, as(support))).status).toBe(404);
    } finally {
      await t.ctx.db.update(staffUsers).set({ marketIds: null }).where(eq(staffUsers.id, support.id));
    }
    expect((await owner.client.put(brandingUrl('mkt_nowhere'), { shopName: 'X' }, as(owner))).status).toBe(404);
    expect((await apiClient(t.app).get(brandingUrl(marketB.id))).status).toBe(401);
  });

  it('is described in /openapi.json, with the public /api/branding', async () => {
    const spec = (await apiClient(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(spec.paths['/api/branding']?.get).toBeDefined();
    expect(spec.paths['/api/staff/markets/{marketId}/branding']?.put).toBeDefined();
    expect(spec.paths['/api/staff/markets/{marketId}/logo']?.put).toBeDefined();
    expect(spec.paths['/api/staff/markets/{marketId}/email-previews/{template}']?.get).toBeDefined();
  });
});

describe('PUT /api/staff/markets/{marketId}/logo and /favicon', () => {
  it('refuses another type (415), more than 512 KB (413), bytes of another type (422 image_type_mismatch), too many pixels and a damaged file (422)', async () => {
    const text = await upload(owner, marketB.id, 'logo', Buffer.from('<svg onload="alert(1)"/>'), 'image/svg+xml');
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'unsupported_media_type' });
    expect((await upload(owner, marketB.id, 'logo', ico(), 'image/x-icon')).statusCode).toBe(415);
    const json = await owner.client.put(`/api/staff/markets/${marketB.id}/logo`, { image: 'x' }, as(owner));
    expect(json.status).toBe(415);

    const large = Buffer.concat([png(4, 4), Buffer.alloc(512 * 1024)]);
    const tooLarge = await upload(owner, marketB.id, 'logo', large, 'image/png');
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ code: 'payload_too_large', detail: expect.stringContaining('512 KB') });

    const mismatch = await upload(owner, marketB.id, 'logo', png(8, 8), 'image/jpeg');
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json()).toMatchObject({ code: 'image_type_mismatch' });
    const html = await upload(owner, marketB.id, 'favicon', Buffer.from('<html><script>alert(1)</script></html>'), 'image/png');
    expect(html.json()).toMatchObject({ code: 'image_type_mismatch' });

    const huge = await upload(owner, marketB.id, 'logo', pngHeaderOnly(4096, 100), 'image/png');
    expect(huge.statusCode).toBe(422);
    expect(huge.json()).toMatchObject({ code: 'image_too_many_pixels', detail: expect.stringContaining('4096×100') });
    const cut = await upload(owner, marketB.id, 'logo', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]), 'image/jpeg');
    expect(cut.json()).toMatchObject({ code: 'image_unreadable' });
    expect(await t.ctx.db.select().from(staffAuditEvents).where(eq(staffAuditEvents.action, 'market.asset_uploaded'))).toHaveLength(0);
  });

  it('keeps the logo with its digest, serves it for a year under its digest (ETag, nosniff, CSP), briefly otherwise; DELETE takes it away', async () => {
    const logo = png(120, 40);
    const uploaded = await upload(owner, marketB.id, 'logo', logo, 'image/png');
    expect(uploaded.statusCode).toBe(200);
    const view = uploaded.json() as { effective: { logoUrl: string }; assets: { kind: string; sha256: string }[] };
    const sha256 = view.assets.find((asset) => asset.kind === 'logo')?.sha256 ?? '';
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(view.effective.logoUrl).toBe(`http://${marketB.hostHeader.host}/branding/${marketB.id}/logo?v=${sha256.slice(0, 16)}`);
    const [audit] = await t.ctx.db.select().from(staffAuditEvents).where(eq(staffAuditEvents.action, 'market.asset_uploaded'));
    expect(audit?.details).toMatchObject({ kind: 'logo', contentType: 'image/png', width: 120, height: 40, sha256 });

    const served = await t.app.inject({ method: 'GET', url: `/branding/${marketB.id}/logo?v=${sha256.slice(0, 16)}` });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(logo)).toBe(true);
    expect(served.headers).toMatchObject({
      'content-type': 'image/png',
      'cache-control': 'public, max-age=31536000, immutable',
      etag: `"${sha256.slice(0, 32)}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
    });
    const stale = await t.app.inject({ method: 'GET', url: `/branding/${marketB.id}/logo?v=0000000000000000` });
    expect(stale.headers['cache-control']).toBe('public, max-age=300');
    const revalidated = await t.app.inject({ method: 'GET', url: `/branding/${marketB.id}/logo`, headers: { 'if-none-match': `"${sha256.slice(0, 32)}"` } });
    expect(revalidated.statusCode).toBe(304);
    expect((await apiClient(t.app).get('/api/branding', { headers: marketB.hostHeader })).body).toMatchObject({ logoUrl: view.effective.logoUrl });

    const removed = await owner.client.delete(`/api/staff/markets/${marketB.id}/logo`, as(owner));
    expect(removed.status).toBe(200);
    expect((removed.body as { effective: { logoUrl: string | null } }).effective.logoUrl).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: `/branding/${marketB.id}/logo` })).statusCode).toBe(404);
    expect(await t.ctx.db.select().from(staffAuditEvents).where(eq(staffAuditEvents.action, 'market.asset_deleted'))).toHaveLength(1);
  });
});

describe('/favicon.ico and /manifest.webmanifest by host', () => {
  it('the default host draws its icon in its colour; a market with an uploaded favicon serves that file', async () => {
    const drawn = await t.app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(drawn.statusCode).toBe(200);
    expect(drawn.headers['content-type']).toBe('image/png');
    expect(drawn.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(drawn.rawPayload.readUInt32BE(16)).toBe(32);
    expect((await t.app.inject({ method: 'GET', url: '/admin/favicon.ico' })).statusCode).toBe(200);

    const icon = ico();
    expect((await upload(owner, marketB.id, 'favicon', icon, 'image/vnd.microsoft.icon')).statusCode).toBe(200);
    const onB = await t.app.inject({ method: 'GET', url: '/favicon.ico', headers: marketB.hostHeader });
    expect(onB.statusCode).toBe(200);
    expect(onB.headers['content-type']).toBe('image/x-icon');
    expect(onB.rawPayload.equals(icon)).toBe(true);
    // The default host is untouched by B's upload.
    expect((await t.app.inject({ method: 'GET', url: '/favicon.ico' })).headers['content-type']).toBe('image/png');
  });

  it('each host’s manifest names its market, in its colours, with 192 and 512 px icons that are PNGs of that size', async () => {
    const onB = await t.app.inject({ method: 'GET', url: '/manifest.webmanifest', headers: marketB.hostHeader });
    expect(onB.statusCode).toBe(200);
    expect(onB.headers['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = onB.json() as { name: string; display: string; start_url: string; theme_color: string; background_color: string; icons: { src: string; sizes: string }[] };
    expect(manifest).toMatchObject({ name: 'Comptoir Belgique', short_name: 'Comptoir Belgique', display: 'standalone', start_url: '/', theme_color: '#f2c14e', background_color: '#ffffff' });
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(['192x192', '512x512']);
    for (const icon of manifest.icons) {
      const image = await t.app.inject({ method: 'GET', url: icon.src, headers: marketB.hostHeader });
      expect(image.headers['content-type']).toBe('image/png');
      expect(`${image.rawPayload.readUInt32BE(16)}x${image.rawPayload.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const onDefault = (await t.app.inject({ method: 'GET', url: '/manifest.webmanifest' })).json() as { name: string; theme_color: string };
    expect(onDefault).toMatchObject({ name: 'Comptoir Test', theme_color: '#1f4e79' });
    const admin = (await t.app.inject({ method: 'GET', url: '/admin/manifest.webmanifest' })).json() as { start_url: string; scope: string };
    expect(admin).toMatchObject({ start_url: '/admin/', scope: '/admin/' });
  });

  it('the default market’s stored branding applies on any unknown host', async () => {
    await t.ctx.db.update(markets).set({ branding: { shopName: 'Défaut Modifié' } }).where(eq(markets.isDefault, true));
    await t.ctx.markets.reload();
    try {
      const response = await apiClient(t.app).get('/api/branding', { headers: { host: 'inconnu.example' } });
      expect(response.body).toMatchObject({ shopName: 'Défaut Modifié' });
    } finally {
      await t.ctx.db.update(markets).set({ branding: {} }).where(eq(markets.isDefault, true));
      await t.ctx.markets.reload();
    }
  });
});
