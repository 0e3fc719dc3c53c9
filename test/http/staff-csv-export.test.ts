import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { parseCsv, stripBom } from '../../src/modules/customer-csv/csv.rules.js';
import { insertCompany, insertLocation, insertMember } from '../support/company-fixtures.js';
import { createFilledCustomer } from '../support/personal-data.js';
import { apiClient, createTestApp, uniqueEmail, type TTestApp } from '../support/test-app.js';
import { inviteStaffMember, setUpFirstOwner, type TStaff } from './staff-fixtures.js';

let t: TTestApp;
let owner: TStaff;
let admin: TStaff;
beforeAll(async () => {
  t = await createTestApp();
  owner = await setUpFirstOwner(t);
  admin = await inviteStaffMember(t, owner, 'administrator');
});
afterAll(async () => {
  await t.close();
});

/** The file as the browser saves it: BOM, then CSV; every record keyed by its header. */
function readCsvFile(body: string): { header: string[]; rows: Record<string, string>[] } {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  const parsed = parseCsv(stripBom(body));
  if (!parsed.ok) throw new Error(parsed.message);
  const [header, ...records] = parsed.records;
  return { header: header!.cells, rows: records.map((record) => Object.fromEntries(header!.cells.map((name, index) => [name, record.cells[index] ?? '']))) };
}

const postCsv = (staff: TStaff, body: string, query: string) =>
  staff.client.post(`/api/staff/imports/customers?${query}`, body, { token: staff.token, headers: { 'content-type': 'text/csv' } });

describe('GET /api/staff/exports/customers.csv', () => {
  it('streams every customer in the import format, UTF-8 with BOM, as an attachment; formula-like cells are neutralised', async () => {
    const email = uniqueEmail('formule');
    const imported = await postCsv(
      admin,
      `email,first_name,last_name,phone,newsletter_email,address_company,address_line1,address_postal_code,address_city,address_country\r\n${email},"=HYPERLINK(""http://evil"")",@Martin,06 12 34 56 78,yes,"-Atelier, ""Sud""",1 rue du Port,13002,Marseille,FR\r\n`,
      'format=comptoir&dryRun=false',
    );
    expect(imported.body).toMatchObject({ created: 1 });
    const response = await admin.client.get('/api/staff/exports/customers.csv', { token: admin.token });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/);
    // Streamed: no length known in advance, sent in chunks.
    expect(response.headers['content-length']).toBeUndefined();
    const body = response.raw.body;
    expect(body).toContain('\r\n');
    const { header, rows } = readCsvFile(body);
    expect(header.slice(0, 3)).toEqual(['email', 'first_name', 'last_name']);
    expect(header).toEqual(expect.arrayContaining(['newsletter_email', 'promotional_email', 'sms', 'address_line1', 'address_country', 'customer_id', 'created_at']));
    const row = rows.find((item) => item.email === email);
    expect(row).toMatchObject({
      first_name: `'=HYPERLINK("http://evil")`,
      last_name: "'@Martin",
      phone: "'+33612345678",
      newsletter_email: 'yes',
      promotional_email: 'no',
      address_company: `'-Atelier, "Sud"`,
      address_line1: '1 rue du Port',
      address_postal_code: '13002',
      address_country: 'FR',
    });
    expect(body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const audit = await t.ctx.db.select().from(staffAuditEvents).where(eq(staffAuditEvents.action, 'customers.exported'));
    expect(audit).toEqual([expect.objectContaining({ staffId: admin.id })]);
  });

  it('round trip: the export imported back in Comptoir format changes nothing', async () => {
    await createFilledCustomer(t);
    await createFilledCustomer(t);
    // Over one export batch (1,000 rows), so the keyset pages are joined without loss.
    const lines = Array.from({ length: 1100 }, (_, index) => `${uniqueEmail(`rt${index}`)},Client,N${index},${index % 2 ? 'yes' : 'no'}`);
    expect((await postCsv(admin, `email,first_name,last_name,sms\r\n${lines.join('\r\n')}\r\n`, 'format=comptoir&dryRun=false')).body).toMatchObject({ created: 1100 });
    const exported = await admin.client.get('/api/staff/exports/customers.csv', { token: admin.token });
    const { rows } = readCsvFile(exported.raw.body);
    const total = (await t.ctx.db.select({ id: customers.id }).from(customers)).length;
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((row) => row.customer_id)).size).toBe(total);
    const reimported = await postCsv(admin, exported.raw.body, 'format=comptoir&dryRun=false');
    expect(reimported.status, JSON.stringify(reimported.body).slice(0, 500)).toBe(200);
    expect(reimported.body).toMatchObject({ rows: total, created: 0, updated: 0, unchanged: total, consentsRecorded: 0, addressesCreated: 0, notesCreated: 0 });
  });

  it('support and read-only members get 403', async () => {
    for (const role of ['support', 'read_only'] as const) {
      const member = await inviteStaffMember(t, owner, role);
      for (const path of ['/api/staff/exports/customers.csv', '/api/staff/exports/companies.csv']) {
        const refused = await member.client.get(path, { token: member.token });
        expect(refused.status).toBe(403);
      }
    }
    expect((await apiClient(t.app).get('/api/staff/exports/customers.csv')).status).toBe(401);
  });
});

describe('GET /api/staff/exports/companies.csv', () => {
  it('streams every company with its identity, member, administrator and location counts', async () => {
    const [first, second] = (await t.ctx.db.select({ id: customers.id }).from(customers).limit(2)).map((row) => row.id);
    const companyId = await insertCompany(t.ctx.db, { name: '+Papeterie Durand' });
    await insertMember(t.ctx.db, { companyId, customerId: first!, role: 'admin' });
    await insertMember(t.ctx.db, { companyId, customerId: second!, role: 'member' });
    await insertLocation(t.ctx.db, { companyId });
    await insertLocation(t.ctx.db, { companyId });
    const empty = await insertCompany(t.ctx.db, { name: 'Vide SA', country: 'BE' });
    const response = await admin.client.get('/api/staff/exports/companies.csv', { token: admin.token });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="companies-\d{4}-\d{2}-\d{2}\.csv"$/);
    const { rows } = readCsvFile(response.raw.body);
    expect(rows.find((row) => row.company_id === companyId)).toMatchObject({ name: "'+Papeterie Durand", kind: 'company', country: 'FR', status: 'active', members: '2', admins: '1', locations: '2' });
    expect(rows.find((row) => row.company_id === empty)).toMatchObject({ name: 'Vide SA', country: 'BE', members: '0', admins: '0', locations: '0' });
    const audit = await t.ctx.db.select().from(staffAuditEvents).where(inArray(staffAuditEvents.action, ['companies.exported']));
    expect(audit).toHaveLength(1);
  });
});
