import { describe, expect, it, vi } from 'vitest';
import { createSessionCache, type TSessionLookupRow } from './session-cache.js';

const rowOf = (customerId: string, sessionId: string): TSessionLookupRow => ({
  session: { id: sessionId, lastSeenAt: new Date(), absoluteExpiresAt: new Date(Date.now() + 86_400_000) },
  customer: {
    id: customerId,
    marketId: 'mkt_default',
    email: `${customerId}@example.fr`,
    emailVerifiedAt: new Date(),
    firstName: 'A',
    lastName: 'B',
    initials: null,
    phone: null,
    mobile: null,
    gender: null,
    birthDate: null,
    origin: 'registration',
    claimedAt: null,
    accountType: 'individual',
    locale: 'fr',
    status: 'active',
  approvalStatus: 'approved',
    createdAt: new Date(),
  },
});

describe('createSessionCache', () => {
  it('returns what was set, until the time to live has passed', () => {
    vi.useFakeTimers();
    try {
      const cache = createSessionCache({ ttlMs: 5000 });
      cache.set('t1', rowOf('cus_a', 'ses_1'), cache.epoch());
      expect(cache.get('t1')?.session.id).toBe('ses_1');
      vi.advanceTimersByTime(5001);
      expect(cache.get('t1')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets every session of a customer on eviction, and only theirs', () => {
    const cache = createSessionCache({ ttlMs: 5000 });
    cache.set('t1', rowOf('cus_a', 'ses_1'), cache.epoch());
    cache.set('t2', rowOf('cus_a', 'ses_2'), cache.epoch());
    cache.set('t3', rowOf('cus_b', 'ses_3'), cache.epoch());
    cache.evictCustomer('cus_a');
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.get('t2')).toBeUndefined();
    expect(cache.get('t3')?.session.id).toBe('ses_3');
  });

  it('refuses to cache a read that started before an eviction (it may be stale)', () => {
    const cache = createSessionCache({ ttlMs: 5000 });
    const epochBeforeRead = cache.epoch();
    cache.evictCustomer('cus_a');
    cache.set('t1', rowOf('cus_a', 'ses_1'), epochBeforeRead);
    expect(cache.get('t1')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const cache = createSessionCache({ ttlMs: 5000, maxEntries: 2 });
    cache.set('t1', rowOf('cus_a', 'ses_1'), cache.epoch());
    cache.set('t2', rowOf('cus_b', 'ses_2'), cache.epoch());
    cache.set('t3', rowOf('cus_c', 'ses_3'), cache.epoch());
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.get('t3')?.session.id).toBe('ses_3');
  });

  it('caches nothing when turned off', () => {
    const cache = createSessionCache({ ttlMs: 0 });
    cache.set('t1', rowOf('cus_a', 'ses_1'), cache.epoch());
    expect(cache.get('t1')).toBeUndefined();
  });
});
