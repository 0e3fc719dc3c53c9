/**
 * What a store system's key may touch: `<resource>:read` or `<resource>:write`. A write scope
 * includes reading the same resource.
 */
export const apiKeyResources = ['orders', 'documents', 'customers', 'returns', 'catalog', 'payment_methods', 'webhooks', 'registries', 'cards', 'messages'] as const;
export type TApiKeyResource = (typeof apiKeyResources)[number];
export type TApiKeyScope = `${TApiKeyResource}:${'read' | 'write'}`;

const resourceSet: ReadonlySet<string> = new Set(apiKeyResources);

/** Splits and checks `orders:write,customers:read`; lists the unknown ones. */
export function parseScopes(text: string): { scopes: TApiKeyScope[]; unknown: string[] } {
  const scopes = new Set<TApiKeyScope>();
  const unknown: string[] = [];
  for (const raw of text.split(/[\s,]+/).filter(Boolean)) {
    const [resource, access, ...rest] = raw.split(':');
    if (rest.length === 0 && resource && resourceSet.has(resource) && (access === 'read' || access === 'write')) {
      scopes.add(`${resource as TApiKeyResource}:${access}`);
    } else {
      unknown.push(raw);
    }
  }
  return { scopes: [...scopes].sort(), unknown };
}

/** Whether a key's scopes allow `needed`: the scope itself, or the write scope for a read. */
export function scopesAllow(granted: readonly string[], needed: TApiKeyScope): boolean {
  if (granted.includes(needed)) return true;
  const [resource, access] = needed.split(':');
  return access === 'read' && granted.includes(`${resource}:write`);
}
