// Draws Qabul's app icons (a white check in a ring on green) as PNG files, with no image
// library: the icons are committed, this script is how they were made and can be remade.
// Usage: node scripts/make-icons.mjs public/icons
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const GREEN = [0x0b, 0x5d, 0x4b];
const WHITE = [0xff, 0xff, 0xff];

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

// An indexed PNG (a palette with its transparency): the icons have a few dozen colours (the
// green, the white and the steps of their smoothed edges), so each pixel is one byte, and the
// 192 px icon a phone fetches on its first load is 40% smaller than as RGBA, the same picture.
function png(size, pixel) {
  const palette = new Map();
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size);
    for (let x = 0; x < size; x++) {
      const rgba = pixel(x, y).join(',');
      if (!palette.has(rgba)) palette.set(rgba, palette.size);
      row[1 + x] = palette.get(rgba);
    }
    rows.push(row);
  }
  if (palette.size > 256) throw new Error(`${palette.size} colours do not fit a palette`);
  const colours = [...palette.keys()].map((c) => c.split(',').map(Number));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 3; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', Buffer.from(colours.flatMap(([r, g, b]) => [r, g, b]))),
    chunk('tRNS', Buffer.from(colours.map(([, , , a]) => a))),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

// Coverage of the white mark at a point in unit coordinates (0..1), for a mark scaled by `s`
// around the centre (maskable icons keep it inside the 80% safe zone).
function isMark(u, v, s) {
  const x = (u - 0.5) / s + 0.5, y = (v - 0.5) / s + 0.5;
  const r = Math.hypot(x - 0.5, y - 0.5);
  const ring = r > 0.36 && r < 0.43;
  const check = Math.min(distToSegment(x, y, 0.32, 0.52, 0.45, 0.65), distToSegment(x, y, 0.45, 0.65, 0.70, 0.38)) < 0.045;
  return ring || check;
}

// Supersampling for smooth edges: 4x4 (17 steps of edge) for the large icons; the 192 px one,
// which a phone fetches on its first load, takes 2x2 (5 steps), which looks the same at that
// size and is a quarter smaller.
function icon(size, { maskable, ss = 4 }) {
  const corner = maskable ? 0 : 0.18;
  const s = maskable ? 0.72 : 0.9;
  return png(size, (x, y) => {
    let inside = 0, white = 0;
    for (let i = 0; i < ss; i++) for (let j = 0; j < ss; j++) {
      const u = (x + (i + 0.5) / ss) / size, v = (y + (j + 0.5) / ss) / size;
      const cx = Math.min(Math.max(u, corner), 1 - corner), cy = Math.min(Math.max(v, corner), 1 - corner);
      if (Math.hypot(u - cx, v - cy) > corner && corner > 0) continue;
      inside++;
      if (isMark(u, v, s)) white++;
    }
    const n = ss * ss;
    const w = inside ? white / inside : 0;
    const rgb = GREEN.map((g, k) => Math.round(g * (1 - w) + WHITE[k] * w));
    return [...rgb, Math.round((inside / n) * 255)];
  });
}

const out = process.argv[2] ?? 'public/icons';
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'icon-192.png'), icon(192, { maskable: false, ss: 2 }));
writeFileSync(join(out, 'icon-512.png'), icon(512, { maskable: false }));
writeFileSync(join(out, 'icon-maskable-512.png'), icon(512, { maskable: true }));
