import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emailPreviewTemplates } from '../../src/modules/markets/branding-email-previews.js';
import { createTestMarket } from '../support/markets.js';
import { apiClient, createTestApp, type TTestApp } from '../support/test-app.js';
import { setUpFirstOwner, type TStaff } from './staff-fixtures.js';

// F7.5: staff see every email the server sends, drawn with a market's branding, before customers do.

vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

let t: TTestApp;
let owner: TStaff;
let market: Awaited<ReturnType<typeof createTestMarket>>;
beforeAll(async () => {
  t = await createTestApp({ env: { SHOP_NAME: 'Comptoir Défaut' } });
  owner = await setUpFirstOwner(t);
  market = await createTestMarket(t, {
    code: 'apercu',
    branding: {
      shopName: 'Épicerie <Aperçu>',
      primaryColor: '#7a1f3d',
      senderName: 'Épicerie Aperçu',
      replyTo: 'bonjour@apercu.example',
      legal: { companyName: 'Aperçu SARL', legalForm: 'SARL', shareCapital: '8 000 €', siren: '552100554', vatNumber: 'FR40552100554' },
      links: { termsUrl: 'https://apercu.example/cgv' },
    },
  });
});
afterAll(async () => {
  await t.close();
});

/** Every template name the server's code gives an email it writes to the outbox. */
function templatesInSource(): string[] {
  const root = new URL('../../src/', import.meta.url).pathname;
  const names = new Set<string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !file.includes('branding-email-previews')) {
        const source = readFileSync(file, 'utf8');
        for (const match of source.matchAll(/template: '([a-z_]+)'|_TEMPLATE = '([a-z_]+)'/g)) names.add(match[1] ?? match[2] ?? '');
      }
    }
  };
  walk(root);
  return [...names].sort();
}

describe('GET /api/staff/markets/{marketId}/email-previews', () => {
  it('lists exactly the templates the server sends, each described in French and English', async () => {
    expect([...emailPreviewTemplates].sort()).toEqual(templatesInSource());
    const response = await owner.client.get(`/api/staff/markets/${market.id}/email-previews`, { token: owner.token });
    expect(response.status).toBe(200);
    const items = (response.body as { items: { template: string; description: { fr: string; en: string } }[] }).items;
    expect(items.map((item) => item.template).sort()).toEqual(templatesInSource());
    for (const item of items) expect(item.description.fr && item.description.en).toBeTruthy();
  });

  it('draws every template in both languages with the market’s name, colour, legal mentions, links, sender and host', async () => {
    for (const template of emailPreviewTemplates) {
      for (const locale of ['fr', 'en'] as const) {
        const response = await owner.client.get(`/api/staff/markets/${market.id}/email-previews/${template}?locale=${locale}`, { token: owner.token });
        expect(response.status, `${template} ${locale}`).toBe(200);
        const preview = response.body as { subject: string; html: string; text: string; from: string; replyTo: string | null };
        expect(preview.html, template).toContain(`lang="${locale}"`);
        // Escaped in HTML, as any shop name: a name is text, never markup.
        expect(preview.html, template).toContain('Épicerie &lt;Aperçu&gt;');
        expect(preview.html, template).not.toContain('<Aperçu>');
        expect(preview.html, template).toContain('#7a1f3d');
        expect(preview.text, template).toContain('SIREN 552 100 554');
        expect(preview.text, template).toContain(locale === 'fr' ? 'SARL au capital de 8 000 €' : 'SARL with a share capital of 8 000 €');
        expect(preview.html, template).toContain('https://apercu.example/cgv');
        expect(preview.text, template).toContain(`http://${market.hostHeader.host}`);
        expect(preview.text, template).not.toContain('{{comptoir:recipient}}');
        expect(preview.subject, template).not.toMatch(/[\r\n]/);
        expect(preview).toMatchObject({ from: '"Épicerie Aperçu" <no-reply@localhost>', replyTo: 'bonjour@apercu.example' });
      }
    }
  });

  it('French and English differ; an unknown template or language is refused; no session is 401', async () => {
    const url = `/api/staff/markets/${market.id}/email-previews/login_code`;
    const fr = (await owner.client.get(`${url}?locale=fr`, { token: owner.token })).body as { subject: string };
    const en = (await owner.client.get(`${url}?locale=en`, { token: owner.token })).body as { subject: string };
    expect(fr.subject).not.toBe(en.subject);
    expect((await owner.client.get(`/api/staff/markets/${market.id}/email-previews/nothing_here`, { token: owner.token })).status).toBe(404);
    expect((await owner.client.get(`/api/staff/markets/${market.id}/email-previews/toString`, { token: owner.token })).status).toBe(404);
    const badLocale = await owner.client.get(`${url}?locale=de`, { token: owner.token });
    expect(badLocale.status).toBe(400);
    expect((badLocale.body as { errors: { path: string }[] }).errors[0]?.path).toBe('query.locale');
    expect((await owner.client.get(`/api/staff/markets/mkt_nowhere/email-previews/login_code`, { token: owner.token })).status).toBe(404);
    expect((await apiClient(t.app).get(url)).status).toBe(401);
  });

  it('the default market’s previews carry the environment’s shop name and MAIL_FROM', async () => {
    const response = await owner.client.get(`/api/staff/markets/mkt_default/email-previews/password_reset?locale=fr`, { token: owner.token });
    expect(response.body).toMatchObject({ from: 'Comptoir <no-reply@localhost>', replyTo: null, subject: expect.stringContaining('Comptoir Défaut') });
  });
});
