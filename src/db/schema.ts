// Every table, for Drizzle's relational queries and drizzle-kit's migration generator.
export * from '../modules/markets/markets.tables.js';
export * from '../modules/customers/customers.tables.js';
export * from '../modules/auth/auth.tables.js';
export * from '../modules/addresses/addresses.tables.js';
export * from '../modules/companies/companies.tables.js';
export * from '../modules/integration/integration.tables.js';
export * from '../modules/cards/cards.tables.js';
export * from '../modules/orders/orders.tables.js';
export * from '../modules/documents/documents.tables.js';
export * from '../modules/payment-methods/payment-methods.tables.js';
export * from '../modules/webhooks/webhooks.tables.js';
export * from '../modules/staff/staff.tables.js';
export * from '../modules/customer-admin/customer-admin.tables.js';
export * from '../modules/account-approval/shop-settings.tables.js';
export * from '../modules/privacy/privacy-requests.tables.js';
export * from '../platform/mail/mail.tables.js';
export * from '../platform/rate-limit/rate-limit.tables.js';

import * as marketsTables from '../modules/markets/markets.tables.js';
import * as customersTables from '../modules/customers/customers.tables.js';
import * as authTables from '../modules/auth/auth.tables.js';
import * as addressesTables from '../modules/addresses/addresses.tables.js';
import * as companiesTables from '../modules/companies/companies.tables.js';
import * as integrationTables from '../modules/integration/integration.tables.js';
import * as cardsTables from '../modules/cards/cards.tables.js';
import * as ordersTables from '../modules/orders/orders.tables.js';
import * as documentsTables from '../modules/documents/documents.tables.js';
import * as paymentMethodsTables from '../modules/payment-methods/payment-methods.tables.js';
import * as webhooksTables from '../modules/webhooks/webhooks.tables.js';
import * as staffTables from '../modules/staff/staff.tables.js';
import * as customerAdminTables from '../modules/customer-admin/customer-admin.tables.js';
import * as shopSettingsTables from '../modules/account-approval/shop-settings.tables.js';
import * as privacyRequestsTables from '../modules/privacy/privacy-requests.tables.js';
import * as mailTables from '../platform/mail/mail.tables.js';
import * as rateLimitTables from '../platform/rate-limit/rate-limit.tables.js';

export const schema = { ...marketsTables, ...customersTables, ...authTables, ...addressesTables, ...companiesTables, ...integrationTables, ...cardsTables, ...ordersTables, ...documentsTables, ...paymentMethodsTables, ...webhooksTables, ...staffTables, ...customerAdminTables, ...shopSettingsTables, ...privacyRequestsTables, ...mailTables, ...rateLimitTables };
