import { z } from 'zod';
import { ZListQuery } from '../../platform/http/pagination.js';
import { webhookEventTypes } from './webhook-events.js';
import { webhookDeliveryStatuses } from './webhooks.tables.js';

const knownTypes: ReadonlySet<string> = new Set(webhookEventTypes);

/** Absolute http(s) only: the worker POSTs there, so `ftp:`, `javascript:` or a path make no sense. */
const ZEndpointUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(isAbsoluteHttpUrl, { error: 'Give an absolute http:// or https:// URL.', params: { code: 'invalid_url' } })
  // Stored as parsed (lower-case scheme and host), the form the database check expects.
  .transform((value) => new URL(value).href)
  .describe('Where events are POSTed, e.g. `https://erp.example.com/hooks/comptoir`.');

/** Each unknown type is reported on its own path, so a typo is named. */
const ZEventTypes = z
  .array(z.string().max(100))
  .min(1, { error: 'Subscribe to at least one event type, or `*`.' })
  .max(50)
  .superRefine((types, context) => {
    types.forEach((type, index) => {
      if (type !== '*' && !knownTypes.has(type)) {
        context.addIssue({ code: 'custom', path: [index], message: `Unknown event type ${JSON.stringify(type)}.`, params: { code: 'unknown_event_type' } });
      }
    });
  })
  .transform((types) => (types.includes('*') ? ['*'] : [...new Set(types)].sort()))
  .describe(`Event types, or \`["*"]\` for every event (present and future): ${webhookEventTypes.join(', ')}.`);

const ZDescription = z.string().trim().max(500).nullish();

export const ZCreateWebhookBody = z.object({ url: ZEndpointUrl, eventTypes: ZEventTypes, description: ZDescription });
export type TCreateWebhookBody = z.output<typeof ZCreateWebhookBody>;

export const ZUpdateWebhookBody = z.object({
  url: ZEndpointUrl.optional(),
  eventTypes: ZEventTypes.optional(),
  enabled: z.boolean().optional().describe('A disabled endpoint is sent nothing; what is already waiting for it goes once it is enabled again.'),
  description: ZDescription,
});
export type TUpdateWebhookBody = z.output<typeof ZUpdateWebhookBody>;

export const ZWebhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const ZWebhookEndpointWithSecret = ZWebhookEndpoint.extend({
  secret: z.string().describe('`whsec_…`: the Standard Webhooks signing secret. Shown only in this answer.'),
});

export const ZWebhookIdParams = z.object({ id: z.string().max(64) });
export const ZDeliveryIdParams = z.object({ deliveryId: z.string().max(64) });

export const ZDeliveriesQuery = ZListQuery.extend({ status: z.enum(webhookDeliveryStatuses).optional() });

export const ZWebhookDelivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string().describe('Also the `webhook-id` header: the same on every attempt, for deduplication.'),
  eventType: z.string(),
  status: z.enum(webhookDeliveryStatuses),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastAttemptAt: z.date().nullable(),
  nextAttemptAt: z.date().nullable().describe('When the next attempt is due; null once succeeded or failed.'),
  succeededAt: z.date().nullable(),
  createdAt: z.date(),
});

export const ZWebhookDeliveryDetail = ZWebhookDelivery.extend({
  payload: z.record(z.string(), z.unknown()).describe('The body POSTed: `{ type, timestamp, data }`.'),
  attemptLog: z.array(
    z.object({
      attemptedAt: z.date(),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int(),
      responseSnippet: z.string().nullable().describe('The first 1 KB the endpoint answered.'),
    }),
  ),
});

export type TWebhookDelivery = z.output<typeof ZWebhookDelivery>;
export type TWebhookDeliveryDetail = z.output<typeof ZWebhookDeliveryDetail>;

function isAbsoluteHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}
