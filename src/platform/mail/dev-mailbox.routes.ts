import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { escapeHtml } from './mail-layout.js';
import { findEmailById, listRecentEmails } from './outbox.js';

/**
 * The development mailbox: every email the outbox holds, readable in the browser. Registered
 * only outside production and only when no SMTP server is configured.
 */
export const devMailboxRoutes =
  (db: Database): FastifyPluginAsyncZod =>
  async (app) => {
    const schema = { hide: true } as const;

    app.get('/dev/mailbox/messages.json', {
      schema: { ...schema, querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }) },
      handler: async (request) => {
        const rows = await listRecentEmails(db, request.query.limit);
        return {
          items: rows.map((row) => ({
            id: row.id,
            to: row.toAddress,
            template: row.template,
            subject: row.subject,
            text: row.text,
            status: row.status,
            createdAt: row.createdAt,
          })),
        };
      },
    });

    app.get('/dev/mailbox', {
      schema,
      handler: async (_request, reply) => {
        const rows = await listRecentEmails(db, 100);
        const items = rows
          .map(
            (row) =>
              `<li><a href="/dev/mailbox/${row.id}">${escapeHtml(row.subject)}</a> — ${escapeHtml(row.toAddress)} — <time>${row.createdAt.toISOString()}</time> (${row.status})</li>`,
          )
          .join('');
        return reply.type('text/html; charset=utf-8').send(page('Boîte de développement', `<h1>Boîte de développement</h1><p>Les e-mails que Comptoir aurait envoyés, du plus récent au plus ancien.</p><ul>${items || '<li>Aucun e-mail.</li>'}</ul>`));
      },
    });

    app.get('/dev/mailbox/:id', {
      schema: { ...schema, params: z.object({ id: z.string().max(64) }) },
      handler: async (request, reply) => {
        const email = await findEmailById(db, request.params.id);
        if (!email) return reply.callNotFound();
        const body = `<p><a href="/dev/mailbox">← Boîte de développement</a></p><h1>${escapeHtml(email.subject)}</h1><p>À : ${escapeHtml(email.toAddress)}</p><iframe title="Message HTML" sandbox src="/dev/mailbox/${email.id}/html" style="width:100%;height:70vh;border:1px solid #ccc"></iframe><h2>Texte</h2><pre style="white-space:pre-wrap">${escapeHtml(email.text)}</pre>`;
        return reply.type('text/html; charset=utf-8').send(page(email.subject, body));
      },
    });

    app.get('/dev/mailbox/:id/html', {
      schema: { ...schema, params: z.object({ id: z.string().max(64) }) },
      handler: async (request, reply) => {
        const email = await findEmailById(db, request.params.id);
        if (!email) return reply.callNotFound();
        return reply.header('content-security-policy', 'sandbox').type('text/html; charset=utf-8').send(email.html);
      },
    });
  };

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem">${body}</body></html>`;
}
