// Pure rules of saved payment methods (F4.7).

/**
 * A card is valid through the last day of its expiry month (ISO/IEC 7813): expired from the first
 * day of the next month, in UTC. A method without a complete expiry never expires here.
 */
export function isExpired(method: { expiryMonth: number | null; expiryYear: number | null }, now: Date): boolean {
  if (method.expiryMonth === null || method.expiryYear === null) return false;
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const expiry = method.expiryYear * 12 + (method.expiryMonth - 1);
  return current > expiry;
}
