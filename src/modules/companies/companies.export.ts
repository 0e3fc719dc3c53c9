import { z } from 'zod';
import { defineExportSection } from '../privacy/privacy.extension.js';
import { listCompanyMembershipsOfCustomer, listLocationMembershipsOfCustomer } from './companies.repository.js';
import { companyKinds, companyRoles, companyStatuses, locationRoles } from './companies.tables.js';

// The companies module's part of GET /api/me/export (listed in privacy/privacy.registry.ts):
// the person's memberships. The company's own identity is the company's data, given here so
// that the membership can be understood.

const ZExportedCompanyMembership = z.object({
  companyId: z.string(),
  role: z.enum(companyRoles).describe('admin (administrator) or member (user).'),
  joinedAt: z.string(),
  updatedAt: z.string(),
  company: z.object({
    name: z.string(),
    kind: z.enum(companyKinds),
    country: z.string(),
    status: z.enum(companyStatuses).describe('merged: a duplicate moved into another company by the shop’s staff.'),
    siret: z.string().nullable(),
    siren: z.string().nullable(),
    vatNumber: z.string().nullable(),
    enterpriseNumber: z.string().nullable(),
    registrationNumber: z.string().nullable(),
    otherTaxId: z.string().nullable(),
    chorusServiceCode: z.string().nullable(),
  }),
});

const ZExportedLocationMembership = z.object({
  locationId: z.string(),
  locationName: z.string(),
  companyId: z.string(),
  companyName: z.string(),
  role: z.enum(locationRoles).describe('location_admin or buyer.'),
  since: z.string(),
});

export const companiesExport = defineExportSection({
  key: 'companies',
  description: 'The companies you belong to and your role in each, and your roles at their locations.',
  tables: ['company_members', 'location_members'],
  processing: {
    purposes: ['Letting you buy for the companies you belong to, with the rights their administrators gave you'],
    legalBasis: 'Contract (art. 6(1)(b) GDPR) between the shop and you or the company you buy for',
    retention: 'Until you leave the company, an administrator removes you, the company account is deleted, or you delete your account.',
    recipients: ['The shop', 'The administrators of each company', 'Its hosting provider (processor)'],
  },
  schema: z.object({ companies: z.array(ZExportedCompanyMembership), locations: z.array(ZExportedLocationMembership) }),
  async collect(db, customerId) {
    const memberships = await listCompanyMembershipsOfCustomer(db, customerId);
    const locations = await listLocationMembershipsOfCustomer(db, customerId);
    return {
      companies: memberships.map(({ joinedAt, updatedAt, ...membership }) => ({
        ...membership,
        joinedAt: joinedAt.toISOString(),
        updatedAt: updatedAt.toISOString(),
      })),
      locations: locations.map(({ since, ...location }) => ({ ...location, since: since.toISOString() })),
    };
  },
});
