import { z } from 'zod';
import { listEmailsOfCustomerForExport } from '../../platform/mail/outbox.js';
import { defineExportSection } from '../privacy/privacy.extension.js';

// The outbox lives in the platform, which knows no module: the customers module exports it.

const ZSentEmail = z.object({
  id: z.string(),
  createdAt: z.string().describe('When the email was written to the outbox (ISO 8601, UTC).'),
  sentAt: z.string().nullable().describe('When the mail server accepted it; null while pending or when given up.'),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  template: z.string().describe('Which kind of email, e.g. verify_email, login_code.'),
  locale: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string().describe('The plain-text body (the HTML version says the same).'),
});

export const emailsExport = defineExportSection({
  key: 'emails',
  description: 'Every email the shop sent you, oldest first, with its text.',
  tables: ['outbound_emails'],
  processing: {
    purposes: ['Sending you the emails your account needs (confirmation, codes, notices)', 'Showing you what was sent (history)'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR); marketing emails: consent (art. 6(1)(a) GDPR)',
    retention: 'As long as the account exists; erased when you delete it.',
    recipients: ['The shop', 'Its hosting and email sending providers (processors)'],
  },
  schema: z.array(ZSentEmail),
  async collect(db, customerId) {
    const rows = await listEmailsOfCustomerForExport(db, customerId);
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt ? row.sentAt.toISOString() : null,
      status: row.status,
      template: row.template,
      locale: row.locale,
      to: row.toAddress,
      subject: row.subject,
      text: row.text,
    }));
  },
});
