import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import type { TAppContext } from '../../context.js';
import type { Database } from '../../db/client.js';
import type { TFieldError } from '../../platform/errors/app-error.js';
import { newId } from '../../platform/ids.js';
import {
  ATTACHMENT_MAX_BYTES,
  attachmentContentTypes,
  detectContentType,
  sanitizeFilename,
  type TAttachmentContentType,
} from './contact-attachments.rules.js';
import { contactErrors } from './contact.errors.js';
import type { TAttachmentInput } from './contact.schemas.js';
import { contactAttachments } from './contact.tables.js';

// Files joined to contact messages: checked by their bytes before anything is written, then
// kept in the database (default) or as files in CONTACT_ATTACHMENTS_DIR, named by their id only.

export type TCheckedAttachment = { id: string; filename: string; contentType: TAttachmentContentType; bytes: Buffer };

const declaredTypes: ReadonlySet<string> = new Set(attachmentContentTypes);
const STORAGE_KEY = /^cta_[0-9a-z]{26}$/;

/**
 * Every file checked, every problem listed at once. The status is the gravest kind found: a
 * file too large (413), then one of a kind not accepted (415), then a declared type that the
 * bytes contradict (422).
 */
export function checkAttachments(inputs: TAttachmentInput[]): TCheckedAttachment[] {
  const tooLarge: TFieldError[] = [];
  const unsupported: TFieldError[] = [];
  const mismatched: TFieldError[] = [];
  const checked: TCheckedAttachment[] = [];
  inputs.forEach((input, index) => {
    const bytes = Buffer.from(input.data, 'base64');
    const at = `attachments.${index}`;
    if (bytes.length > ATTACHMENT_MAX_BYTES) {
      tooLarge.push({ path: `${at}.data`, code: 'too_large', message: 'At most 5 MB per file.' });
      return;
    }
    const detected = detectContentType(bytes);
    if (!declaredTypes.has(input.contentType)) {
      unsupported.push({ path: `${at}.contentType`, code: 'unsupported_type', message: 'Send PNG, JPEG or WebP images or PDF files.' });
    } else if (detected === null) {
      unsupported.push({ path: `${at}.data`, code: 'unsupported_type', message: 'This file is not a PNG, JPEG or WebP image nor a PDF.' });
    } else if (detected !== input.contentType) {
      mismatched.push({ path: `${at}.contentType`, code: 'type_mismatch', message: `The file is ${detected}, not ${input.contentType}.` });
    } else {
      checked.push({ id: newId('cta'), filename: sanitizeFilename(input.filename, detected), contentType: detected, bytes });
    }
  });
  const errors = [...tooLarge, ...unsupported, ...mismatched];
  if (tooLarge.length > 0) throw contactErrors.attachmentTooLarge(errors);
  if (unsupported.length > 0) throw contactErrors.unsupportedAttachment(errors);
  if (mismatched.length > 0) throw contactErrors.attachmentTypeMismatch(errors);
  return checked;
}

const filePath = (directory: string, key: string) => {
  // The key is always an id made here; anything else would be a path an attacker chose.
  if (!STORAGE_KEY.test(key)) throw new Error('invalid attachment storage key');
  return path.join(directory, key);
};

/**
 * Writes the checked files of one message. With a directory, each file is written (never
 * executable, never overwritten) before its row, so a committed row always has its file; a
 * transaction that then fails leaves a file no row names, which `removeAttachmentFiles` or an
 * operator's sweep deletes.
 */
export async function storeAttachments(
  ctx: Pick<TAppContext, 'config'>,
  tx: Database,
  options: { messageId: string; customerId: string; files: TCheckedAttachment[] },
): Promise<void> {
  const directory = ctx.config.contactAttachmentsDir;
  if (options.files.length === 0) return;
  if (directory) await mkdir(directory, { recursive: true, mode: 0o700 });
  for (const file of options.files) {
    if (directory) await writeFile(filePath(directory, file.id), file.bytes, { flag: 'wx', mode: 0o600 });
    await tx.insert(contactAttachments).values({
      id: file.id,
      messageId: options.messageId,
      customerId: options.customerId,
      filename: file.filename,
      contentType: file.contentType,
      byteSize: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      data: directory ? null : file.bytes,
      storageKey: directory ? file.id : null,
    });
  }
}

/** Deletes the files of rows that did not commit (best effort: a missing file is fine). */
export async function removeAttachmentFiles(ctx: Pick<TAppContext, 'config'>, files: TCheckedAttachment[]): Promise<void> {
  const directory = ctx.config.contactAttachmentsDir;
  if (!directory) return;
  await Promise.all(files.map((file) => unlink(filePath(directory, file.id)).catch(() => undefined)));
}

export async function attachmentContent(
  ctx: Pick<TAppContext, 'config'>,
  row: Pick<typeof contactAttachments.$inferSelect, 'data' | 'storageKey'>,
): Promise<Buffer> {
  if (row.data) return row.data;
  const directory = ctx.config.contactAttachmentsDir;
  if (!directory || !row.storageKey) throw new Error('contact attachment stored in a directory that is not configured');
  return readFile(filePath(directory, row.storageKey));
}

/** A file this young may belong to a request still being written: the sweep leaves it. */
const ORPHAN_GRACE_MS = 3_600_000;

/**
 * Deletes the files of CONTACT_ATTACHMENTS_DIR that no row names any more: those of erased
 * accounts (the rows cascade with the customer, a file cannot) and of writes that failed after
 * writing their file. Run hourly by the housekeeping; answers how many files went.
 */
export async function removeOrphanAttachmentFiles(db: Database, directory: string, now = Date.now()): Promise<number> {
  const names = (await readdir(directory).catch(() => [] as string[])).filter((name) => STORAGE_KEY.test(name));
  let removed = 0;
  for (let start = 0; start < names.length; start += 500) {
    const batch = names.slice(start, start + 500);
    const kept = new Set(
      (await db.select({ key: contactAttachments.storageKey }).from(contactAttachments).where(inArray(contactAttachments.storageKey, batch))).map((row) => row.key),
    );
    for (const name of batch.filter((key) => !kept.has(key))) {
      const file = filePath(directory, name);
      const info = await stat(file).catch(() => null);
      if (!info || now - info.mtimeMs < ORPHAN_GRACE_MS) continue;
      await unlink(file).catch(() => undefined);
      removed += 1;
    }
  }
  return removed;
}
