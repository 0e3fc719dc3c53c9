import { and, eq, inArray } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import type { TFieldError } from '../../platform/errors/app-error.js';
import { newId } from '../../platform/ids.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { companyMembers } from '../companies/companies.tables.js';
import { customers, type TCustomerRow } from '../customers/customers.tables.js';
import { documents } from '../documents/documents.tables.js';
import { MESSAGE_RECEIVED_TEMPLATE, renderMessageReceivedEmail } from './messages.emails.js';
import { messageErrors } from './messages.errors.js';
import type { TSendMessageBody } from './messages.schemas.js';
import { messagePreferences, messages, type TMessageNotificationMode } from './messages.tables.js';

// Sending (F5.2): one row per recipient, one batch id per send, and each recipient's
// notification email in the same transaction (or none, as they chose).

type TContext = Pick<TAppContext, 'db' | 'markets' | 'notifyMail'>;
type TRecipient = Pick<TCustomerRow, 'id' | 'marketId' | 'email' | 'firstName' | 'locale'>;
export type TMessageSender = { kind: 'staff'; staffId: string } | { kind: 'store'; apiKeyId: string };
export type TMessageTarget = { customer: TRecipient } | { company: { id: string; marketId: string } };

const recipientColumns = { id: customers.id, marketId: customers.marketId, email: customers.email, firstName: customers.firstName, locale: customers.locale };

/** Every current member of the company, in its market (a company and its colleagues share one). */
async function membersOf(db: Database, company: { id: string; marketId: string }): Promise<TRecipient[]> {
  return db
    .select(recipientColumns)
    .from(companyMembers)
    .innerJoin(customers, eq(customers.id, companyMembers.customerId))
    .where(and(eq(companyMembers.companyId, company.id), eq(customers.marketId, company.marketId)));
}

/**
 * The attachments must be documents of the recipient (or of the company, for a message to a
 * company) in the message's market: anything else is listed, every bad id at once.
 */
async function checkAttachments(db: Database, options: { ids: string[]; marketId: string; customerId: string | null; companyId: string | null }): Promise<void> {
  if (options.ids.length === 0) return;
  const rows = await db
    .select({ id: documents.id, marketId: documents.marketId, customerId: documents.customerId, companyId: documents.companyId })
    .from(documents)
    .where(inArray(documents.id, options.ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const errors: TFieldError[] = [];
  options.ids.forEach((id, index) => {
    const row = byId.get(id);
    const fits =
      row !== undefined &&
      row.marketId === options.marketId &&
      (options.companyId !== null ? row.companyId === options.companyId : row.customerId === options.customerId);
    if (!fits) {
      errors.push({ path: `attachmentDocumentIds.${index}`, code: 'not_an_account_document', message: 'Not a document of this account.' });
    } else if (options.ids.indexOf(id) !== index) {
      errors.push({ path: `attachmentDocumentIds.${index}`, code: 'duplicate', message: 'This document is already attached.' });
    }
  });
  if (errors.length > 0) throw messageErrors.invalidAttachments(errors);
}

async function notificationModes(db: Database, customerIds: string[]): Promise<Map<string, TMessageNotificationMode>> {
  const rows = await db
    .select({ customerId: messagePreferences.customerId, notification: messagePreferences.notification })
    .from(messagePreferences)
    .where(inArray(messagePreferences.customerId, customerIds));
  return new Map(rows.map((row) => [row.customerId, row.notification]));
}

/**
 * Writes the messages of one send and their notification emails; call it inside a
 * transaction. Returns the rows written, and the caller wakes the mail worker after commit.
 */
export async function writeMessages(
  ctx: Pick<TAppContext, 'markets'>,
  tx: Database,
  options: { target: TMessageTarget; sender: TMessageSender; body: TSendMessageBody },
) {
  const { target, sender, body } = options;
  const marketId = 'customer' in target ? target.customer.marketId : target.company.marketId;
  const companyId = 'company' in target ? target.company.id : null;
  const recipients = 'customer' in target ? [target.customer] : await membersOf(tx, target.company);
  if (recipients.length === 0) throw messageErrors.noRecipients();
  await checkAttachments(tx, {
    ids: body.attachmentDocumentIds,
    marketId,
    customerId: 'customer' in target ? target.customer.id : null,
    companyId,
  });
  const modes = await notificationModes(tx, recipients.map((recipient) => recipient.id));
  const market = ctx.markets.get(marketId);
  const batchId = newId('mbt');
  const now = new Date();
  const planned = recipients.map((recipient) => ({ recipient, id: newId('msg'), mode: modes.get(recipient.id) ?? 'with_text' }));
  const rows = await tx
    .insert(messages)
    .values(
      planned.map(({ recipient, id, mode }) => ({
        id,
        marketId,
        customerId: recipient.id,
        companyId,
        batchId,
        senderKind: sender.kind,
        senderStaffId: sender.kind === 'staff' ? sender.staffId : null,
        senderApiKeyId: sender.kind === 'store' ? sender.apiKeyId : null,
        subject: body.subject,
        body: body.body,
        attachmentDocumentIds: body.attachmentDocumentIds,
        notifiedAt: mode === 'off' ? null : now,
        createdAt: now,
      })),
    )
    .returning();
  for (const { recipient, id, mode } of planned) {
    if (mode === 'off') continue;
    await enqueueEmail(tx, {
      customerId: recipient.id,
      to: recipient.email,
      template: MESSAGE_RECEIVED_TEMPLATE,
      locale: recipient.locale,
      rendered: renderMessageReceivedEmail({
        locale: recipient.locale,
        branding: market.branding,
        firstName: recipient.firstName,
        messageUrl: `${market.publicUrl}/messages/${id}`,
        withText: mode === 'with_text',
        subject: body.subject,
        body: body.body,
      }),
    });
  }
  // Company messages list members by name; keep the rows in the order of the recipients.
  const order = new Map(planned.map((entry, index) => [entry.id, index]));
  return { batchId, rows: rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!) };
}

/** One send in its own transaction, then the mail worker is woken. */
export async function sendMessages(ctx: TContext, options: { target: TMessageTarget; sender: TMessageSender; body: TSendMessageBody }) {
  const result = await ctx.db.transaction((tx) => writeMessages(ctx, tx, options));
  ctx.notifyMail();
  return result;
}


