import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TApiKeyScope } from '../../src/modules/integration/api-key-scopes.js';
import { newApiKey, storeClient, type TStoreClient } from '../support/integration.js';
import type { TTestApp } from '../support/test-app.js';

// Shared by the orders-*.test.ts files: a valid order as a store pushes it, and pushing it.

export type TOrderBody = Record<string, unknown> & { externalId: string; customer: Record<string, unknown> };

let sequence = 0;

/** A valid online order for `customer`, placed `minutesAgo` ago; override any field. */
export function orderBody(customer: Record<string, unknown>, overrides: Record<string, unknown> = {}): TOrderBody {
  sequence += 1;
  const minutesAgo = typeof overrides.minutesAgo === 'number' ? overrides.minutesAgo : sequence;
  const { minutesAgo: _ignored, ...rest } = overrides;
  return {
    externalId: `ext-${randomUUID()}`,
    number: `CMD-${String(sequence).padStart(5, '0')}`,
    channel: 'online',
    placedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    currency: 'EUR',
    customer,
    status: 'open',
    lines: [
      { sku: 'PAP-A4-500', name: 'Ramette A4 500 feuilles', quantity: 3, unitPrice: 650, taxRateBasisPoints: 2000 },
      { sku: 'STY-BLEU', name: 'Stylo bille bleu', quantity: 10, unitPrice: 120, productRef: 'variant-42' },
    ],
    total: 3150,
    ...rest,
  } as TOrderBody;
}

export type TStore = TStoreClient & { key: string };

export async function newStore(t: TTestApp, scopes: TApiKeyScope[] = ['orders:write', 'returns:write', 'catalog:write']): Promise<TStore> {
  const key = await newApiKey(t, scopes);
  return { ...storeClient(t, key), key };
}

/** Pushes an order and returns the store's answer, failing the test on anything but 200/201. */
export async function pushOrder(store: TStoreClient, body: TOrderBody): Promise<{ id: string; lines: { id: string; sku: string; quantity: number }[]; customerId: string }> {
  const response = await store.post('/api/integration/orders', body);
  if (response.status !== 201 && response.status !== 200) throw new Error(`push answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as { id: string; lines: { id: string; sku: string; quantity: number }[]; customerId: string };
}

export function expectProblem(response: { status: number; body: unknown }, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toMatchObject({ status, code });
}

export function fieldErrors(body: unknown): { path: string; code: string }[] {
  return ((body as { errors?: { path: string; code: string }[] }).errors ?? []).map(({ path, code }) => ({ path, code }));
}
