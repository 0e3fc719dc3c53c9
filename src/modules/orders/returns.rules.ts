import type { TReturnStatus } from './orders.tables.js';

/**
 * What the store may move a return to from each status. The customer only cancels a
 * `requested` one; `refused`, `refunded` and `cancelled` are final.
 */
const storeTransitions: Record<TReturnStatus, readonly TReturnStatus[]> = {
  requested: ['approved', 'refused'],
  approved: ['received', 'refunded', 'refused'],
  received: ['refunded', 'refused'],
  refused: [],
  refunded: [],
  cancelled: [],
};

export function canStoreMoveReturn(from: TReturnStatus, to: TReturnStatus): boolean {
  return storeTransitions[from].includes(to);
}

export function storeTransitionsFrom(from: TReturnStatus): readonly TReturnStatus[] {
  return storeTransitions[from];
}

export const customerCancellableStatus: TReturnStatus = 'requested';
