/**
 * How a new sign-in address is written in the notice sent to the old one: enough for the owner
 * to recognise their own new address (or see it is not theirs), not enough to hand a stranger
 * reading the old mailbox the new one. `camille.durand@example.fr` → `c••••••••••d@e••••••.fr`.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•'.repeat(Math.max(1, email.length));
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const [name, tld] = dot > 0 ? [domain.slice(0, dot), domain.slice(dot)] : [domain, ''];
  return `${maskPart(local)}@${maskPart(name, false)}${tld}`;
}

function maskPart(part: string, keepLast = true): string {
  const chars = [...part];
  if (chars.length <= 2) return `${chars[0] ?? ''}${'•'.repeat(Math.max(1, chars.length - 1))}`;
  const hidden = '•'.repeat(chars.length - (keepLast ? 2 : 1));
  return `${chars[0]}${hidden}${keepLast ? chars[chars.length - 1] : ''}`;
}
