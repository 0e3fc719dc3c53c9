import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import { commonErrors } from '../../platform/errors/app-error.js';
import { copyBillingToDelivery, createAddress, deleteAddress, listAddresses, updateAddress } from '../addresses/addresses.service.js';
import { ADDRESS_FIELDS, type TAddressFields, type TUpdateAddressBody } from '../addresses/addresses.schemas.js';
import { PRIVACY_NOTICE_VERSION } from '../customers/customers.service.js';
import { appendConsentRecord, listConsentRecords, lockConsentOfCustomer } from '../marketing/marketing.repository.js';
import { consentChanges, deriveConsentStates, type TConsentPurpose } from '../marketing/marketing.rules.js';

/** The request's name of each purpose, which the audit entry also uses. */
const CONSENT_FIELDS: Record<TConsentPurpose, 'newsletterEmail' | 'promotionalEmail' | 'sms'> = {
  newsletter_email: 'newsletterEmail',
  promotional_email: 'promotionalEmail',
  sms: 'sms',
};

type TConsentWanted = { newsletterEmail?: boolean | undefined; promotionalEmail?: boolean | undefined; sms?: boolean | undefined };

/**
 * Records the consents staff set, with source `staff`, as the marketing module records the
 * customer's own (same lock, same history, one record per purpose whose state changes). No IP:
 * the staff member's address is not evidence of the customer's consent. Answers the changed fields.
 */
export async function applyConsentChanges(
  tx: Database,
  options: { customerId: string; mobile: string | null; wanted: TConsentWanted },
): Promise<string[]> {
  const wanted = { newsletter_email: options.wanted.newsletterEmail, promotional_email: options.wanted.promotionalEmail, sms: options.wanted.sms };
  if (Object.values(wanted).every((value) => value === undefined)) return [];
  await lockConsentOfCustomer(tx, options.customerId);
  const changes = consentChanges(deriveConsentStates(await listConsentRecords(tx, options.customerId)), wanted);
  if (changes.some((change) => change.purpose === 'sms' && change.granted) && !options.mobile) {
    throw commonErrors.validationFailed([{ path: 'sms', code: 'mobile_required', message: 'Text messages need a mobile number on file.' }]);
  }
  for (const change of changes) {
    await appendConsentRecord(tx, { customerId: options.customerId, ...change, source: 'staff', ip: null, noticeVersion: PRIVACY_NOTICE_VERSION });
  }
  return changes.map((change) => CONSENT_FIELDS[change.purpose]);
}

type TAddressChanges = {
  billingAddress?: TAddressFields | null | undefined;
  shippingAddress?: TAddressFields | null | undefined;
  shippingSameAsBilling?: boolean | undefined;
};

/**
 * The billing address (one per account) and the default delivery address, set, replaced or
 * (null) deleted through the addresses module's services, inside the caller's transaction
 * (their own transactions become savepoints). Answers the changed fields.
 */
export async function applyAddressChanges(ctx: Pick<TAppContext, 'config'>, tx: Database, options: { customerId: string; body: TAddressChanges }): Promise<string[]> {
  const { body, customerId } = options;
  if (body.billingAddress === undefined && body.shippingAddress === undefined && !body.shippingSameAsBilling) return [];
  const scoped = { db: tx, config: ctx.config };
  const current = await listAddresses(scoped, { customerId });
  let billing = current.find((address) => address.kind === 'billing');
  const delivery = current.find((address) => address.kind === 'delivery' && address.isDefault);
  const changed: string[] = [];

  if (body.billingAddress === null && billing) {
    await deleteAddress(scoped, { customerId, addressId: billing.id });
    billing = undefined;
    changed.push('billingAddress');
  } else if (body.billingAddress) {
    billing = billing
      ? await updateAddress(scoped, { customerId, addressId: billing.id, changes: body.billingAddress })
      : await createAddress(scoped, { customerId, body: { kind: 'billing', ...body.billingAddress } });
    changed.push('billingAddress');
  }

  if (body.shippingSameAsBilling) {
    if (!billing) {
      throw commonErrors.validationFailed([
        { path: 'shippingSameAsBilling', code: 'billing_address_required', message: 'Give the billing address to deliver to it.' },
      ]);
    }
    if (delivery) {
      const source = billing;
      const fields = Object.fromEntries(ADDRESS_FIELDS.filter((field) => field !== 'label').map((field) => [field, source[field]])) as TUpdateAddressBody;
      await updateAddress(scoped, { customerId, addressId: delivery.id, changes: fields });
    } else await copyBillingToDelivery(scoped, { customerId, isDefault: true });
    changed.push('shippingAddress');
  } else if (body.shippingAddress === null && delivery) {
    await deleteAddress(scoped, { customerId, addressId: delivery.id });
    changed.push('shippingAddress');
  } else if (body.shippingAddress) {
    if (delivery) await updateAddress(scoped, { customerId, addressId: delivery.id, changes: body.shippingAddress });
    else await createAddress(scoped, { customerId, body: { kind: 'delivery', isDefault: true, ...body.shippingAddress } });
    changed.push('shippingAddress');
  }
  return changed;
}
