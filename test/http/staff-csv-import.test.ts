import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAddresses } from '../../src/modules/addresses/addresses.tables.js';
import { customerNotes } from '../../src/modules/customer-admin/customer-admin.tables.js';
import { consentRecords, customers } from '../../src/modules/customers/customers.tables.js';
import { staffAuditEvents } from '../../src/modules/staff/staff.tables.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { countRows } from '../support/company-fixtures.js';
import { codeFromEmail, registerVerifiedCustomer } from '../support/factories.js';
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

type TReport = {
  format: string;
  dryRun: true;
  rows: number;
  valid: number;
  invalid: { line: number; errors: { field: string; code: string; message: string }[] }[];
  invalidCount: number;
  wouldCreate: number;
  wouldUpdate: number;
  wouldLeaveUnchanged: number;
};
type TResult = { dryRun: false; rows: number; created: number; updated: number; unchanged: number; consentsRecorded: number; addressesCreated: number; notesCreated: number };

const SHOPIFY_CLASSIC =
  'First Name,Last Name,Email,Accepts Email Marketing,Company,Address1,Address2,City,Province,Province Code,Country,Country Code,Zip,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Tags,Note,Tax Exempt';
const SHOPIFY_NEW =
  'Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags';

const csvOf = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

function postCsv(staff: TStaff, body: string | Buffer, query: string, headers: Record<string, string> = {}) {
  return staff.client.post(`/api/staff/imports/customers?${query}`, body, { token: staff.token, headers: { 'content-type': 'text/csv', ...headers } });
}

async function customerByEmail(email: string) {
  const [row] = await t.ctx.db.select().from(customers).where(eq(customers.emailNormalized, email.toLowerCase()));
  return row;
}

async function consentsOf(customerId: string) {
  return t.ctx.db
    .select({ purpose: consentRecords.purpose, granted: consentRecords.granted, source: consentRecords.source })
    .from(consentRecords)
    .where(eq(consentRecords.customerId, customerId));
}

describe('POST /api/staff/imports/customers: Shopify', () => {
  it('classic headers: the dry run reports what would happen and writes nothing; the import creates customers, consents (source import), address and note', async () => {
    const [camille, paul] = [uniqueEmail('camille'), uniqueEmail('paul')];
    const file = csvOf(
      SHOPIFY_CLASSIC,
      `Camille,Durand,${camille.toUpperCase()},yes,Atelier Durand,12 rue des Lilas,Bât. B,Paris,Paris,,France,FR,'75011,'06 12 34 56 78,yes,120.50,3,"vip, newsletter",Cliente fidèle depuis 2019,no`,
      `Paul,Martin,${paul},no,,,,,,,,,,,no,0.00,0,,,no`,
    );
    const before = await countRows(t.ctx.db, customers);
    const dry = await postCsv(admin, file, 'format=shopify');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ format: 'shopify', dryRun: true, rows: 2, valid: 2, invalid: [], wouldCreate: 2, wouldUpdate: 0, wouldLeaveUnchanged: 0 });
    expect(await countRows(t.ctx.db, customers)).toBe(before);

    const imported = await postCsv(admin, file, 'format=shopify&dryRun=false');
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ dryRun: false, rows: 2, created: 2, updated: 0, unchanged: 0, consentsRecorded: 2, addressesCreated: 1, notesCreated: 1 });

    const row = await customerByEmail(camille);
    expect(row).toMatchObject({ email: camille.toUpperCase(), firstName: 'Camille', lastName: 'Durand', phone: '+33612345678', origin: 'import', passwordHash: null, emailVerifiedAt: null, accountType: 'individual', status: 'active' });
    expect((await consentsOf(row!.id)).sort((a, b) => a.purpose.localeCompare(b.purpose))).toEqual([
      { purpose: 'newsletter_email', granted: true, source: 'import' },
      { purpose: 'sms', granted: true, source: 'import' },
    ]);
    const addresses = await t.ctx.db.select().from(customerAddresses).where(eq(customerAddresses.customerId, row!.id));
    expect(addresses).toEqual([
      expect.objectContaining({ kind: 'delivery', isDefault: true, firstName: 'Camille', lastName: 'Durand', company: 'Atelier Durand', line1: '12 rue des Lilas', line2: 'Bât. B', postalCode: '75011', city: 'Paris', country: 'FR' }),
    ]);
    const notes = await t.ctx.db.select().from(customerNotes).where(eq(customerNotes.customerId, row!.id));
    expect(notes).toEqual([expect.objectContaining({ body: 'Cliente fidèle depuis 2019', authorStaffId: null })]);
    // "no" with no earlier consent is no change: nothing recorded for Paul.
    const paulRow = await customerByEmail(paul);
    expect(await consentsOf(paulRow!.id)).toEqual([]);
    expect(await countRows(t.ctx.db, webhookEvents, and(eq(webhookEvents.type, 'customer.created'), inArray(webhookEvents.customerId, [row!.id, paulRow!.id])))).toBe(2);

    // Audited, with counts and no personal data.
    const audit = await t.ctx.db.select().from(staffAuditEvents).where(inArray(staffAuditEvents.action, ['customers.import_checked', 'customers.imported']));
    expect(audit.map((event) => event.action)).toEqual(expect.arrayContaining(['customers.import_checked', 'customers.imported']));
    const importedEvent = audit.find((event) => event.action === 'customers.imported');
    expect(importedEvent).toMatchObject({ staffId: admin.id, details: expect.objectContaining({ format: 'shopify', created: 2, consentsRecorded: 2 }) });
    expect(JSON.stringify(audit.map((event) => event.details))).not.toMatch(/@|Camille|Durand|Lilas/);

    // Again: idempotent, nothing written.
    const consentsBefore = await countRows(t.ctx.db, consentRecords);
    const again = await postCsv(admin, file, 'format=shopify&dryRun=false');
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, consentsRecorded: 0, addressesCreated: 0, notesCreated: 0 });
    expect(await countRows(t.ctx.db, consentRecords)).toBe(consentsBefore);
    expect(await countRows(t.ctx.db, customerNotes, eq(customerNotes.customerId, row!.id))).toBe(1);
  });

  it('newer headers (Customer ID, Default Address …): recognised by name, case-insensitively; unknown columns are ignored', async () => {
    const email = uniqueEmail('lea');
    const header = SHOPIFY_NEW.toUpperCase().replace('TAGS', 'Tags,Colonne Inconnue');
    const file = csvOf(header, `7712345,Léa,Petit,${email},TRUE,,5 avenue Foch,,Lyon,,FR,69006,04 72 00 00 00,+32 470 12 34 56,false,10.00,1,,no,vip,whatever`);
    const imported = await postCsv(admin, file, 'format=shopify&dryRun=false');
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 1, consentsRecorded: 1, addressesCreated: 1, notesCreated: 0 });
    const row = await customerByEmail(email);
    expect(row).toMatchObject({ firstName: 'Léa', lastName: 'Petit', phone: '+32470123456' });
    const [address] = await t.ctx.db.select().from(customerAddresses).where(eq(customerAddresses.customerId, row!.id));
    expect(address).toMatchObject({ line1: '5 avenue Foch', postalCode: '69006', city: 'Lyon', country: 'FR', phone: '+33472000000', isDefault: true });
    expect(await consentsOf(row!.id)).toEqual([{ purpose: 'newsletter_email', granted: true, source: 'import' }]);
  });

  it('an existing customer is updated with the non-empty cells only; a consent withdrawn in the file is recorded once', async () => {
    const existing = await registerVerifiedCustomer(t, { firstName: 'Anne' });
    await existing.client.patch('/api/me', { phone: '01 23 45 67 89' }, { token: existing.token });
    const first = csvOf(SHOPIFY_CLASSIC, `Annie,,${existing.email},yes,,,,,,,,,,,,,,,,`);
    expect((await postCsv(admin, first, 'format=shopify&dryRun=false')).body).toMatchObject({ created: 0, updated: 1, consentsRecorded: 1 });
    const row = await customerByEmail(existing.email);
    // The empty last name and phone cells left the stored values alone; the password is kept.
    expect(row).toMatchObject({ firstName: 'Annie', lastName: 'Durand', phone: '+33123456789', origin: 'registration' });
    expect(row!.passwordHash).not.toBeNull();
    const withdrawn = csvOf(SHOPIFY_CLASSIC, `Annie,,${existing.email},no,,,,,,,,,,,,,,,,`);
    expect((await postCsv(admin, withdrawn, 'format=shopify&dryRun=true')).body).toMatchObject({ wouldCreate: 0, wouldUpdate: 1 });
    expect((await postCsv(admin, withdrawn, 'format=shopify&dryRun=false')).body).toMatchObject({ updated: 1, consentsRecorded: 1 });
    expect((await postCsv(admin, withdrawn, 'format=shopify&dryRun=false')).body).toMatchObject({ updated: 0, unchanged: 1, consentsRecorded: 0 });
    const consents = await consentsOf(row!.id);
    expect(consents.filter((record) => record.purpose === 'newsletter_email').map((record) => record.granted).sort()).toEqual([false, true]);
  });
});

describe('POST /api/staff/imports/customers: Comptoir format', () => {
  it('reads every field of the own format', async () => {
    const email = uniqueEmail('hugo');
    const header =
      'email,first_name,last_name,initials,phone,mobile,locale,gender,birth_date,account_type,business_name,business_identifier,business_registration_number,business_vat_number,newsletter_email,promotional_email,sms,address_company,address_line1,address_line2,address_house_number,address_house_number_extension,address_postal_code,address_city,address_region,address_country,address_phone,note';
    const file = csvOf(
      header,
      `${email},Hugo,Bernard,H.B.,01 40 00 00 00,06 11 22 33 44,en,male,1985-04-23,company,Bernard SARL,732 829 320 00074,RCS Paris 732 829 320,FR44732829320,yes,no,yes,,Keizersgracht,,12,A,1012ab,Amsterdam,,NL,,Prefers email`,
    );
    const imported = await postCsv(admin, file, 'format=comptoir&dryRun=false');
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ created: 1, consentsRecorded: 2, addressesCreated: 1, notesCreated: 1 });
    const row = await customerByEmail(email);
    expect(row).toMatchObject({
      initials: 'H.B.',
      phone: '+33140000000',
      mobile: '+33611223344',
      locale: 'en',
      gender: 'male',
      birthDate: '1985-04-23',
      accountType: 'company',
      businessName: 'Bernard SARL',
      businessIdentifier: '73282932000074',
      businessRegistrationNumber: 'RCS Paris 732 829 320',
      businessVatNumber: 'FR44732829320',
    });
    const [address] = await t.ctx.db.select().from(customerAddresses).where(eq(customerAddresses.customerId, row!.id));
    expect(address).toMatchObject({ line1: 'Keizersgracht', houseNumber: '12', houseNumberExtension: 'A', postalCode: '1012 AB', city: 'Amsterdam', country: 'NL' });
  });

  it('semicolons, a byte order mark and quoted cells holding line breaks: bad lines are reported by their line in the file', async () => {
    const [a, b] = [uniqueEmail('a'), uniqueEmail('b')];
    const file = `\uFEFFemail;first_name;last_name;note\r\n${a};"Marie";"Curie";"Line one\nline two\r\nline three"\r\n\r\nbad-address;"Jean; Jacques";Rousseau;\n${b};Zoé;"Dit ""Zozo""";\n`;
    const dry = await postCsv(admin, file, 'format=comptoir', { 'content-type': 'text/csv; charset=utf-8' });
    expect(dry.status).toBe(200);
    const report = dry.body as TReport;
    // Header line 1, Marie on 2–4, an empty line 5, the bad address on line 6.
    expect(report).toMatchObject({ rows: 3, valid: 2, invalidCount: 1 });
    expect(report.invalid).toEqual([{ line: 6, errors: [{ field: 'email', code: 'invalid_email', message: expect.any(String) }] }]);
    const fixed = file.replace('bad-address', uniqueEmail('jean'));
    expect((await postCsv(admin, fixed, 'format=comptoir&dryRun=false')).body).toMatchObject({ created: 3, notesCreated: 1 });
    const [note] = await t.ctx.db.select().from(customerNotes).where(eq(customerNotes.customerId, (await customerByEmail(a))!.id));
    expect(note?.body).toBe('Line one\nline two\r\nline three');
    expect(await customerByEmail(b)).toMatchObject({ firstName: 'Zoé', lastName: 'Dit "Zozo"' });
  });
});

describe('POST /api/staff/imports/customers: bad lines', () => {
  it('reports every bad cell of every line, by line and reason; the import is then refused with 422 and writes nothing', async () => {
    const good = uniqueEmail('good');
    const dup = uniqueEmail('dup');
    const file = csvOf(
      'email,first_name,last_name,phone,mobile,locale,gender,birth_date,account_type,newsletter_email,sms,address_line1,address_city,address_postal_code,address_country',
      `${good},Ok,Fine,,,,,,,,,,,,`,
      `not-an-email,A,B,12,,,,,,,,,,,`,
      `${dup},A,B,,,,,,,,,,,,`,
      `${dup.toUpperCase()},A,B,,,,,,,,,,,,`,
      `,A,B,,,,,,,,,,,,`,
      `${uniqueEmail()},A,B,,01 40 00 00 00,de,robot,2999-01-01,boss,peut-être,maybe,,,,ZZ`,
      `${uniqueEmail()},A,B,,,,,,,,,1 rue X,Paris,ABC,FR`,
    );
    const before = await countRows(t.ctx.db, customers);
    const dry = await postCsv(admin, file, 'format=comptoir');
    const report = dry.body as TReport;
    expect(report).toMatchObject({ rows: 7, valid: 2, invalidCount: 5, wouldCreate: 2 });
    const codes = Object.fromEntries(report.invalid.map((line) => [line.line, line.errors.map((error) => `${error.field}:${error.code}`).sort()]));
    expect(codes).toEqual({
      3: ['email:invalid_email', 'phone:invalid_phone'],
      5: ['email:duplicate_email'],
      6: ['email:required'],
      7: [
        'account_type:invalid_account_type',
        'address_country:unknown_country',
        'birth_date:birth_date_in_future',
        'gender:invalid_gender',
        'locale:invalid_locale',
        'mobile:not_a_mobile_number',
        'newsletter_email:invalid_consent',
        'sms:invalid_consent',
      ],
      8: ['address_postal_code:invalid_postal_code'],
    });
    expect(report.invalid.find((line) => line.line === 5)?.errors[0]?.message).toContain('line 4');

    const refused = await postCsv(admin, file, 'format=comptoir&dryRun=false');
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'invalid_lines', report: { invalidCount: 5, invalid: expect.any(Array) } });
    expect(await countRows(t.ctx.db, customers)).toBe(before);
  });

  it('a Shopify country name is read; an unknown one is reported on its column', async () => {
    const [known, unknown] = [uniqueEmail('be'), uniqueEmail('xx')];
    const file = csvOf(
      SHOPIFY_CLASSIC,
      `Luc,Janssens,${known},no,,Rue Neuve 1,,Bruxelles,,,Belgique,,1000,,no,,,,,`,
      `Luc,Janssens,${unknown},no,,Rue Neuve 1,,Bruxelles,,,Atlantide,,1000,,no,,,,,`,
    );
    const report = (await postCsv(admin, file, 'format=shopify')).body as TReport;
    expect(report.invalid).toEqual([{ line: 3, errors: [expect.objectContaining({ field: 'Country', code: 'unknown_country' })] }]);
  });

  it('a file that is not CSV of the format: 400 naming the problem (unterminated quote, no email column, not UTF-8, empty)', async () => {
    const unterminated = await postCsv(admin, csvOf('email,first_name', 'a@example.fr,"Marie', 'b@example.fr,Paul'), 'format=comptoir');
    expect(unterminated.status).toBe(400);
    expect(unterminated.body).toMatchObject({ code: 'invalid_csv', detail: expect.stringContaining('Line 2') });
    const wrongFormat = await postCsv(admin, csvOf('E-mail address,Name', 'a@example.fr,Marie'), 'format=shopify');
    expect(wrongFormat.body).toMatchObject({ code: 'missing_column' });
    const latin1 = await postCsv(admin, Buffer.from('email,first_name\r\na@example.fr,Zo\xe9\r\n', 'latin1'), 'format=comptoir');
    expect(latin1.status).toBe(400);
    expect(latin1.body).toMatchObject({ code: 'invalid_encoding' });
    expect((await postCsv(admin, '', 'format=comptoir')).status).toBe(400);
    const badQuery = await postCsv(admin, csvOf('email', 'a@example.fr'), 'format=csv&dryRun=maybe');
    expect(badQuery.status).toBe(400);
    expect((badQuery.body as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(['query.dryRun', 'query.format']);
  });
});

describe('POST /api/staff/imports/customers: access and limits', () => {
  it('support and read-only members get 403; without a session 401', async () => {
    const file = csvOf('email', uniqueEmail());
    for (const role of ['support', 'read_only'] as const) {
      const member = await inviteStaffMember(t, owner, role);
      const refused = await postCsv(member, file, 'format=comptoir');
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'forbidden' });
    }
    const anonymous = await apiClient(t.app).post('/api/staff/imports/customers?format=comptoir', file, { headers: { 'content-type': 'text/csv' } });
    expect(anonymous.status).toBe(401);
  });

  it('another content type is 415; a body over 50 MB is 413', async () => {
    const json = await admin.client.post('/api/staff/imports/customers?format=comptoir', { email: 'a@example.fr' }, { token: admin.token });
    expect(json.status).toBe(415);
    expect(json.body).toMatchObject({ code: 'unsupported_media_type' });
    const plain = await postCsv(admin, 'email\r\n', 'format=comptoir', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    const huge = 'email\r\n' + 'x'.repeat(50 * 1024 * 1024);
    const tooLarge = await postCsv(admin, huge, 'format=comptoir');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ code: 'payload_too_large' });
  });
});

describe('POST /api/staff/imports/customers: batches', () => {
  it('2,345 rows, some already customers, cross batch boundaries: created and updated once, then all unchanged', async () => {
    const prefix = uniqueEmail('lot').split('@')[0];
    const existing = await registerVerifiedCustomer(t);
    const lines = Array.from({ length: 2345 }, (_, index) =>
      index === 1500 ? `${existing.email},Renamed,Durand,yes` : `${prefix}.${index}@example.fr,Client${index},Lot,${index % 3 === 0 ? 'yes' : 'no'}`,
    );
    const file = csvOf('email,first_name,last_name,newsletter_email', ...lines);
    const dry = await postCsv(admin, file, 'format=comptoir');
    expect(dry.body).toMatchObject({ rows: 2345, valid: 2345, wouldCreate: 2344, wouldUpdate: 1 });
    const imported = await postCsv(admin, file, 'format=comptoir&dryRun=false');
    expect(imported.body).toMatchObject({ created: 2344, updated: 1, unchanged: 0, consentsRecorded: 782 });
    expect(await customerByEmail(`${prefix}.2344@example.fr`)).toMatchObject({ firstName: 'Client2344', origin: 'import' });
    expect(await customerByEmail(existing.email)).toMatchObject({ firstName: 'Renamed' });
    const again = await postCsv(admin, file, 'format=comptoir&dryRun=false');
    expect(again.body as TResult).toMatchObject({ created: 0, updated: 0, unchanged: 2345, consentsRecorded: 0 });
  });
});

describe('an imported customer', () => {
  it('has no password and signs in with an emailed code, which verifies the address', async () => {
    const email = uniqueEmail('importe');
    await postCsv(admin, csvOf('email,first_name,last_name', `${email},Iris,Import`), 'format=comptoir&dryRun=false');
    const client = apiClient(t.app);
    const password = await client.post('/api/auth/login', { email, password: 'anything at all 123' });
    expect(password.status).toBe(401);
    const since = t.mail.mark();
    expect((await client.post('/api/auth/login-code', { email })).status).toBe(202);
    const message = await t.mail.waitForEmail({ to: email, after: since });
    const signedIn = await client.post('/api/auth/login-code/verify', { email, code: codeFromEmail(message.text) });
    expect(signedIn.status).toBe(200);
    const me = await client.get('/api/me', { token: (signedIn.body as { token: string }).token });
    expect(me.body).toMatchObject({ email, firstName: 'Iris', lastName: 'Import', emailVerified: true });
  });
});
