// Draws the app icons (a rising bar chart on the accent colour) as PNGs with zlib alone, so the
// repository needs no image tool. Run once: node scripts/make-icons.mjs; the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const ACCENT = [0x0b, 0x5c, 0xad];
const WHITE = [0xff, 0xff, 0xff];

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** `maskable` keeps the glyph inside the 80 % safe zone that launchers may crop to. */
function icon(size, maskable) {
  const bars = [0.35, 0.55, 0.8];
  const inset = maskable ? 0.24 : 0.16;
  const raw = Buffer.alloc(size * (size * 3 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const u = x / size;
      const v = 1 - y / size;
      const span = 1 - 2 * inset;
      const slot = Math.floor(((u - inset) / span) * 3);
      const within = ((u - inset) / span) * 3 - slot;
      const isBar =
        u > inset &&
        u < 1 - inset &&
        slot >= 0 &&
        slot < 3 &&
        within > 0.15 &&
        within < 0.85 &&
        v > inset &&
        v < inset + bars[slot] * span;
      const colour = isBar ? WHITE : ACCENT;
      raw.set(colour, y * (size * 3 + 1) + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = new URL('../public/icons/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const size of [192, 512]) {
  writeFileSync(new URL(`icon-${size}.png`, dir), icon(size, false));
  writeFileSync(new URL(`icon-maskable-${size}.png`, dir), icon(size, true));
}
writeFileSync(new URL('apple-touch-icon.png', dir), icon(180, false));

// favicon.ico: one 32 px PNG in an ICO container. Browsers ask for it by themselves; a
// <link rel="icon"> instead would be fetched again on every URL change the form makes.
const png = icon(32, false);
const ico = Buffer.alloc(22);
ico.writeUInt16LE(1, 2); // type: icon
ico.writeUInt16LE(1, 4); // one image
ico[6] = 32;
ico[7] = 32;
ico.writeUInt16LE(1, 10); // colour planes
ico.writeUInt16LE(32, 12); // bits per pixel
ico.writeUInt32LE(png.length, 14);
ico.writeUInt32LE(22, 18); // offset of the PNG
writeFileSync(new URL('../favicon.ico', dir), Buffer.concat([ico, png]));
