import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { newId } from '../ids.js';
import { fillRecipientSlot, type TEmailSender, type TRenderedEmail } from './mail-layout.js';
import { outboundEmails, type TOutboundEmailRow } from './mail.tables.js';

export type TEmailToSend = {
  customerId: string | null;
  to: string;
  template: string;
  locale: string;
  rendered: TRenderedEmail;
  headers?: Record<string, string>;
  /** Blank the recipient and body once delivered: the goodbye email of an erased account. */
  forgetAfterSending?: boolean;
};

/** A footer line about the customer an email goes to (their member card), or null for none. */
export type TRecipientLine = (db: Database, recipient: { customerId: string; locale: string }) => Promise<string | null>;

let recipientLine: TRecipientLine | null = null;

/**
 * Set once by the runtime (the composition root): the outbox knows no module, the member card
 * module provides the line. Every email to a customer gets it, whatever its template.
 */
export function setRecipientLine(provider: TRecipientLine | null): void {
  recipientLine = provider;
}

/**
 * Writes an email to the outbox. Call it with the transaction that makes the change the email
 * tells of: both commit or neither does. The worker delivers it after commit.
 */
export async function enqueueEmail(db: Database, email: TEmailToSend): Promise<string> {
  const id = newId('eml');
  const line = email.customerId && recipientLine ? await recipientLine(db, { customerId: email.customerId, locale: email.locale }) : null;
  const rendered = fillRecipientSlot(email.rendered, line);
  // The sender is the market's (its name, its Reply-To), kept with the email so that the
  // worker sends it as it was when written, whatever staff change later.
  const headers = { ...email.headers, ...senderHeaders(rendered.sender) };
  await db.insert(outboundEmails).values({
    id,
    customerId: email.customerId,
    toAddress: email.to,
    template: email.template,
    locale: email.locale,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    headers: JSON.stringify(headers),
    forgetAfterSending: email.forgetAfterSending ?? false,
  });
  return id;
}

/** Header names under which an email's sender is stored; the worker sends them as From and Reply-To. */
export const SENDER_HEADERS = { from: 'From', replyTo: 'Reply-To' } as const;

function senderHeaders(sender: TEmailSender | undefined): Record<string, string> {
  if (!sender) return {};
  return { [SENDER_HEADERS.from]: sender.from, ...(sender.replyTo ? { [SENDER_HEADERS.replyTo]: sender.replyTo } : {}) };
}

export type TEmailHistoryItem = Pick<
  TOutboundEmailRow,
  'id' | 'template' | 'subject' | 'status' | 'createdAt' | 'sentAt'
>;

/** The customer's email history (F5.3), newest first, with keyset pagination on the id. */
export async function listEmailsOfCustomer(
  db: Database,
  options: { customerId: string; limit: number; beforeId: string | null },
): Promise<TEmailHistoryItem[]> {
  return db
    .select({
      id: outboundEmails.id,
      template: outboundEmails.template,
      subject: outboundEmails.subject,
      status: outboundEmails.status,
      createdAt: outboundEmails.createdAt,
      sentAt: outboundEmails.sentAt,
    })
    .from(outboundEmails)
    .where(
      and(
        eq(outboundEmails.customerId, options.customerId),
        options.beforeId ? sql`${outboundEmails.id} < ${options.beforeId}` : undefined,
      ),
    )
    .orderBy(desc(outboundEmails.id))
    .limit(options.limit);
}

/** Every email, newest first: the development mailbox only. */
export async function listRecentEmails(db: Database, limit: number): Promise<TOutboundEmailRow[]> {
  return db.select().from(outboundEmails).orderBy(desc(outboundEmails.id)).limit(limit);
}

export async function findEmailById(db: Database, id: string): Promise<TOutboundEmailRow | undefined> {
  const [row] = await db.select().from(outboundEmails).where(eq(outboundEmails.id, id));
  return row;
}

/** Every email to the customer, oldest first, with recipient and text body: the data export. */
export async function listEmailsOfCustomerForExport(db: Database, customerId: string): Promise<TOutboundEmailRow[]> {
  return db
    .select()
    .from(outboundEmails)
    .where(eq(outboundEmails.customerId, customerId))
    .orderBy(asc(outboundEmails.createdAt), asc(outboundEmails.id));
}

/**
 * Erasure: deletes the customer's email history (it is personal data), and the emails sent to
 * the address without a customer (e.g. "no account here" before signing up).
 */
export async function deleteEmailsOfPerson(db: Database, options: { customerId: string; emailNormalized: string }): Promise<void> {
  await db
    .delete(outboundEmails)
    .where(
      or(
        eq(outboundEmails.customerId, options.customerId),
        and(isNull(outboundEmails.customerId), sql`lower(trim(${outboundEmails.toAddress})) = ${options.emailNormalized}`),
      ),
    );
}
