import { crc32, deflateSync } from 'node:zlib';
import { normalizeHexColor, textColorOn } from '../../platform/mail/brand-style.js';

// The icon a market without an uploaded favicon gets: a rounded square in its primary colour
// with a ring in the colour that reads on it, drawn here at any size (favicon, 192 and 512 px
// for the web app manifest). No image file is shipped; a PNG is a few chunks around zlib.

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA image as a PNG file: 8 bits per channel, no interlace, filter 0 on every row. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) rows.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const rgbOf = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** Which part of the icon a point of the unit square falls on: outside, the rounded tile, or the ring on it. */
function shapeAt(x: number, y: number): 'none' | 'tile' | 'mark' {
  const radius = 0.22;
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) return 'none';
  const distance = Math.hypot(x - 0.5, y - 0.5);
  return distance >= 0.2 && distance <= 0.3 ? 'mark' : 'tile';
}

const SAMPLES = 4;

/** The default icon at `size` px, anti-aliased by 4×4 samples a pixel. */
function drawIcon(color: string, size: number): Buffer {
  const tile = rgbOf(color);
  const mark = rgbOf(textColorOn(color));
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let covered = 0;
      let marked = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const shape = shapeAt((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (shape !== 'none') covered += 1;
          if (shape === 'mark') marked += 1;
        }
      }
      const offset = (py * size + px) * 4;
      const share = covered === 0 ? 0 : marked / covered;
      for (let channel = 0; channel < 3; channel += 1) {
        rgba[offset + channel] = Math.round((tile[channel] ?? 0) * (1 - share) + (mark[channel] ?? 0) * share);
      }
      rgba[offset + 3] = Math.round((covered / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return encodePng(size, size, rgba);
}

export const ICON_SIZES = [32, 180, 192, 512] as const;
export type TIconSize = (typeof ICON_SIZES)[number];

const drawn = new Map<string, Buffer>();

/** Drawn once per colour and size, then kept: a handful of markets, four sizes. */
export function defaultIconPng(primaryColor: string, size: TIconSize): Buffer {
  const color = normalizeHexColor(primaryColor) ?? '#1f4e79';
  const key = `${color}:${size}`;
  let png = drawn.get(key);
  if (!png) {
    png = drawIcon(color, size);
    drawn.set(key, png);
  }
  return png;
}
