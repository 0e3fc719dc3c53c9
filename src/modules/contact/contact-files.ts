import type { FastifyReply } from 'fastify';
import type { TAppContext } from '../../context.js';
import { attachmentContent } from './contact-attachments.service.js';
import { attachmentDisposition } from './contact-attachments.rules.js';
import type { contactAttachments } from './contact.tables.js';

/**
 * Sends a customer's file so that no browser runs or renders it in the app's origin: always a
 * download, the exact type the bytes were checked to be, nosniff, and a CSP that allows nothing.
 */
export async function sendAttachment(ctx: Pick<TAppContext, 'config'>, reply: FastifyReply, row: typeof contactAttachments.$inferSelect): Promise<FastifyReply> {
  const content = await attachmentContent(ctx, row);
  return reply
    .type(row.contentType)
    .header('content-disposition', attachmentDisposition(row.filename))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(content);
}

/** The body limit of routes that take attachments: five files of 5 MB in base64, and the text. */
export const CONTACT_BODY_LIMIT_BYTES = 36 * 1024 * 1024;
