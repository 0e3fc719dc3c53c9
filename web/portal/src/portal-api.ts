import { createApiClient } from '../../ui/api';
import { activeLocale, type Locale } from '../../ui/i18n';

export const api = createApiClient({ getLocale: activeLocale });

export type AccountType = 'individual' | 'professional' | 'company' | 'public_body' | 'association';

export type Customer = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  emailVerified: boolean;
  accountType: AccountType;
  locale: string;
  initials: string | null;
  /** E.164; `phoneNational` is the form to show and edit. */
  phone: string | null;
  phoneNational: string | null;
  mobile: string | null;
  mobileNational: string | null;
  gender: Gender | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  /** F1.7: `pending` until the shop approves the account (it may not order meanwhile). */
  approvalStatus: 'approved' | 'pending' | 'refused';
};

export type Gender = 'female' | 'male' | 'non_binary' | 'prefer_not_to_say';

/** The session token also travels as an HttpOnly cookie, which is what this app relies on. */
export type SignInResponse = { token: string; expiresAt: string; customer: Customer };

export type CustomerSession = {
  id: string;
  current: boolean;
  device: string | null;
  browser: string | null;
  os: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
};

export type SentEmail = {
  id: string;
  subject: string;
  template: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
};

export type ListPage<T> = { items: T[]; nextCursor: string | null };

export type RegisterBody = {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  accountType: AccountType;
  locale: Locale;
  marketingEmail: boolean;
  /** Required for a business account type (its kind is the account type). */
  company?: CompanyIdentityFields;
};

export const registerCustomer = (body: RegisterBody) =>
  api.post<{ status: 'verification_sent' }>('/api/auth/register', body);

export const signInWithPassword = (body: { email: string; password: string }) =>
  api.post<SignInResponse>('/api/auth/login', body);

export const requestSignInCode = (email: string) => api.post('/api/auth/login-code', { email });

export const signInWithCode = (body: { email: string; code: string }) =>
  api.post<SignInResponse>('/api/auth/login-code/verify', body);

export const verifyEmail = (token: string) => api.post<SignInResponse>('/api/auth/verify-email', { token });

export const requestPasswordReset = (email: string) => api.post('/api/auth/password-reset', { email });

export const resetPassword = (body: { token: string; password: string }) =>
  api.post<unknown>('/api/auth/password-reset/confirm', body);

export const signOut = () => api.post('/api/auth/logout');

export const getMe = () => api.get<Customer>('/api/me');

/** null or "" clears an optional field; absent fields do not change. */
export type ProfileChanges = {
  firstName?: string;
  lastName?: string;
  initials?: string | null;
  phone?: string | null;
  mobile?: string | null;
  locale?: string;
  gender?: Gender | null;
  birthDate?: string | null;
};

export const updateProfile = (body: ProfileChanges) => api.patch<Customer>('/api/me', body);

export const getPendingEmailChange = () =>
  api.get<{ pendingEmail: string | null; expiresAt: string | null }>('/api/me/email-change');

export const requestEmailChange = (body: { newEmail: string; password?: string; code?: string }) =>
  api.post<{ status: 'verification_sent' }>('/api/me/email-change', body);

export const confirmEmailChange = (token: string) => api.post<Customer>('/api/me/email-change/confirm', { token });

export const reportEmailChange = (token: string) =>
  api.post<{ status: 'reported'; emailRestored: boolean }>('/api/auth/email-change/report', { token });

export const listSessions = () => api.get<ListPage<CustomerSession>>('/api/me/sessions?limit=100');

export const revokeSession = (id: string) => api.delete(`/api/me/sessions/${encodeURIComponent(id)}`);

export const revokeOtherSessions = () => api.delete('/api/me/sessions');

export const listEmails = (cursor: string | null) =>
  api.get<ListPage<SentEmail>>(`/api/me/emails?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);

export type AddressKind = 'billing' | 'delivery';

/** What a customer types; null or "" leave an optional field empty. */
export type AddressFields = {
  label: string | null;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  attention: string | null;
  line1: string;
  line2: string | null;
  houseNumber: string | null;
  houseNumberExtension: string | null;
  postalCode: string | null;
  city: string;
  region: string | null;
  country: string;
  phone: string | null;
};

export type Address = AddressFields & {
  id: string;
  kind: AddressKind;
  isDefault: boolean;
  phoneNational: string | null;
  billingAddressId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type AddressCountry = {
  code: string;
  postalCodeRequired: boolean;
  postalCodeExample: string | null;
  houseNumberRequired: boolean;
  regionRequired: boolean;
};

const addressPath = (id: string) => `/api/me/addresses/${encodeURIComponent(id)}`;

export const listAddresses = () => api.get<ListPage<Address>>('/api/me/addresses');

export const listAddressCountries = () => api.get<ListPage<AddressCountry>>('/api/addresses/countries');

export const createAddress = (body: AddressFields & { kind: AddressKind }) => api.post<Address>('/api/me/addresses', body);

export const updateAddress = (id: string, body: AddressFields) => api.patch<Address>(addressPath(id), body);

export const deleteAddress = (id: string) => api.delete(addressPath(id));

export const makeDefaultAddress = (id: string) => api.post<Address>(`${addressPath(id)}/default`);

export const copyBillingToDelivery = () => api.post<Address>('/api/me/addresses/delivery-from-billing', {});

export type ConsentPurpose = 'newsletter_email' | 'promotional_email' | 'sms';
export type ConsentSource = 'sign_up' | 'account_page' | 'unsubscribe_link' | 'staff' | 'import';
export type ConsentState = { granted: boolean; since: string | null; source: ConsentSource | null };
export type ConsentRecord = { purpose: ConsentPurpose; granted: boolean; source: ConsentSource; recordedAt: string; noticeVersion: string };

export type Preferences = {
  newsletterEmail: ConsentState;
  promotionalEmail: ConsentState;
  sms: ConsentState;
  mobileOnFile: boolean;
  noticeVersion: string;
  history: ConsentRecord[];
};

export type PreferencesChanges = { newsletterEmail?: boolean; promotionalEmail?: boolean; sms?: boolean };

export const getPreferences = () => api.get<Preferences>('/api/me/preferences');

export const updatePreferences = (body: PreferencesChanges) => api.patch<Preferences>('/api/me/preferences', body);

export type UnsubscribeLink = { purpose: ConsentPurpose; shopName: string; email: string; subscribed: boolean };

const unsubscribePath = (token: string) => `/api/unsubscribe?token=${encodeURIComponent(token)}`;

/** Reads what the link is about; unsubscribes nobody. */
export const describeUnsubscribeLink = (token: string) => api.get<UnsubscribeLink>(unsubscribePath(token));

export const unsubscribe = (token: string) =>
  api.post<{ purpose: ConsentPurpose; subscribed: false; alreadyWithdrawn: boolean }>(unsubscribePath(token));

/** GET /api/me/export: everything held about the customer (see docs/PRIVACY.md). */
export type PersonalDataExport = {
  format: string;
  version: number;
  generatedAt: string;
  customerId: string;
  sections: Record<string, unknown>;
  processing: unknown;
};

export const exportMyData = () => api.get<PersonalDataExport>('/api/me/export');

/** A fresh proof: the current password, or a code from POST /api/auth/login-code. */
export type DeletionProof = { password: string } | { code: string };

export const deleteMyAccount = (proof: DeletionProof) => api.delete('/api/me', proof);

export type CompanyKind = 'professional' | 'company' | 'public_body' | 'association';

/** What a customer types for a company's identity; "" leaves an optional field empty. */
export type CompanyIdentityFields = {
  name: string;
  country: string;
  siret: string;
  vatNumber: string;
  enterpriseNumber: string;
  registrationNumber: string;
  otherTaxId: string;
  chorusServiceCode: string;
};

type CompanyIdentity = {
  id: string;
  name: string;
  kind: CompanyKind;
  country: string;
  siret: string | null;
  siren: string | null;
  vatNumber: string | null;
  enterpriseNumber: string | null;
  registrationNumber: string | null;
  otherTaxId: string | null;
  chorusServiceCode: string | null;
};

export type CompanyLocation = {
  id: string;
  name: string;
  catalogRef: string | null;
  paymentTerms: { kind: 'none' | 'net' | 'deposit'; netDays: number | null; depositPercent: number | null };
  requiresApproval: boolean;
  myRole: LocationRole | null;
};

export type Company = CompanyIdentity & {
  status: 'active' | 'merged';
  myRole: CompanyRole;
  permissions: string[];
  locations: CompanyLocation[];
  createdAt: string;
  updatedAt: string;
};

export type MyCompany = CompanyIdentity & { role: CompanyRole; joinedAt: string };

export const listMyCompanies = () => api.get<ListPage<MyCompany>>('/api/me/companies');

export const createCompany = (body: CompanyIdentityFields & { kind: CompanyKind }) => api.post<Company>('/api/companies', body);

export const getCompany = (id: string) => api.get<Company>(`/api/companies/${encodeURIComponent(id)}`);

export type CompanyRole = 'admin' | 'member';
export type LocationRole = 'location_admin' | 'buyer';

export type CompanyMember = {
  customerId: string;
  email: string;
  firstName: string;
  lastName: string;
  role: CompanyRole;
  locations: { locationId: string; role: LocationRole }[];
};

export type CompanyInvitation = {
  id: string;
  email: string;
  role: CompanyRole;
  locationIds: string[];
  status: 'pending' | 'expired';
  invitedBy: { firstName: string; lastName: string } | null;
  createdAt: string;
  expiresAt: string;
};

export type InvitationPreview = {
  company: { id: string; name: string };
  invitedBy: { firstName: string; lastName: string } | null;
  email: string;
  role: CompanyRole;
  expiresAt: string;
  hasAccount: boolean;
};

const companyPath = (companyId: string) => `/api/companies/${encodeURIComponent(companyId)}`;

export const listCompanyMembers = (companyId: string) =>
  api.get<{ items: CompanyMember[]; company: { id: string; name: string } }>(`${companyPath(companyId)}/members`);

export const changeCompanyMemberRole = (companyId: string, customerId: string, role: CompanyRole) =>
  api.patch<CompanyMember>(`${companyPath(companyId)}/members/${encodeURIComponent(customerId)}`, { role });

/** Removes a colleague, or leaves the company with one's own id. */
export const removeCompanyMember = (companyId: string, customerId: string) =>
  api.delete(`${companyPath(companyId)}/members/${encodeURIComponent(customerId)}`);

/** Replaces every location role of a colleague; locations left out lose their role. */
export const setCompanyMemberLocations = (companyId: string, customerId: string, locations: { locationId: string; role: LocationRole }[]) =>
  api.put<CompanyMember>(`${companyPath(companyId)}/members/${encodeURIComponent(customerId)}/locations`, { locations });

export const listCompanyLocations = (companyId: string) =>
  api.get<{ items: CompanyLocation[]; nextCursor: null }>(`${companyPath(companyId)}/locations`);

export const inviteColleague = (companyId: string, body: { email: string; role: CompanyRole; locationIds?: string[] }) =>
  api.post<CompanyInvitation>(`${companyPath(companyId)}/invitations`, body);

export const listCompanyInvitations = (companyId: string) =>
  api.get<{ items: CompanyInvitation[] }>(`${companyPath(companyId)}/invitations`);

export const revokeCompanyInvitation = (companyId: string, invitationId: string) =>
  api.delete(`${companyPath(companyId)}/invitations/${encodeURIComponent(invitationId)}`);

export const resendCompanyInvitation = (companyId: string, invitationId: string) =>
  api.post<CompanyInvitation>(`${companyPath(companyId)}/invitations/${encodeURIComponent(invitationId)}/resend`);

/** Reads what an invitation link is for; accepts nothing. */
export const lookUpInvitation = (token: string) =>
  api.get<InvitationPreview>(`/api/invitations/lookup?token=${encodeURIComponent(token)}`);

export const acceptInvitation = (body: { token: string; firstName?: string; lastName?: string; password?: string }) =>
  api.post<SignInResponse & { company: { id: string; name: string; role: CompanyRole } }>('/api/invitations/accept', body);

/** A location's payment terms as the API answers them; `code` is `none`, `net30`, `deposit30`… */
export type PaymentTerms = { code: string; kind: 'none' | 'net' | 'deposit'; netDays: number | null; depositPercent: number | null };

/** GET /api/me/context: who is buying and on what terms (see docs/STOREFRONT.md). */
export type BuyingContext = {
  kind: 'consumer' | 'business';
  customer: { id: string; email: string; firstName: string; lastName: string; accountType: AccountType };
  company: { id: string; name: string; kind: CompanyKind; country: string } | null;
  location: { id: string; name: string; catalogRef: string | null; paymentTerms: PaymentTerms; requiresApproval: boolean } | null;
  role: CompanyRole | null;
  locationRole: LocationRole | null;
  permissions: string[];
  choiceRequired: boolean;
  choices: { companyId: string; companyName: string; locations: { id: string; name: string }[] }[];
};

export const getBuyingContext = () => api.get<BuyingContext>('/api/me/context');

/** `companyId: null` buys as a consumer in this session. */
export const chooseBuyingContext = (body: { companyId: string | null; locationId?: string | null }) =>
  api.put<BuyingContext>('/api/me/context', body);

export type LocationAddress = Omit<Address, 'billingAddressId'>;

export type LocationDetails = {
  id: string;
  companyId: string;
  name: string;
  catalogRef: string | null;
  paymentTerms: PaymentTerms;
  requiresApproval: boolean;
  myRole: LocationRole | null;
  /** `location.addresses.decide_change`: changes apply at once and requests can be decided. */
  myPermissions: string[];
  addresses: LocationAddress[];
  createdAt: string;
};

export type LocationAddressRequest = {
  id: string;
  locationId: string;
  action: 'create' | 'update' | 'delete';
  addressId: string | null;
  proposed: Record<string, unknown> | null;
  status: 'pending' | 'approved' | 'refused' | 'cancelled';
  requestedBy: { customerId: string; firstName: string; lastName: string } | null;
  decidedAt: string | null;
  refusalReason: string | null;
  createdAt: string;
};

const locationPath = (companyId: string, locationId: string) =>
  `${companyPath(companyId)}/locations/${encodeURIComponent(locationId)}`;

export const getLocationDetails = (companyId: string, locationId: string) => api.get<LocationDetails>(locationPath(companyId, locationId));

/** 201 with the address for administrators; 202 with a request for a buyer. */
export const addLocationAddress = (companyId: string, locationId: string, body: Partial<AddressFields> & { kind: AddressKind }) =>
  api.post<LocationAddress | LocationAddressRequest>(`${locationPath(companyId, locationId)}/addresses`, body);

export const listLocationAddressRequests = (companyId: string, locationId: string) =>
  api.get<ListPage<LocationAddressRequest>>(`${locationPath(companyId, locationId)}/address-requests`);

export const approveLocationAddressRequest = (companyId: string, locationId: string, requestId: string) =>
  api.post<LocationAddressRequest>(`${locationPath(companyId, locationId)}/address-requests/${encodeURIComponent(requestId)}/approve`);

export const refuseLocationAddressRequest = (companyId: string, locationId: string, requestId: string, reason: string) =>
  api.post<LocationAddressRequest>(`${locationPath(companyId, locationId)}/address-requests/${encodeURIComponent(requestId)}/refuse`, { reason });

/* Orders, receipts, returns, documents, payment methods and the member card (issue 5). */

/** An amount in minor units of `currency` (1999 EUR is 19,99 €). */
export type Money = { amount: number; currency: string };

export type OrderChannel = 'online' | 'store';
export type OrderStatus = 'pending_approval' | 'open' | 'completed' | 'cancelled' | 'refused';

export type OrderSummary = {
  id: string;
  number: string;
  channel: OrderChannel;
  placedAt: string;
  status: OrderStatus;
  paymentStatus: string;
  fulfillmentStatus: string;
  total: Money;
  itemCount: number;
  company: { id: string; name: string } | null;
  location: { id: string; name: string } | null;
  /** The shop or till of an in-store receipt. */
  storeName: string | null;
  poNumber: string | null;
};

export type OrderLine = {
  id: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  taxRateBasisPoints: number | null;
  returnedQuantity: number;
  returnableQuantity: number;
};

export type TaxLine = { label: string; rateBasisPoints: number | null; amount: Money };

export type OrderAddress = {
  name: string | null;
  company: string | null;
  line1: string;
  line2: string | null;
  postalCode: string | null;
  city: string;
  country: string;
};

export type DocumentKind = 'invoice' | 'quote' | 'purchase_order' | 'credit_note' | 'receipt';
export type DocumentStatus = 'open' | 'paid' | 'used' | 'expired' | 'cancelled';
export type ReturnStatus = 'requested' | 'approved' | 'refused' | 'received' | 'refunded' | 'cancelled';
export type ApprovalStatus = 'not_required' | 'pending' | 'approved' | 'refused';

export type OrderDetail = OrderSummary & {
  lines: OrderLine[];
  subtotal: Money | null;
  discountTotal: Money | null;
  shippingTotal: Money | null;
  taxTotal: Money | null;
  taxes: TaxLine[];
  tracking: { carrier: string | null; number: string; url: string | null }[];
  shippingAddress: OrderAddress | null;
  billingAddress: OrderAddress | null;
  documents: { id: string; kind: DocumentKind; number: string; status: DocumentStatus; issuedAt: string }[];
  returns: { id: string; status: ReturnStatus; createdAt: string }[];
  approval: { status: ApprovalStatus; decidedAt: string | null; refusalReason: string | null };
};

/** Who placed a company's order; null once that person's account was erased. */
export type PlacedBy = { customerId: string; name: string } | null;
export type CompanyOrderSummary = OrderSummary & { placedBy: PlacedBy };
export type CompanyOrderDetail = OrderDetail & { placedBy: PlacedBy };

export type OrderFilters = {
  from?: string;
  to?: string;
  status?: string;
  channel?: string;
  locationId?: string;
  customerId?: string;
};

/** A query string of the non-empty values, each encoded. */
function query(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const myOrderPath = (orderId: string) => `/api/me/orders/${encodeURIComponent(orderId)}`;

export const listMyOrders = (filters: OrderFilters, cursor: string | null) =>
  api.get<ListPage<OrderSummary>>(`/api/me/orders${query({ ...filters, limit: 20, cursor })}`);

export const getMyOrder = (orderId: string) => api.get<OrderDetail>(myOrderPath(orderId));

export type Reorder = {
  lines: { sku: string; productRef: string | null; name: string; quantity: number }[];
  unavailable: { sku: string; name: string }[];
  /** The storefront's cart with these lines in it; null when the shop has not configured one. */
  cartUrl: string | null;
};

export const reorder = (orderId: string) => api.post<Reorder>(`${myOrderPath(orderId)}/reorder`);

export type ReturnReason =
  | 'changed_mind'
  | 'damaged'
  | 'defective'
  | 'wrong_item'
  | 'not_as_described'
  | 'wrong_size'
  | 'arrived_late'
  | 'other';

export const RETURN_REASONS: readonly ReturnReason[] = [
  'changed_mind',
  'damaged',
  'defective',
  'wrong_item',
  'not_as_described',
  'wrong_size',
  'arrived_late',
  'other',
];

export type ReturnRequest = {
  id: string;
  orderId: string;
  orderNumber: string;
  status: ReturnStatus;
  reason: ReturnReason;
  comment: string | null;
  storeNote: string | null;
  createdAt: string;
  updatedAt: string;
  lines: { lineId: string; sku: string; name: string; quantity: number }[];
};

export type ReturnBody = { lines: { lineId: string; quantity: number }[]; reason: ReturnReason; comment?: string };

export const requestReturn = (orderId: string, body: ReturnBody) => api.post<ReturnRequest>(`${myOrderPath(orderId)}/returns`, body);

export const listMyReturns = (cursor: string | null) => api.get<ListPage<ReturnRequest>>(`/api/me/returns${query({ limit: 20, cursor })}`);

export const cancelReturn = (returnId: string) => api.post<ReturnRequest>(`/api/me/returns/${encodeURIComponent(returnId)}/cancel`);

const companyOrderPath = (companyId: string, orderId: string) => `${companyPath(companyId)}/orders/${encodeURIComponent(orderId)}`;

export const listCompanyOrders = (companyId: string, filters: OrderFilters, cursor: string | null) =>
  api.get<ListPage<CompanyOrderSummary>>(`${companyPath(companyId)}/orders${query({ ...filters, limit: 20, cursor })}`);

export const getCompanyOrder = (companyId: string, orderId: string) => api.get<CompanyOrderDetail>(companyOrderPath(companyId, orderId));

export const approveCompanyOrder = (companyId: string, orderId: string) =>
  api.post<CompanyOrderDetail>(`${companyOrderPath(companyId, orderId)}/approve`);

export const refuseCompanyOrder = (companyId: string, orderId: string, reason: string) =>
  api.post<CompanyOrderDetail>(`${companyOrderPath(companyId, orderId)}/refuse`, { reason });

export type DocumentSummary = {
  id: string;
  kind: DocumentKind;
  number: string;
  status: DocumentStatus;
  issuedAt: string;
  dueAt: string | null;
  validUntil: string | null;
  total: Money;
  amountDue: Money | null;
  orderId: string | null;
  orderNumber: string | null;
  company: { id: string; name: string } | null;
  location: { id: string; name: string } | null;
  hasUploadedPdf: boolean;
  /** The store's "pay now" page for an open invoice. */
  payUrl: string | null;
};

export type DocumentDetail = DocumentSummary & {
  lines: { sku: string | null; name: string; quantity: number; unitPrice: Money; taxRateBasisPoints: number | null; lineTotal: Money }[];
  subtotal: Money | null;
  taxTotal: Money | null;
  taxes: TaxLine[];
  billingAddress: OrderAddress | null;
  poNumber: string | null;
  paidAt: string | null;
  usedAt: string | null;
  overdue: boolean;
};

export type OutstandingInvoice = DocumentSummary & { overdue: boolean; daysUntilDue: number | null };

const documentPath = (documentId: string) => `/api/me/documents/${encodeURIComponent(documentId)}`;

/** The PDF of a document, to open in the browser or (download) to save. */
export const documentPdfUrl = (documentId: string, download = false) => `${documentPath(documentId)}/pdf${download ? '?download=1' : ''}`;

export const listMyDocuments = (filters: { kind?: string; status?: string }, cursor: string | null) =>
  api.get<ListPage<DocumentSummary>>(`/api/me/documents${query({ ...filters, limit: 20, cursor })}`);

export const getMyDocument = (documentId: string) => api.get<DocumentDetail>(documentPath(documentId));

export const listOutstandingInvoices = () => api.get<{ items: OutstandingInvoice[]; totals: Money[] }>('/api/me/invoices/outstanding');

export type PaymentMethod = {
  id: string;
  kind: 'card' | 'sepa_debit' | 'paypal' | 'bank_transfer' | 'other';
  brand: string | null;
  last4: string | null;
  expiryMonth: number | null;
  expiryYear: number | null;
  expired: boolean;
  isDefault: boolean;
};

export const listPaymentMethods = () => api.get<{ items: PaymentMethod[] }>('/api/me/payment-methods');

export type MemberCard = {
  number: string;
  formattedNumber: string;
  issuedAt: string;
  holderName: string;
  points: number;
  barcodeSvgUrl: string;
  qrSvgUrl: string;
  imagePngUrl: string;
  /** Each wallet is offered only when the shop configured it. */
  wallet: Record<'apple' | 'google', { available: boolean; reason?: 'not_configured' }>;
};

export const getMemberCard = () => api.get<MemberCard>('/api/me/card');

/** The signed pass, downloaded by the browser (the session cookie goes with it). */
export const APPLE_PASS_URL = '/api/me/card/apple-pass';
export const getGoogleWalletLink = () => api.get<{ url: string }>('/api/me/card/google-wallet-link');

/** A company's document (within the caller's scope in it), for colleagues who did not place the order. */
const companyDocumentPath = (companyId: string, documentId: string) => `${companyPath(companyId)}/documents/${encodeURIComponent(documentId)}`;

export const getCompanyDocument = (companyId: string, documentId: string) => api.get<DocumentDetail>(companyDocumentPath(companyId, documentId));

export const companyDocumentPdfUrl = (companyId: string, documentId: string, download = false) =>
  `${companyDocumentPath(companyId, documentId)}/pdf${download ? '?download=1' : ''}`;
