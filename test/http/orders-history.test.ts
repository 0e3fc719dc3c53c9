import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../src/modules/orders/orders.tables.js';
import { insertSignedInCustomer } from '../support/company-fixtures.js';
import { createTestApp, type TApiClient, type TTestApp } from '../support/test-app.js';
import { expectProblem, fieldErrors, newStore, orderBody, pushOrder, type TStore } from './orders-fixtures.js';

let t: TTestApp;
let store: TStore;
beforeAll(async () => {
  t = await createTestApp({ env: { CART_URL_TEMPLATE: 'https://shop.example/cart/{items}' } });
  store = await newStore(t);
});
afterAll(async () => {
  await t.close();
});

type TCustomer = { id: string; token: string; client: TApiClient };
type TPage = { items: { id: string; placedAt: string; channel: string; status: string }[]; nextCursor: string | null };

async function allPages(customer: TCustomer, query: string, limit: number): Promise<TPage['items']> {
  const seen: TPage['items'] = [];
  let cursor: string | null = null;
  do {
    const url = `/api/me/orders?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await customer.client.get(url, { token: customer.token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const page = response.body as TPage;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return seen;
}

describe('GET /api/me/orders', () => {
  it('pages through 250 orders and receipts, newest first, with ties on placedAt broken by id: no duplicate, no gap, also under filters', async () => {
    const customer = await insertSignedInCustomer(t);
    const base = Date.now() - 3600_000;
    for (let i = 0; i < 250; i += 1) {
      // Five orders share each minute: the cursor must carry the id as well as the time.
      const placedAt = new Date(base - Math.floor(i / 5) * 60_000).toISOString();
      await pushOrder(store, orderBody({ customerId: customer.id }, { placedAt, channel: i % 3 === 0 ? 'store' : 'online', status: i % 4 === 0 ? 'completed' : 'open' }));
    }
    const expected = await t.ctx.db
      .select({ id: orders.id, placedAt: orders.placedAt, channel: orders.channel, status: orders.status })
      .from(orders)
      .where(eq(orders.customerId, customer.id))
      .orderBy(desc(orders.placedAt), desc(orders.id));

    const all = await allPages(customer, '', 37);
    expect(all.map((order) => order.id)).toEqual(expected.map((order) => order.id));

    const from = new Date(base - 30 * 60_000);
    const to = new Date(base - 10 * 60_000);
    const filtered = await allPages(customer, `&channel=store&status=open&from=${from.toISOString()}&to=${to.toISOString()}`, 4);
    const wanted = expected.filter(
      (order) => order.channel === 'store' && order.status === 'open' && order.placedAt >= from && order.placedAt <= to,
    );
    expect(wanted.length).toBeGreaterThan(4);
    expect(filtered.map((order) => order.id)).toEqual(wanted.map((order) => order.id));
  });

  it('a bare date is a whole UTC day; to before from and a forged cursor are 400', async () => {
    const customer = await insertSignedInCustomer(t);
    const day = await pushOrder(store, orderBody({ customerId: customer.id }, { placedAt: '2024-05-10T23:59:59.000Z' }));
    await pushOrder(store, orderBody({ customerId: customer.id }, { placedAt: '2024-05-11T00:00:00.000Z' }));
    const onDay = await customer.client.get('/api/me/orders?from=2024-05-10&to=2024-05-10', { token: customer.token });
    expect((onDay.body as TPage).items.map((item) => item.id)).toEqual([day.id]);

    const backwards = await customer.client.get('/api/me/orders?from=2024-05-11&to=2024-05-10', { token: customer.token });
    expectProblem(backwards, 400, 'validation_failed');
    expect(fieldErrors(backwards.body)).toEqual([{ path: 'query.to', code: 'invalid_range' }]);
    const forged = await customer.client.get(`/api/me/orders?cursor=${Buffer.from('{"t":"x","i":"y"}').toString('base64url')}`, { token: customer.token });
    expect(fieldErrors(forged.body)).toEqual([{ path: 'query.cursor', code: 'invalid_cursor' }]);
    expectProblem(await customer.client.get('/api/me/orders?from=yesterday', { token: customer.token }), 400, 'validation_failed');
  });

  it('another customer’s orders are never listed, shown, reordered or returned (404)', async () => {
    const [me, other] = [await insertSignedInCustomer(t), await insertSignedInCustomer(t)];
    const mine = await pushOrder(store, orderBody({ customerId: me.id }));
    const theirs = [await pushOrder(store, orderBody({ customerId: other.id })), await pushOrder(store, orderBody({ customerId: other.id }))];
    const list = await me.client.get('/api/me/orders', { token: me.token });
    expect((list.body as TPage).items.map((item) => item.id)).toEqual([mine.id]);
    for (const order of theirs) {
      expectProblem(await me.client.get(`/api/me/orders/${order.id}`, { token: me.token }), 404, 'not_found');
      expectProblem(await me.client.post(`/api/me/orders/${order.id}/reorder`, undefined, { token: me.token }), 404, 'not_found');
      const line = order.lines[0]!;
      expectProblem(
        await me.client.post(`/api/me/orders/${order.id}/returns`, { lines: [{ lineId: line.id, quantity: 1 }], reason: 'damaged' }, { token: me.token }),
        404,
        'not_found',
      );
    }
    expect((await me.client.get('/api/me/orders')).status).toBe(401);
  });

  it('GET /api/me/orders/{orderId}: lines with money, totals, taxes and approval', async () => {
    const customer = await insertSignedInCustomer(t);
    const pushed = await pushOrder(
      store,
      orderBody({ customerId: customer.id }, { subtotal: 3150, taxTotal: 525, taxes: [{ label: 'TVA 20 %', rateBasisPoints: 2000, amount: 525 }], poNumber: 'PO-9' }),
    );
    const detail = await customer.client.get(`/api/me/orders/${pushed.id}`, { token: customer.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: pushed.id,
      poNumber: 'PO-9',
      itemCount: 13,
      company: null,
      location: null,
      subtotal: { amount: 3150, currency: 'EUR' },
      taxTotal: { amount: 525, currency: 'EUR' },
      taxes: [{ label: 'TVA 20 %', rateBasisPoints: 2000, amount: { amount: 525, currency: 'EUR' } }],
      lines: [
        { sku: 'PAP-A4-500', quantity: 3, unitPrice: { amount: 650, currency: 'EUR' }, lineTotal: { amount: 1950, currency: 'EUR' }, taxRateBasisPoints: 2000, returnedQuantity: 0, returnableQuantity: 3 },
        { sku: 'STY-BLEU', quantity: 10, lineTotal: { amount: 1200, currency: 'EUR' }, taxRateBasisPoints: null, returnableQuantity: 10 },
      ],
      documents: [],
      returns: [],
      approval: { status: 'not_required', decidedAt: null, refusalReason: null },
    });
  });
});

describe('POST /api/me/orders/{orderId}/reorder', () => {
  it('offers the lines still orderable, merged per SKU, leaves out SKUs marked not orderable, and builds the cart link', async () => {
    const customer = await insertSignedInCustomer(t);
    const pushed = await pushOrder(
      store,
      orderBody(
        { customerId: customer.id },
        {
          lines: [
            { sku: 'PAP-A4-500', name: 'Ramette A4', quantity: 3, unitPrice: 650 },
            { sku: 'STY-BLEU', name: 'Stylo bleu', quantity: 10, unitPrice: 120, productRef: 'variant/42' },
            { sku: 'PAP-A4-500', name: 'Ramette A4', quantity: 2, unitPrice: 650 },
            { sku: 'AGENDA-2023', name: 'Agenda 2023', quantity: 1, unitPrice: 1500 },
          ],
          total: 6950,
        },
      ),
    );
    expect((await store.put('/api/integration/catalog/AGENDA-2023', { orderable: false })).status).toBe(200);
    expect((await store.put('/api/integration/catalog/STY-BLEU', { orderable: true })).status).toBe(200);
    const response = await customer.client.post(`/api/me/orders/${pushed.id}/reorder`, undefined, { token: customer.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      lines: [
        { sku: 'PAP-A4-500', productRef: null, name: 'Ramette A4', quantity: 5 },
        { sku: 'STY-BLEU', productRef: 'variant/42', name: 'Stylo bleu', quantity: 10 },
      ],
      unavailable: [{ sku: 'AGENDA-2023', name: 'Agenda 2023' }],
      cartUrl: 'https://shop.example/cart/PAP-A4-500:5,variant%2F42:10',
    });
  });

  it('nothing orderable: no cart link', async () => {
    const customer = await insertSignedInCustomer(t);
    const pushed = await pushOrder(store, orderBody({ customerId: customer.id }, { lines: [{ sku: 'GONE-1', name: 'Gone', quantity: 1, unitPrice: 1 }], total: 1 }));
    await store.put('/api/integration/catalog/GONE-1', { orderable: false });
    const response = await customer.client.post(`/api/me/orders/${pushed.id}/reorder`, undefined, { token: customer.token });
    expect(response.body).toEqual({ lines: [], unavailable: [{ sku: 'GONE-1', name: 'Gone' }], cartUrl: null });
    expect(await t.ctx.db.select({ id: orders.id }).from(orders).where(and(eq(orders.id, pushed.id), eq(orders.customerId, customer.id)))).toHaveLength(1);
  });
});
