import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../src/modules/customers/customers.tables.js';
import { returnRequests } from '../../src/modules/orders/orders.tables.js';
import { webhookEvents } from '../../src/modules/webhooks/webhooks.tables.js';
import { insertSignedInCustomer } from '../support/company-fixtures.js';
import { createTestApp, type TApiClient, type TTestApp } from '../support/test-app.js';
import { expectProblem, fieldErrors, newStore, orderBody, pushOrder, type TStore } from './orders-fixtures.js';

let t: TTestApp;
let store: TStore;
beforeAll(async () => {
  t = await createTestApp();
  store = await newStore(t);
});
afterAll(async () => {
  await t.close();
});

type TCustomer = { id: string; email: string; token: string; client: TApiClient };
type TReturn = { id: string; status: string; orderId: string; lines: { lineId: string; quantity: number }[] };

/** A signed-in customer with an open order: line 0 is 3 reams, line 1 is 10 pens. */
async function customerWithOrder(overrides: Record<string, unknown> = {}) {
  const customer: TCustomer = await insertSignedInCustomer(t);
  const order = await pushOrder(store, orderBody({ customerId: customer.id }, overrides));
  const reams = order.lines[0]!;
  const pens = order.lines[1]!;
  const requestReturn = (lines: { lineId: string; quantity: number }[], reason = 'damaged') =>
    customer.client.post(`/api/me/orders/${order.id}/returns`, { lines, reason, comment: 'Abîmé au transport' }, { token: customer.token });
  const detail = async () => (await customer.client.get(`/api/me/orders/${order.id}`, { token: customer.token })).body as { lines: { returnedQuantity: number; returnableQuantity: number }[]; returns: { id: string }[] };
  return { customer, order, reams, pens, requestReturn, detail };
}

const eventsOf = (returnId: string) =>
  t.ctx.db.select().from(webhookEvents).where(sql`${webhookEvents.payload}->>'id' = ${returnId}`).orderBy(webhookEvents.id);

describe('POST /api/me/orders/{orderId}/returns', () => {
  it('accepts up to what was bought less what is already being returned, and refuses each line beyond it (422, every line listed)', async () => {
    const { reams, pens, requestReturn, detail } = await customerWithOrder();
    const first = await requestReturn([{ lineId: reams.id, quantity: 2 }]);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'requested', reason: 'damaged', comment: 'Abîmé au transport', storeNote: null, lines: [{ lineId: reams.id, sku: 'PAP-A4-500', quantity: 2 }] });

    const over = await requestReturn([
      { lineId: reams.id, quantity: 2 },
      { lineId: pens.id, quantity: 11 },
    ]);
    expectProblem(over, 422, 'quantity_exceeds_returnable');
    expect(fieldErrors(over.body)).toEqual([
      { path: 'lines.0.quantity', code: 'quantity_exceeds_returnable' },
      { path: 'lines.1.quantity', code: 'quantity_exceeds_returnable' },
    ]);

    expect((await requestReturn([{ lineId: reams.id, quantity: 1 }, { lineId: pens.id, quantity: 10 }])).status).toBe(201);
    const after = await detail();
    expect(after.lines.map((line) => [line.returnedQuantity, line.returnableQuantity])).toEqual([[3, 0], [10, 0]]);
    expect(after.returns).toHaveLength(2);
  });

  it('refuses a line of another order (422 line_not_in_order), a line twice (400) and an order that is not open or completed (409)', async () => {
    const { reams, requestReturn } = await customerWithOrder();
    const other = await customerWithOrder();
    const foreign = await requestReturn([{ lineId: other.reams.id, quantity: 1 }]);
    expectProblem(foreign, 422, 'line_not_in_order');
    expect(fieldErrors(foreign.body)).toEqual([{ path: 'lines.0.lineId', code: 'line_not_in_order' }]);
    const twice = await requestReturn([{ lineId: reams.id, quantity: 1 }, { lineId: reams.id, quantity: 1 }]);
    expect(fieldErrors(twice.body)).toEqual([{ path: 'lines.1.lineId', code: 'duplicate_line' }]);
    const badReason = await requestReturn([{ lineId: reams.id, quantity: 1 }], 'bored');
    expect(fieldErrors(badReason.body)).toEqual([expect.objectContaining({ path: 'reason' })]);

    const cancelled = await customerWithOrder({ status: 'cancelled' });
    expectProblem(await cancelled.requestReturn([{ lineId: cancelled.reams.id, quantity: 1 }]), 409, 'order_not_returnable');
  });

  it('requests sent at the same moment cannot together exceed what was bought (the order row is locked)', async () => {
    const { reams, requestReturn, detail } = await customerWithOrder();
    const answers = await Promise.all(Array.from({ length: 5 }, () => requestReturn([{ lineId: reams.id, quantity: 2 }])));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 422, 422, 422, 422]);
    expect((await detail()).lines[0]).toMatchObject({ returnedQuantity: 2, returnableQuantity: 1 });
  });

  it('records return.requested in the transaction, with the lines', async () => {
    const { customer, order, reams, requestReturn } = await customerWithOrder();
    const created = (await requestReturn([{ lineId: reams.id, quantity: 1 }])).body as TReturn;
    const events = await eventsOf(created.id);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'return.requested',
        customerId: customer.id,
        payload: expect.objectContaining({ id: created.id, orderId: order.id, status: 'requested', lines: [expect.objectContaining({ lineId: reams.id, quantity: 1 })] }),
      }),
    ]);
  });
});

describe('my returns', () => {
  it('lists, shows and cancels my return while it is requested; its quantities are free again; someone else gets 404', async () => {
    const { customer, reams, requestReturn, detail } = await customerWithOrder();
    const created = (await requestReturn([{ lineId: reams.id, quantity: 3 }])).body as TReturn;
    const list = await customer.client.get('/api/me/returns', { token: customer.token });
    expect(list.body).toMatchObject({ items: [{ id: created.id, orderNumber: expect.any(String) }], nextCursor: null });
    expect((await customer.client.get(`/api/me/returns/${created.id}`, { token: customer.token })).body).toMatchObject({ id: created.id, status: 'requested' });

    const stranger = await insertSignedInCustomer(t);
    expectProblem(await stranger.client.get(`/api/me/returns/${created.id}`, { token: stranger.token }), 404, 'not_found');
    expectProblem(await stranger.client.post(`/api/me/returns/${created.id}/cancel`, undefined, { token: stranger.token }), 404, 'not_found');
    expect((await stranger.client.get('/api/me/returns', { token: stranger.token })).body).toEqual({ items: [], nextCursor: null });

    const cancelled = await customer.client.post(`/api/me/returns/${created.id}/cancel`, undefined, { token: customer.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect((await detail()).lines[0]).toMatchObject({ returnedQuantity: 0, returnableQuantity: 3 });
    expectProblem(await customer.client.post(`/api/me/returns/${created.id}/cancel`, undefined, { token: customer.token }), 409, 'return_not_cancellable');
    expect((await eventsOf(created.id)).map((event) => event.type)).toEqual(['return.requested', 'return.cancelled']);
  });
});

describe('the store answers returns', () => {
  it('lists requested returns, moves one along allowed transitions only, and emails the customer each new status in their language', async () => {
    const { customer, order, reams, requestReturn } = await customerWithOrder({ number: 'CMD-RET-1' });
    await t.ctx.db.update(customers).set({ locale: 'en' }).where(eq(customers.id, customer.id));
    const created = (await requestReturn([{ lineId: reams.id, quantity: 1 }])).body as TReturn;

    const queue = await store.get('/api/integration/returns?status=requested&limit=100');
    expect(queue.status).toBe(200);
    expect((queue.body as { items: { id: string }[] }).items).toContainEqual(
      expect.objectContaining({ id: created.id, orderId: order.id, orderNumber: 'CMD-RET-1', customerId: customer.id, lines: [expect.objectContaining({ lineId: reams.id, position: 0, quantity: 1 })] }),
    );

    const since = t.mail.mark();
    const approved = await store.patch(`/api/integration/returns/${created.id}`, { status: 'approved', storeNote: 'Déposez le colis en point relais.' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', storeNote: 'Déposez le colis en point relais.' });
    const email = await t.mail.waitForEmail({ to: customer.email, after: since, subject: /CMD-RET-1/ });
    expect(email.subject).toBe('Your return for order CMD-RET-1: approved');
    expect(email.text).toContain('Déposez le colis en point relais.');
    expect(email.text).toContain(`/returns/${created.id}`);

    expectProblem(await store.patch(`/api/integration/returns/${created.id}`, { status: 'requested' }), 409, 'invalid_transition');
    expectProblem(await customer.client.post(`/api/me/returns/${created.id}/cancel`, undefined, { token: customer.token }), 409, 'return_not_cancellable');
    for (const status of ['received', 'refunded']) {
      expect((await store.patch(`/api/integration/returns/${created.id}`, { status })).body).toMatchObject({ status, storeNote: 'Déposez le colis en point relais.' });
    }
    expectProblem(await store.patch(`/api/integration/returns/${created.id}`, { status: 'refused' }), 409, 'invalid_transition');
    expect((await customer.client.get(`/api/me/returns/${created.id}`, { token: customer.token })).body).toMatchObject({ status: 'refunded' });
    await t.mail.waitForEmail({ to: customer.email, after: since, subject: /refunded/ });
  });

  it('a French customer gets French; a note change alone sends nothing; a refused return frees its quantities', async () => {
    const { customer, reams, requestReturn, detail } = await customerWithOrder({ number: 'CMD-RET-2' });
    const created = (await requestReturn([{ lineId: reams.id, quantity: 3 }])).body as TReturn;
    const since = t.mail.mark();
    await store.patch(`/api/integration/returns/${created.id}`, { status: 'requested', storeNote: 'Nous regardons.' });
    const refused = await store.patch(`/api/integration/returns/${created.id}`, { status: 'refused', storeNote: null });
    expect(refused.body).toMatchObject({ status: 'refused', storeNote: null });
    const email = await t.mail.waitForEmail({ to: customer.email, after: since, subject: /CMD-RET-2/ });
    expect(email.subject).toBe('Votre retour pour la commande CMD-RET-2\u00a0: refusé');
    expect(t.mail.messages.slice(since).filter((message) => message.to.includes(customer.email))).toHaveLength(1);
    expect((await detail()).lines[0]).toMatchObject({ returnedQuantity: 0, returnableQuantity: 3 });
  });

  it('needs returns:write to answer and returns:read to list; an unknown return is 404', async () => {
    const reader = await newStore(t, ['returns:read']);
    expect((await reader.get('/api/integration/returns')).status).toBe(200);
    expectProblem(await reader.patch('/api/integration/returns/ret_nope', { status: 'approved' }), 403, 'missing_scope');
    const ordersOnly = await newStore(t, ['orders:write']);
    expectProblem(await ordersOnly.get('/api/integration/returns'), 403, 'missing_scope');
    expectProblem(await store.patch('/api/integration/returns/ret_nope', { status: 'approved' }), 404, 'not_found');
    expectProblem(await store.get('/api/integration/returns?cursor=nope'), 400, 'validation_failed');
  });

  it('a push that drops a line someone asked to return is 409 lines_have_returns, and changes nothing', async () => {
    const customer = await insertSignedInCustomer(t);
    const body = orderBody({ customerId: customer.id });
    const order = await pushOrder(store, body);
    await customer.client.post(`/api/me/orders/${order.id}/returns`, { lines: [{ lineId: order.lines[1]!.id, quantity: 1 }], reason: 'wrong_item' }, { token: customer.token });
    const shorter = await store.post('/api/integration/orders', { ...body, lines: [(body.lines as unknown[])[0]], total: 1950 });
    expectProblem(shorter, 409, 'lines_have_returns');
    const read = await store.get(`/api/integration/orders/${order.id}`);
    expect(read.body).toMatchObject({ total: 3150, lines: [{ returnedQuantity: 0 }, { returnedQuantity: 1 }] });
    expect(await t.ctx.db.select().from(returnRequests).where(eq(returnRequests.orderId, order.id))).toHaveLength(1);
  });
});
