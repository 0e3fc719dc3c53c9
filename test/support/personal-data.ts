import { randomBytes, randomInt } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../src/db/client.js';
import { emailTokens } from '../../src/modules/auth/auth.tables.js';
import { companies, companyLocations, companyMembers, locationMembers } from '../../src/modules/companies/companies.tables.js';
import { customerNotes } from '../../src/modules/customer-admin/customer-admin.tables.js';
import { consentRecords, customers, unsubscribeTokens } from '../../src/modules/customers/customers.tables.js';
import { documentFiles, documents } from '../../src/modules/documents/documents.tables.js';
import { orderLines, orders, returnLines, returnRequests } from '../../src/modules/orders/orders.tables.js';
import { paymentMethods } from '../../src/modules/payment-methods/payment-methods.tables.js';
import { privacyRequests } from '../../src/modules/privacy/privacy-requests.tables.js';
import { hashToken, newSecretToken } from '../../src/platform/crypto/tokens.js';
import { newId } from '../../src/platform/ids.js';
import { codeFromEmail, tokenFromLink } from './factories.js';
import { apiClient, STRONG_PASSWORD, type TTestApp } from './test-app.js';
import { DEFAULT_MARKET_ID } from '../../src/modules/markets/markets.tables.js';
import { passkeys, webauthnChallenges } from '../../src/modules/passkeys/passkeys.tables.js';
import { messagePreferences, messages } from '../../src/modules/messages/messages.tables.js';
import { contactAttachments, contactMessages, contactThreads } from '../../src/modules/contact/contact.tables.js';
import { wishlistItems, wishlists } from '../../src/modules/wishlists/wishlists.tables.js';
import { registries, registryContributions, registryGifts, registryItems } from '../../src/modules/registries/registries.tables.js';
import { memberCards } from '../../src/modules/cards/cards.tables.js';
import { walletPasses, walletPassRegistrations } from '../../src/modules/wallet/wallet.tables.js';

/** A value found nowhere else in the database: `Zq` + 10 random hex characters. */
export function marker(prefix = 'Zq'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** Distinctive values of one person, each searchable on its own after an erasure. */
export type TPersonMarkers = {
  email: string;
  firstName: string;
  lastName: string;
  initials: string;
  phone: string;
  mobile: string;
  userAgent: string;
  ip: string;
  addressLabel: string;
  company: string;
  attention: string;
  street: string;
  city: string;
  addressPhone: string;
  newEmail: string;
  claimedFirstName: string;
};

const frenchMobile = () => `+33612${String(randomInt(100_000, 999_999))}`;

export function newPersonMarkers(): TPersonMarkers {
  const id = randomBytes(5).toString('hex');
  return {
    email: `erase.${id}@example.fr`,
    firstName: marker('Prenom'),
    lastName: marker('Nom'),
    initials: marker('I'),
    phone: `+33142${String(randomInt(100_000, 999_999))}`,
    mobile: frenchMobile(),
    userAgent: `PrivacyTestBrowser/${marker('ua')}`,
    // TEST-NET-1: no other visitor of the tests uses these.
    ip: `192.0.2.${randomInt(100, 254)}`,
    addressLabel: marker('Label'),
    company: marker('Societe'),
    attention: marker('Attention'),
    street: marker('Rue'),
    city: marker('Ville'),
    addressPhone: frenchMobile(),
    newEmail: `new.${id}.${marker('x')}@example.fr`.toLowerCase(),
    claimedFirstName: marker('Claim'),
  };
}

export type TFilledCustomer = {
  customerId: string;
  email: string;
  password: string;
  token: string;
  /** The sessions' bearer tokens, the first one signed in by the verification link. */
  tokens: string[];
  client: ReturnType<typeof apiClient>;
  markers: TPersonMarkers;
};

/**
 * What the shop's systems would have pushed for the person (rows written as the orders and
 * documents modules write them): an online order to their address with a line and a return
 * (their comment), a business order for their location, an invoice with an uploaded PDF, and a
 * saved card. The member card comes with the verified address.
 */
async function insertOrderHistory(
  t: TTestApp,
  options: { customerId: string; companyId: string; locationId: string; markers: TPersonMarkers },
): Promise<void> {
  const { customerId, markers } = options;
  const address = { name: `${markers.firstName} ${markers.lastName}`, company: markers.company, line1: `12 rue ${markers.street}`, line2: null, postalCode: '75001', city: markers.city, country: 'FR' };
  const orderId = newId('ord');
  const businessOrderId = newId('ord');
  const base = { channel: 'online' as const, currency: 'EUR', customerId, email: markers.email, status: 'completed' as const, total: 2990, placedAt: new Date(Date.now() - 86_400_000) };
  await t.ctx.db.insert(orders).values([
    { marketId: DEFAULT_MARKET_ID, ...base, id: orderId, externalId: marker('ext'), number: marker('W'), shippingAddress: address, billingAddress: address },
    { marketId: DEFAULT_MARKET_ID, ...base, id: businessOrderId, externalId: marker('ext'), number: marker('B'), companyId: options.companyId, locationId: options.locationId, poNumber: marker('PO') },
  ]);
  const lineId = newId('oli');
  await t.ctx.db.insert(orderLines).values([
    { id: lineId, orderId, position: 1, sku: 'CAH-A5', name: 'Cahier A5', quantity: 2, unitPrice: 1495, lineTotal: 2990 },
    { id: newId('oli'), orderId: businessOrderId, position: 1, sku: 'STY-B', name: 'Stylo bleu', quantity: 10, unitPrice: 299, lineTotal: 2990 },
  ]);
  const returnId = newId('ret');
  await t.ctx.db.insert(returnRequests).values({ id: returnId, orderId, customerId, reason: 'damaged', comment: `Abîmé, voir ${markers.attention}` });
  await t.ctx.db.insert(returnLines).values({ returnId, orderLineId: lineId, quantity: 1 });
  const documentId = newId('doc');
  await t.ctx.db.insert(documents).values({ marketId: DEFAULT_MARKET_ID,
    id: documentId,
    kind: 'invoice',
    number: marker('F'),
    orderId,
    customerId,
    issuedAt: new Date(),
    currency: 'EUR',
    total: 2990,
    lines: [{ sku: 'CAH-A5', name: 'Cahier A5', quantity: 2, unitPrice: 1495, taxRateBasisPoints: 2000, lineTotal: 2990 }],
    billingAddress: address,
  });
  const pdf = Buffer.from(`%PDF-1.4\n% ${markers.lastName}\n%%EOF\n`);
  await t.ctx.db.insert(documentFiles).values({ documentId, contentType: 'application/pdf', sizeBytes: pdf.length, sha256: hashToken(pdf.toString('latin1')), content: pdf });
  await t.ctx.db.insert(paymentMethods).values({ id: newId('pm'), customerId, externalId: marker('pm'), kind: 'card', brand: 'visa', last4: '4242', expiryMonth: 12, expiryYear: 2030, isDefault: true });
}

/**
 * A customer with a row in every table that holds customer data: profile fields, a billing and
 * a delivery address, consents granted then withdrawn, an unsubscribe link, two sessions with a
 * distinctive browser, security events, email links (a pending change of address, a guest claim
 * with a password hash in its data), a live sign-in code, and the emails all this sent.
 */
export async function createFilledCustomer(t: TTestApp, markers: TPersonMarkers = newPersonMarkers()): Promise<TFilledCustomer> {
  const client = apiClient(t.app, { ip: markers.ip });
  const headers = { 'user-agent': markers.userAgent };
  const since = t.mail.mark();
  const registered = await client.post(
    '/api/auth/register',
    { email: markers.email, password: STRONG_PASSWORD, firstName: markers.firstName, lastName: markers.lastName, marketingEmail: true },
    { headers },
  );
  if (registered.status !== 202) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  const verification = await t.mail.waitForEmail({ to: markers.email, subject: /confirm/i, after: since });
  const verified = await client.post('/api/auth/verify-email', { token: tokenFromLink(verification.text, '/verify-email') }, { headers });
  if (verified.status !== 200) throw new Error(`verify answered ${verified.status}`);
  const { token, customer } = verified.body as { token: string; customer: { id: string } };
  const customerId = customer.id;

  await t.ctx.db
    .update(customers)
    .set({ initials: markers.initials, phone: markers.phone, mobile: markers.mobile, gender: 'prefer_not_to_say', birthDate: '1984-02-29' })
    .where(eq(customers.id, customerId));

  const address = {
    label: markers.addressLabel,
    firstName: markers.firstName,
    lastName: markers.lastName,
    company: markers.company,
    attention: markers.attention,
    line1: `12 rue ${markers.street}`,
    postalCode: '75001',
    city: markers.city,
    country: 'FR',
    phone: markers.addressPhone,
  };
  for (const kind of ['billing', 'delivery']) {
    const added = await client.post('/api/me/addresses', { ...address, kind }, { token, headers });
    if (added.status !== 201) throw new Error(`POST /api/me/addresses answered ${added.status}: ${JSON.stringify(added.body)}`);
  }

  // Consents and links written as their modules would: the shape of the rows is what matters here.
  const consent = { customerId, source: 'account_page' as const, ip: markers.ip, noticeVersion: '2026-11' };
  await t.ctx.db.insert(consentRecords).values([
    { id: newId('cns'), ...consent, purpose: 'sms', granted: true, recordedAt: new Date(Date.now() - 60_000) },
    { id: newId('cns'), ...consent, purpose: 'sms', granted: false },
    { id: newId('cns'), ...consent, purpose: 'promotional_email', granted: true },
  ]);
  await t.ctx.db.insert(unsubscribeTokens).values({ id: newId('uns'), customerId, purpose: 'newsletter_email', tokenHash: hashToken(newSecretToken()) });
  const inAnHour = new Date(Date.now() + 3600_000);
  // A pending change of sign-in address, through its route where it exists.
  const beforeChange = t.mail.mark();
  const change = await client.post('/api/me/email-change', { newEmail: markers.newEmail, password: STRONG_PASSWORD }, { token, headers });
  if (change.status === 202) {
    await t.mail.waitForEmail({ to: markers.newEmail, after: beforeChange });
  } else if (change.status === 404) {
    await t.ctx.db.insert(emailTokens).values({
      id: newId('tok'),
      customerId,
      purpose: 'email_change',
      tokenHash: hashToken(newSecretToken()),
      expiresAt: inAnHour,
      data: { newEmail: markers.newEmail },
    });
  } else {
    throw new Error(`POST /api/me/email-change answered ${change.status}: ${JSON.stringify(change.body)}`);
  }
  await t.ctx.db.insert(emailTokens).values([
    {
      id: newId('tok'),
      customerId,
      purpose: 'guest_claim',
      tokenHash: hashToken(newSecretToken()),
      expiresAt: inAnHour,
      data: { firstName: markers.claimedFirstName, lastName: markers.lastName, passwordHash: `$argon2id$v=19$m=1024,t=1,p=1$${marker('salt')}`, ip: markers.ip },
    },
  ]);

  // A colleague (not administrator: erasure refuses a company's last one) with a buyer's role at a location.
  const companyId = newId('cmp');
  const locationId = newId('loc');
  await t.ctx.db.insert(companies).values({ marketId: DEFAULT_MARKET_ID, id: companyId, name: 'Papeterie du Marché', kind: 'company', country: 'FR', siret: '73282932000074', siren: '732829320' });
  await t.ctx.db.insert(companyMembers).values({ companyId, customerId, role: 'member' });
  await t.ctx.db.insert(companyLocations).values({ id: locationId, companyId, name: 'Atelier de Lyon' });
  await t.ctx.db.insert(locationMembers).values({ locationId, customerId, role: 'buyer' });

  await insertOrderHistory(t, { customerId, companyId, locationId, markers });
  // A privacy request the shop recorded in the back office, already answered.
  const requestReceivedAt = new Date(Date.now() - 3 * 86_400_000);
  await t.ctx.db.insert(privacyRequests).values({
    id: newId('prq'),
    kind: 'export',
    channel: 'email',
    customerId,
    receivedAt: requestReceivedAt,
    dueAt: new Date(requestReceivedAt.getTime() + 28 * 86_400_000),
    status: 'answered',
    answeredAt: new Date(),
  });

  // A staff-only note (F2.5) naming the person: in their export, gone with the account.
  await t.ctx.db.insert(customerNotes).values({ id: newId('cno'), customerId, authorStaffId: null, body: `Appeler ${markers.firstName} au ${markers.phone}` });

  // A passkey named after the person (F1.10) and a registration left half-way: both go with the account.
  await t.ctx.db.insert(passkeys).values({
    id: newId('psk'),
    customerId,
    credentialId: marker('cred'),
    publicKey: Buffer.from(marker('cose')),
    signCount: 3,
    transports: ['internal'],
    deviceType: 'multiDevice',
    backedUp: true,
    name: `iPhone de ${markers.firstName}`,
  });
  await t.ctx.db.insert(webauthnChallenges).values({
    id: newId('wch'),
    purpose: 'registration',
    customerId,
    marketId: DEFAULT_MARKET_ID,
    challenge: marker('challenge'),
    expiresAt: inAnHour,
  });

  // A message from the shop naming the person, their notification choice, and a question to the
  // shop with a file (F5.2, F5.4): all in the export, all gone with the account.
  await t.ctx.db.insert(messages).values({
    id: newId('msg'),
    marketId: DEFAULT_MARKET_ID,
    customerId,
    batchId: newId('mbt'),
    senderKind: 'staff',
    subject: `Pour ${markers.firstName}`,
    body: `Votre commande vous attend, ${markers.lastName}.`,
  });
  await t.ctx.db.insert(messagePreferences).values({ customerId, notification: 'without_text' });
  const threadId = newId('cth');
  const contactMessageId = newId('ctm');
  await t.ctx.db.insert(contactThreads).values({ id: threadId, marketId: DEFAULT_MARKET_ID, customerId, topic: 'account', subject: `Compte de ${markers.lastName}` });
  await t.ctx.db.insert(contactMessages).values({ id: contactMessageId, threadId, authorKind: 'customer', body: `Rappelez-moi au ${markers.phone}` });
  await t.ctx.db.insert(contactAttachments).values({
    id: newId('cta'),
    messageId: contactMessageId,
    customerId,
    filename: `carte-${markers.lastName}.pdf`,
    contentType: 'application/pdf',
    byteSize: 9,
    sha256: marker('sha'),
    data: Buffer.from('%PDF-1.4\n'),
  });

  // The member card in Apple Wallet on a device that follows its updates (F5.1).
  const [card] = await t.ctx.db.select().from(memberCards).where(eq(memberCards.customerId, customerId));
  if (!card) throw new Error('a verified customer has a member card');
  await t.ctx.db.insert(walletPasses).values({ serialNumber: card.number, customerId, authenticationTokenHash: hashToken(newSecretToken()) });
  await t.ctx.db.insert(walletPassRegistrations).values({ deviceLibraryId: marker('device'), passTypeId: 'pass.test.comptoir.card', serialNumber: card.number, customerId, pushToken: marker('push') });

  // A wishlist named after the person, shared, and a birth registry under their names with a
  // visitor's reservation and contribution (F5.5, F5.6): all in the export, all gone with the account.
  const wishlistId = newId('wsl');
  await t.ctx.db.insert(wishlists).values({ id: wishlistId, marketId: DEFAULT_MARKET_ID, customerId, name: `Envies de ${markers.firstName}`, shareTokenHash: hashToken(newSecretToken()), sharedAt: new Date() });
  await t.ctx.db.insert(wishlistItems).values({ id: newId('wli'), wishlistId, productId: marker('prod'), name: 'Mug' });
  const registryId = newId('reg');
  const registryItemId = newId('rgi');
  await t.ctx.db.insert(registries).values({
    id: registryId,
    marketId: DEFAULT_MARKET_ID,
    customerId,
    kind: 'birth',
    title: `Naissance chez ${markers.lastName}`,
    ownerNames: `${markers.firstName} ${markers.lastName}`,
    publicCode: `LN-${randomBytes(4).toString('hex').toUpperCase()}`,
    fundEnabled: true,
  });
  await t.ctx.db.insert(registryItems).values({ id: registryItemId, registryId, productId: 'poussette', name: 'Poussette', wantedQuantity: 2, reservedQuantity: 1 });
  await t.ctx.db.insert(registryGifts).values({ id: newId('rgf'), registryId, itemId: registryItemId, quantity: 1, giverName: 'Odile', giverEmail: `odile.${marker('g')}@example.fr`, message: `Pour ${markers.firstName}` });
  await t.ctx.db.insert(registryContributions).values({ id: newId('rgc'), registryId, amount: 2000, currency: 'EUR', giverName: 'Paul', message: `Bravo ${markers.lastName}` });

  // A second device, and a live sign-in code (its email lands in the history).
  const second = await client.post('/api/auth/login', { email: markers.email, password: STRONG_PASSWORD }, { headers });
  if (second.status !== 200) throw new Error(`login answered ${second.status}`);
  const beforeCode = t.mail.mark();
  await client.post('/api/auth/login-code', { email: markers.email }, { headers });
  codeFromEmail((await t.mail.waitForEmail({ to: markers.email, subject: /code/i, after: beforeCode })).text);
  await t.runtime.mailWorker.flush();

  return {
    customerId,
    email: markers.email,
    password: STRONG_PASSWORD,
    token,
    tokens: [token, (second.body as { token: string }).token],
    client,
    markers,
  };
}

/** Every column of a text-like type, of every table of the public schema. */
export async function textColumns(db: Database): Promise<{ table: string; column: string }[]> {
  const result = await db.execute<{ table_name: string; column_name: string }>(sql`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
    order by c.table_name, c.column_name`);
  return rowsOf<{ table_name: string; column_name: string }>(result).map((row) => ({ table: row.table_name, column: row.column_name }));
}

/** Where a value still appears, as `table.column` (case-insensitive, JSON cast to text): what an erasure must leave empty. */
export async function whereFound(db: Database, value: string, columns: { table: string; column: string }[]): Promise<string[]> {
  const found: string[] = [];
  const pattern = `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  for (const { table, column } of columns) {
    const result = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table)} where ${sql.identifier(column)}::text ilike ${pattern}`,
    );
    if ((rowsOf<{ n: number }>(result)[0]?.n ?? 0) > 0) found.push(`${table}.${column}`);
  }
  return found;
}
