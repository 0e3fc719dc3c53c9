import { z } from 'zod';
import { ZFreshProof } from '../auth/fresh-proof.service.js';
import { exportSections } from './privacy.registry.js';

export const EXPORT_FORMAT = 'comptoir.personal-data-export';
export const EXPORT_FORMAT_VERSION = 1;

type TSectionKey = (typeof exportSections)[number]['key'];

/** `sections` of the export: one property per registered section, each with its own schema. */
const ZExportSections = z
  .object(Object.fromEntries(exportSections.map((section) => [section.key, section.schema.describe(section.description)])) as Record<TSectionKey, z.ZodType>)
  .describe('The data itself, one property per section.');

const ZSectionProcessing = z.object({
  section: z.string(),
  description: z.string(),
  tables: z.array(z.string()).describe('Where the service stores it (tables of its database).'),
  purposes: z.array(z.string()),
  legalBasis: z.string(),
  retention: z.string(),
  recipients: z.array(z.string()),
});

const ZRight = z.object({
  right: z.string(),
  article: z.string(),
  how: z.string(),
});

export const ZPersonalDataExport = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_FORMAT_VERSION),
    generatedAt: z.string().describe('ISO 8601, UTC.'),
    controller: z.object({ name: z.string(), publicUrl: z.string() }).describe('The shop: the data controller.'),
    customerId: z.string(),
    sections: ZExportSections,
    processing: z
      .object({
        sections: z.array(ZSectionProcessing).describe('Art. 15(1)(a)–(d) GDPR, per section.'),
        source: z.string().describe('Art. 15(1)(g) GDPR.'),
        automatedDecisions: z.string().describe('Art. 15(1)(h) GDPR.'),
        rights: z.array(ZRight).describe('Art. 15(1)(e)–(f) GDPR.'),
        supervisoryAuthorities: z.array(z.object({ country: z.string(), name: z.string(), url: z.string() })),
      })
      .describe('What the shop does with the data and what you can do about it.'),
  })
  .describe('Everything held about the signed-in customer (GDPR art. 15 and 20). See docs/PRIVACY.md.');
export type TPersonalDataExport = z.infer<typeof ZPersonalDataExport>;

export const ZDeleteAccountBody = ZFreshProof;
