import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents } from '../../src/modules/auth/auth.tables.js';
import { registerVerifiedCustomer } from '../support/factories.js';
import { createTestApp, type TTestApp } from '../support/test-app.js';

let t: TTestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { SHOP_NAME: 'Papeterie Test' } });
});
afterAll(async () => {
  await t.close();
});

type TExport = {
  format: string;
  version: number;
  generatedAt: string;
  controller: { name: string; publicUrl: string };
  customerId: string;
  sections: Record<string, unknown> & { profile: { email: string; hasPassword: boolean }; emails: { to: string; subject: string; text: string; template: string }[] };
  processing: {
    sections: { section: string; purposes: string[]; legalBasis: string; retention: string; recipients: string[] }[];
    rights: { right: string }[];
    supervisoryAuthorities: { name: string }[];
  };
};

describe('GET /api/me/export', () => {
  it('GET /api/me/export: 200 one JSON document as an attachment, with the shop as controller, every section and how each is processed', async () => {
    const customer = await registerVerifiedCustomer(t, { firstName: 'Inès' });
    const response = await customer.client.get('/api/me/export', { token: customer.token });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="comptoir-export-${today}.json"`);
    const document = response.body as TExport;
    expect(document).toMatchObject({
      format: 'comptoir.personal-data-export',
      version: 1,
      controller: { name: 'Papeterie Test', publicUrl: 'http://comptoir.test' },
      customerId: customer.customerId,
    });
    expect(Date.parse(document.generatedAt)).not.toBeNaN();
    for (const key of ['profile', 'addresses', 'consents', 'sessions', 'securityEvents', 'emails']) expect(document.sections).toHaveProperty(key);
    expect(document.sections.profile).toMatchObject({ email: customer.email, hasPassword: true });
    expect(document.sections.profile).not.toHaveProperty('passwordHash');
    const verification = document.sections.emails.find((email) => email.template === 'verify_email');
    expect(verification).toMatchObject({ to: customer.email });
    expect(verification!.text).toContain('Inès');
    expect(document.processing.sections.map((entry) => entry.section).sort()).toEqual(Object.keys(document.sections).sort());
    expect(document.processing.rights.map((entry) => entry.right)).toEqual(expect.arrayContaining(['Rectification', 'Erasure', 'Complaint']));
    expect(document.processing.supervisoryAuthorities.map((entry) => entry.name).join(' ')).toMatch(/CNIL.*APD/);
  });

  it('GET /api/me/export: is audited as data_exported, which the export itself shows', async () => {
    const customer = await registerVerifiedCustomer(t);
    const response = await customer.client.get('/api/me/export', { token: customer.token, headers: { 'user-agent': 'ExportAudit/1.0' } });
    const events = (response.body as { sections: { securityEvents: { type: string; userAgent: string | null }[] } }).sections.securityEvents;
    expect(events.at(-1)).toMatchObject({ type: 'data_exported', userAgent: 'ExportAudit/1.0' });
    const rows = await t.ctx.db
      .select()
      .from(securityEvents)
      .where(and(eq(securityEvents.customerId, customer.customerId), eq(securityEvents.type, 'data_exported')));
    expect(rows).toHaveLength(1);
  });

  it('GET /api/me/export: the sixth export within an hour is 429 rate_limited with Retry-After, for that customer only', async () => {
    const customer = await registerVerifiedCustomer(t);
    for (let i = 0; i < 5; i += 1) expect((await customer.client.get('/api/me/export', { token: customer.token })).status).toBe(200);
    const refused = await customer.client.get('/api/me/export', { token: customer.token });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
    const other = await registerVerifiedCustomer(t);
    expect((await other.client.get('/api/me/export', { token: other.token })).status).toBe(200);
  });

  it('GET /api/me/export: signed out is 401', async () => {
    const customer = await registerVerifiedCustomer(t);
    expect((await customer.client.get('/api/me/export')).status).toBe(401);
  });

  it('GET /openapi.json documents the export document and DELETE /api/me with its proof', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    const spec = response.json() as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties: Record<string, { properties?: Record<string, unknown> }> } }> }>; requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> };
    const exportSchema = spec.paths['/api/me/export']!.get!.responses['200']!.content!['application/json']!.schema;
    expect(Object.keys(exportSchema.properties)).toEqual(expect.arrayContaining(['format', 'version', 'generatedAt', 'controller', 'customerId', 'sections', 'processing']));
    expect(Object.keys(exportSchema.properties.sections!.properties!)).toEqual(
      expect.arrayContaining(['profile', 'addresses', 'consents', 'sessions', 'securityEvents', 'emails']),
    );
    const deleteBody = spec.paths['/api/me']!.delete!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(deleteBody.properties)).toEqual(['password', 'code', 'passkey']);
  });
});
