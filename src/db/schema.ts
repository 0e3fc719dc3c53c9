// Every table, for Drizzle's relational queries and drizzle-kit's migration generator.
export * from '../modules/customers/customers.tables.js';
export * from '../modules/auth/auth.tables.js';
export * from '../modules/addresses/addresses.tables.js';
export * from '../modules/companies/companies.tables.js';
export * from '../platform/mail/mail.tables.js';
export * from '../platform/rate-limit/rate-limit.tables.js';

import * as customersTables from '../modules/customers/customers.tables.js';
import * as authTables from '../modules/auth/auth.tables.js';
import * as addressesTables from '../modules/addresses/addresses.tables.js';
import * as companiesTables from '../modules/companies/companies.tables.js';
import * as mailTables from '../platform/mail/mail.tables.js';
import * as rateLimitTables from '../platform/rate-limit/rate-limit.tables.js';

export const schema = { ...customersTables, ...authTables, ...addressesTables, ...companiesTables, ...mailTables, ...rateLimitTables };
