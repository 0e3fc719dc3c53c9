/** A line offered back to the cart: `ref` is what the storefront's cart understands. */
export type TCartLine = { sku: string; productRef: string | null; quantity: number };

/**
 * The same SKU twice in an order (a line per delivery, say) becomes one cart line, in the
 * order the SKUs first appear.
 */
export function mergeCartLines<T extends TCartLine>(lines: T[]): T[] {
  const bySku = new Map<string, T>();
  for (const line of lines) {
    const seen = bySku.get(line.sku);
    if (seen) bySku.set(line.sku, { ...seen, quantity: seen.quantity + line.quantity });
    else bySku.set(line.sku, { ...line });
  }
  return [...bySku.values()];
}

/**
 * The storefront link that fills a cart, from CART_URL_TEMPLATE: `{items}` becomes the
 * comma-joined `ref:qty` (ref = productRef ?? sku), each part URI-encoded so a SKU holding a
 * comma, colon or slash cannot break the list. Null without a template or without lines.
 */
export function buildCartUrl(template: string | null, lines: TCartLine[]): string | null {
  if (template === null || lines.length === 0) return null;
  const items = lines.map((line) => `${encodeURIComponent(line.productRef ?? line.sku)}:${line.quantity}`).join(',');
  return template.replaceAll('{items}', items);
}
