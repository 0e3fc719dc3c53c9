// What a contact attachment may be (F5.4): an image or a PDF recognised by its first bytes,
// whatever its name or declared type says, with a name that is safe to show and to send back.

export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ATTACHMENTS_MAX_COUNT = 5;
export const attachmentContentTypes = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'] as const;
export type TAttachmentContentType = (typeof attachmentContentTypes)[number];

const startsWith = (bytes: Buffer, signature: number[], offset = 0) => signature.every((byte, index) => bytes[offset + index] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** The type the bytes are, or null for anything else (HTML, SVG, scripts, archives…). */
export function detectContentType(bytes: Buffer): TAttachmentContentType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

const extensions: Record<TAttachmentContentType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'application/pdf': 'pdf' };

/**
 * The last path segment, without control or path characters, at most 100 characters, and with
 * the extension of the detected type (so a saved file opens as what it is, never as `.html`).
 */
export function sanitizeFilename(raw: string, type: TAttachmentContentType): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._()-]+/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const stem = cleaned.replace(/\.[^.]*$/, '').slice(0, 90) || 'piece-jointe';
  return `${stem}.${extensions[type]}`;
}

/** Content-Disposition for a download: an ASCII fallback name and the exact one in RFC 5987 form. */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^A-Za-z0-9._ ()-]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
