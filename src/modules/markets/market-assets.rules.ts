import type { TMarketAssetKind } from './markets.tables.js';

// Pure checks of an uploaded logo or favicon: what its first bytes say it is, and how large it
// draws. The declared Content-Type is never trusted alone: a file served with a type its bytes
// do not have is how a "logo" becomes a script or a page.

export const ASSET_MAX_BYTES = 512 * 1024;
/** Wider or taller than this is a photo, not a logo: refused rather than scaled on every page. */
export const ASSET_MAX_PIXELS = 2048;

export type TImageType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/x-icon';

export const acceptedTypes: Record<TMarketAssetKind, readonly TImageType[]> = {
  logo: ['image/png', 'image/jpeg', 'image/webp'],
  favicon: ['image/png', 'image/jpeg', 'image/webp', 'image/x-icon'],
};

/** `image/vnd.microsoft.icon` is the registered name of the ICO type; browsers send both. */
export function normalizeImageType(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'image/vnd.microsoft.icon' ? 'image/x-icon' : type;
}

const startsWith = (bytes: Buffer, signature: number[], offset = 0) => signature.every((byte, index) => bytes[offset + index] === byte);

/** The type the bytes are, by magic number; null for none of the four. */
export function sniffImageType(bytes: Buffer): TImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) && bytes.length >= 6 && bytes.readUInt16LE(4) > 0) return 'image/x-icon';
  return null;
}

export type TImageSize = { width: number; height: number };

function pngSize(bytes: Buffer): TImageSize | null {
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Walks the JPEG segments to the first start-of-frame marker, which holds the size. */
function jpegSize(bytes: Buffer): TImageSize | null {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1] ?? 0;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    if (length < 2) return null;
    offset += 2 + length;
  }
  return null;
}

/** The three WebP flavours keep their size in three places (RFC 9649). */
function webpSize(bytes: Buffer): TImageSize | null {
  if (bytes.length < 30) return null;
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = bytes.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
  return null;
}

/** The largest image an ICO holds; a width byte of 0 means 256. */
function icoSize(bytes: Buffer): TImageSize | null {
  const count = bytes.readUInt16LE(4);
  if (bytes.length < 6 + count * 16) return null;
  let best: TImageSize | null = null;
  for (let index = 0; index < count; index += 1) {
    const entry = 6 + index * 16;
    const size = { width: bytes[entry] || 256, height: bytes[entry + 1] || 256 };
    if (!best || size.width > best.width) best = size;
  }
  return best;
}

export function imageSize(type: TImageType, bytes: Buffer): TImageSize | null {
  const size = { 'image/png': pngSize, 'image/jpeg': jpegSize, 'image/webp': webpSize, 'image/x-icon': icoSize }[type](bytes);
  return size && size.width > 0 && size.height > 0 ? size : null;
}

export type TAssetCheck =
  | { ok: true; type: TImageType; size: TImageSize }
  | { ok: false; problem: 'unsupported_type' | 'too_large' | 'type_mismatch' | 'unreadable' | 'too_many_pixels'; size?: TImageSize };

/** Every check an upload goes through, in the order its answers are given: 415, 413, 422. */
export function checkAsset(options: { kind: TMarketAssetKind; declaredType: string; bytes: Buffer }): TAssetCheck {
  const declared = options.declaredType as TImageType;
  if (!acceptedTypes[options.kind].includes(declared)) return { ok: false, problem: 'unsupported_type' };
  if (options.bytes.length > ASSET_MAX_BYTES) return { ok: false, problem: 'too_large' };
  if (sniffImageType(options.bytes) !== declared) return { ok: false, problem: 'type_mismatch' };
  const size = imageSize(declared, options.bytes);
  if (!size) return { ok: false, problem: 'unreadable' };
  if (size.width > ASSET_MAX_PIXELS || size.height > ASSET_MAX_PIXELS) return { ok: false, problem: 'too_many_pixels', size };
  return { ok: true, type: declared, size };
}
