import type { Database } from '../../db/client.js';
import { AppError, type TFieldError } from '../../platform/errors/app-error.js';
import { findActiveCompany } from '../companies/companies.repository.js';
import { loadCompanyActor } from '../companies/company-access.js';
import { findLocationOfCompany } from '../companies/locations.service.js';
import type { TCustomerRow } from '../customers/customers.tables.js';
import { resolveCustomerReference } from './customer-reference.js';
import type { TIngestOrderBody } from './orders-integration.schemas.js';
import { ordersErrors } from './orders.errors.js';
import type { TOrderRow } from './orders.tables.js';

/**
 * The customer, company and location a pushed order names, checked together so that the
 * answer lists every field that does not fit (422). All must be of the key's market (F1.8):
 * another market's customer or company is refused exactly as an unknown one. An unknown
 * address becomes a guest account of that market (F1.6) in the caller's transaction, so a
 * refused order leaves none behind.
 *
 * An update that keeps the order's customer and company is not checked against today's
 * membership: the colleague may have left since, and the order stays the company's.
 */
export async function checkOrderReferences(
  tx: Database,
  options: { marketId: string; body: TIngestOrderBody; existing: TOrderRow | undefined },
): Promise<TCustomerRow> {
  const { marketId, body, existing } = options;
  const errors: TFieldError[] = [];
  const customer = await resolveOrCollect(tx, { marketId, body }, errors);
  const unchanged = existing !== undefined && customer !== null && existing.customerId === customer.id && existing.companyId === (body.companyId ?? null);
  if (body.companyId !== undefined) {
    errors.push(...(await companyErrors(tx, { marketId, companyId: body.companyId, locationId: body.locationId, customer, unchanged })));
  } else if (body.locationId !== undefined) {
    errors.push({ path: 'locationId', code: 'location_not_in_company', message: 'A location needs the companyId it belongs to.' });
  }
  if (body.status === 'pending_approval' && body.locationId === undefined) {
    errors.push({ path: 'locationId', code: 'location_required', message: 'A draft waiting for approval needs the location whose administrators approve it.' });
  }
  if (errors.length > 0 || customer === null) throw ordersErrors.refusedReferences(errors);
  return customer;
}

async function resolveOrCollect(tx: Database, options: { marketId: string; body: TIngestOrderBody }, errors: TFieldError[]): Promise<TCustomerRow | null> {
  try {
    return (await resolveCustomerReference(tx, options.body.customer, { marketId: options.marketId, path: 'customer', origin: 'guest_order' })).customer;
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 422) throw error;
    errors.push(...(error.errors ?? [{ path: 'customer', code: error.code, message: error.title }]));
    return null;
  }
}

async function companyErrors(
  tx: Database,
  options: { marketId: string; companyId: string; locationId: string | undefined; customer: TCustomerRow | null; unchanged: boolean },
): Promise<TFieldError[]> {
  const errors: TFieldError[] = [];
  // An unchanged company is the stored order's, found in the key's market already.
  const company = options.unchanged ? { id: options.companyId } : await findActiveCompanyInMarket(tx, options);
  if (!company) return [{ path: 'companyId', code: 'company_not_found', message: 'No active company has this id.' }];
  if (options.locationId !== undefined && !(await findLocationOfCompany(tx, { companyId: company.id, locationId: options.locationId }))) {
    errors.push({ path: 'locationId', code: 'location_not_in_company', message: 'This location is not one of the company’s.' });
  }
  if (options.customer && !options.unchanged && !(await loadCompanyActor(tx, company.id, options.customer.id))) {
    errors.push({ path: 'customer', code: 'customer_not_in_company', message: 'This customer is not a colleague of the company.' });
  }
  return errors;
}

/** Another market's company is no more found than an unknown one. */
export async function findActiveCompanyInMarket(tx: Database, options: { marketId: string; companyId: string }): Promise<{ id: string } | undefined> {
  const company = await findActiveCompany(tx, options.companyId);
  return company?.marketId === options.marketId ? company : undefined;
}
