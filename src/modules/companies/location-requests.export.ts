import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { addressRequestActions, addressRequestStatuses, companies, companyLocations, locationAddressRequests } from './companies.tables.js';

// The address changes a buyer asked for at a company's location (F3.6). The addresses are the
// company's, but the request is the person's act: who asked what, when, and the answer.

const ZExportedAddressRequest = z.object({
  id: z.string(),
  company: z.object({ id: z.string(), name: z.string() }),
  location: z.object({ id: z.string(), name: z.string() }),
  action: z.enum(addressRequestActions),
  proposed: z.record(z.string(), z.unknown()).nullable(),
  status: z.enum(addressRequestStatuses),
  refusalReason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});

export const locationRequestsExport = defineExportSection({
  key: 'locationAddressRequests',
  description: 'The changes to a company location’s addresses you asked for, and the answers (table location_address_requests, by requested_by).',
  // location_address_requests names the person in requested_by, not customer_id; erasure sets it to null (the request stays the company's).
  tables: [],
  processing: {
    purposes: ['Letting the location’s administrators approve or refuse the change you asked for'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR) between the shop and the company you buy for',
    retention: 'As long as the location exists; your account’s erasure removes your name from the request.',
    recipients: ['The shop', 'The administrators of the company and of the location', 'Its hosting provider (processor)'],
  },
  schema: z.array(ZExportedAddressRequest),
  async collect(db, customerId) {
    const rows = await db
      .select({
        request: locationAddressRequests,
        location: { id: companyLocations.id, name: companyLocations.name },
        company: { id: companies.id, name: companies.name },
      })
      .from(locationAddressRequests)
      .innerJoin(companyLocations, eq(companyLocations.id, locationAddressRequests.locationId))
      .innerJoin(companies, eq(companies.id, companyLocations.companyId))
      .where(eq(locationAddressRequests.requestedBy, customerId))
      .orderBy(asc(locationAddressRequests.createdAt), asc(locationAddressRequests.id));
    return rows.map(({ request, location, company }) => ({
      id: request.id,
      company,
      location,
      action: request.action,
      proposed: request.proposed ?? null,
      status: request.status,
      refusalReason: request.refusalReason,
      createdAt: request.createdAt.toISOString(),
      decidedAt: request.decidedAt?.toISOString() ?? null,
    }));
  },
});
