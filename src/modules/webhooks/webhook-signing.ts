import { createHmac, randomBytes } from 'node:crypto';

/** Standard Webhooks: `whsec_` then the base64 of the key; 32 random bytes (the spec asks 24 or more). */
const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/**
 * The Standard Webhooks headers of one attempt: the HMAC-SHA256, keyed with the secret's
 * decoded bytes, of `id.timestamp.body`, as `v1,<base64>`. The timestamp is the attempt's (in
 * seconds), so a retry is signed afresh and receivers may refuse stale replays.
 */
export function signWebhook(options: { secret: string; id: string; timestampSeconds: number; body: string }): Record<string, string> {
  const key = Buffer.from(options.secret.slice(SECRET_PREFIX.length), 'base64');
  const signature = createHmac('sha256', key).update(`${options.id}.${options.timestampSeconds}.${options.body}`).digest('base64');
  return {
    'webhook-id': options.id,
    'webhook-timestamp': String(options.timestampSeconds),
    'webhook-signature': `v1,${signature}`,
  };
}

/**
 * The body POSTed for an event, the same on every attempt (Standard Webhooks' payload shape):
 * `timestamp` is when the event happened, not when it was sent.
 */
export function webhookBody(event: { type: string; createdAt: Date; payload: Record<string, unknown> }): string {
  return JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.payload });
}
