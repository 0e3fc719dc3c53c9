import type { z } from 'zod';
import type { Database } from '../../db/client.js';
import type { AppError } from '../../platform/errors/app-error.js';

/**
 * What each module tells the privacy module about the personal data it holds. A module writes
 * its own `<module>.export.ts` (and, when it keeps records the law requires, an erasure hook)
 * and privacy.registry.ts lists it: explicit imports, no registration by side effect.
 */

/** Art. 15(1)(a)–(d) GDPR, per section: why, on which legal basis, how long, and who receives it. */
export type TProcessingInfo = {
  purposes: string[];
  /** Art. 6(1) GDPR, e.g. "contract (art. 6(1)(b))". */
  legalBasis: string;
  retention: string;
  recipients: string[];
};

/**
 * One part of the export (GET /api/me/export). `collect` returns plain JSON (dates as ISO
 * strings) that `schema` describes: the schema documents the section in /openapi.json and the
 * response is checked against it. Never a secret: no password hash, no token digest.
 */
export type TExportSection<S extends z.ZodType = z.ZodType> = {
  /** The key under `sections` in the document, e.g. `profile`. */
  key: string;
  /** One sentence: what this section holds. */
  description: string;
  /** The tables (public schema) whose rows about the customer this section carries. */
  tables: string[];
  processing: TProcessingInfo;
  schema: S;
  collect(db: Database, customerId: string): Promise<z.infer<S>>;
};

/** Identity function that keeps `schema` and `collect` in step for the type checker. */
export function defineExportSection<S extends z.ZodType>(section: TExportSection<S>): TExportSection<S> {
  return section;
}

/** A table with customer data that the export leaves out on purpose, and why. */
export type TNotExportedTable = { table: string; reason: string };

/**
 * A check run before an account is erased, inside the erasure transaction with the customer
 * row locked. It returns the error that refuses the erasure (e.g. `privacyErrors.lastAdmin()`
 * when the customer is a company's only administrator), or null to let it go ahead.
 */
export type TErasureCheck = {
  name: string;
  refuse(db: Database, options: { customerId: string }): Promise<AppError | null>;
};

/**
 * Records the law makes the shop keep after an erasure (orders and invoices: 10 years in France,
 * art. L123-22 of the Code de commerce) stay, with the person replaced by the pseudonym. A
 * pseudonymiser runs in the erasure transaction before the customer row is deleted: it must
 * detach its rows from the customer (customer_id set to null, or a foreign key without cascade
 * removed) and overwrite every personal field it does not need to keep (names, addresses,
 * email, phone) with the pseudonym or null. Its tables must not cascade from `customers`.
 */
export type TPseudonymiser = {
  name: string;
  /** The tables it rewrites; the export coverage test counts them as handled by the erasure. */
  tables: string[];
  pseudonymise(db: Database, options: { customerId: string; pseudonym: string }): Promise<void>;
};

/**
 * Rows about the person that name them by their address rather than by a customer_id (so no
 * cascade reaches them), such as invitations to join a company: deleted in the erasure
 * transaction, after the checks and before the customer row.
 */
export type TErasureCleanup = {
  name: string;
  tables: string[];
  erase(db: Database, options: { customerId: string; emailNormalized: string }): Promise<void>;
};
