import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import type { TBranding, TLocale, TRenderedEmail } from '../../platform/mail/mail-layout.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { findCustomerById } from '../customers/customers.service.js';
import type { TRegistryRow } from './registries.service.js';

type TOwnerContext = { locale: TLocale; branding: TBranding; firstName: string | null; registryTitle: string; registryUrl: string };

/**
 * Emails the registry's owner, in their language and their market's branding, in the
 * transaction of what it tells of. The link leads to the registry in their portal.
 */
export async function notifyOwner(
  db: Database,
  ctx: Pick<TAppContext, 'markets'>,
  registry: Pick<TRegistryRow, 'id' | 'customerId' | 'marketId' | 'title'>,
  build: (owner: TOwnerContext) => { template: string; rendered: TRenderedEmail },
): Promise<void> {
  const owner = await findCustomerById(db, registry.customerId);
  if (!owner || owner.status !== 'active') return;
  const market = ctx.markets.get(owner.marketId);
  const locale: TLocale = owner.locale === 'en' ? 'en' : 'fr';
  const { template, rendered } = build({
    locale,
    branding: market.branding,
    firstName: owner.firstName,
    registryTitle: registry.title,
    registryUrl: `${market.publicUrl}/my-registries/${registry.id}`,
  });
  await enqueueEmail(db, { customerId: owner.id, to: owner.email, template, locale, rendered });
}
