import { api, type ListPage } from '../backoffice-api';

// Companies in the back office (F3.8): src/modules/company-admin/company-admin.routes.ts.

export const COMPANY_KINDS = ['professional', 'company', 'public_body', 'association'] as const;
export type CompanyKind = (typeof COMPANY_KINDS)[number];
export const NET_TERM_DAYS = [7, 15, 30, 45, 60, 90] as const;
export type PaymentTermsKind = 'none' | 'net' | 'deposit';

export type CompanyIdentity = {
  name: string;
  kind: CompanyKind;
  country: string;
  siret: string | null;
  vatNumber: string | null;
  enterpriseNumber: string | null;
  registrationNumber: string | null;
  otherTaxId: string | null;
  chorusServiceCode: string | null;
};

export type LocationAddress = {
  id: string;
  kind: 'billing' | 'delivery';
  isDefault: boolean;
  label: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  attention: string | null;
  line1: string;
  line2: string | null;
  postalCode: string | null;
  city: string;
  country: string;
  phoneNational: string | null;
};

export type PaymentTerms = { code: string; kind: PaymentTermsKind; netDays: number | null; depositPercent: number | null };

export type StaffLocation = {
  id: string;
  name: string;
  catalogRef: string | null;
  paymentTerms: PaymentTerms;
  requiresApproval: boolean;
  addresses: LocationAddress[];
  orders: number;
  documents: number;
};

export type StaffCompanyMember = {
  customerId: string;
  firstName: string;
  lastName: string;
  email: string;
  role: 'admin' | 'member';
  locations: { locationId: string; name: string; role: 'location_admin' | 'buyer' }[];
};

export type StaffCompany = CompanyIdentity & {
  id: string;
  siren: string | null;
  status: 'active' | 'merged';
  mergedInto: { id: string; name: string } | null;
  mergedFrom: { id: string; name: string }[];
  administrators: number;
  members: StaffCompanyMember[];
  locations: StaffLocation[];
  counts: { members: number; locations: number; orders: number; documents: number };
  createdAt: string;
  updatedAt: string;
};

export type PaymentTermsInput = { kind: PaymentTermsKind; netDays?: number | null; depositPercent?: number | null };
export type LocationInput = { name?: string; catalogRef?: string | null; paymentTerms?: PaymentTermsInput; requiresApproval?: boolean };

export type NamedAdmin = { companyId: string; customerId: string; previousRole: 'admin' | 'member' | null; otherAdmins: number };

export type MergeReport = {
  fromId: string;
  intoId: string;
  membersMoved: number;
  membersAlreadyInTarget: number;
  locationsMoved: number;
  invitationsMoved: number;
  duplicateInvitationsRevoked: number;
  sessionContextsMoved: number;
  ordersMoved: number;
  documentsMoved: number;
};

/** An item of the company search (GET /api/staff/companies?q=), for the merge picker. */
export type CompanySearchItem = {
  id: string;
  name: string;
  kind: CompanyKind;
  country: string;
  siret: string | null;
  vatNumber: string | null;
  status: 'active' | 'merged';
  memberCount: number;
  locationCount: number;
};

const companyPath = (companyId: string) => `/api/staff/companies/${encodeURIComponent(companyId)}`;

export const getCompany = (companyId: string) => api.get<StaffCompany>(companyPath(companyId));

export const createCompany = (body: CompanyIdentity & { administratorEmail?: string; marketId?: string }) => api.post<StaffCompany>('/api/staff/companies', body);

export const updateCompany = (companyId: string, body: Partial<CompanyIdentity>) => api.patch<StaffCompany>(companyPath(companyId), body);

export const createLocation = (companyId: string, body: LocationInput & { name: string }) =>
  api.post<StaffLocation>(`${companyPath(companyId)}/locations`, body);

export const updateLocation = (companyId: string, locationId: string, body: LocationInput) =>
  api.patch<StaffLocation>(`${companyPath(companyId)}/locations/${encodeURIComponent(locationId)}`, body);

export const deleteLocation = (companyId: string, locationId: string) =>
  api.delete<null>(`${companyPath(companyId)}/locations/${encodeURIComponent(locationId)}`);

export const nameAdministrator = (companyId: string, body: { email: string; force?: boolean }) =>
  api.post<NamedAdmin>(`${companyPath(companyId)}/administrators`, body);

export const mergeCompany = (companyId: string, intoCompanyId: string) => api.post<MergeReport>(`${companyPath(companyId)}/merge`, { intoCompanyId });

export const findCompanies = (q: string) =>
  api.get<ListPage<CompanySearchItem>>(`/api/staff/companies?${new URLSearchParams({ q, status: 'active', limit: '10' }).toString()}`);

/** Countries an address (and a registered office) may be in: public, the customers' list. */
export const listCountries = () => api.get<ListPage<{ code: string }>>('/api/addresses/countries');
