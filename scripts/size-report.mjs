// Builds the release PWA and prints what its first load transfers: every file the page, the
// service worker's precache and the browser (the manifest and its icon) fetch, raw, gzip and
// brotli, and the total; then the encryption module a phone fetches later. The server sends
// brotli to every browser that accepts it, so the brotli column is what a phone pays.
//
// Usage: node scripts/size-report.mjs [--no-build]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (!process.argv.includes('--no-build')) {
  execFileSync('node', [join(root, 'scripts', 'build-pwa.mjs')], { stdio: 'inherit' });
}
const dist = join(root, 'dist');
const { files, lazy = [] } = JSON.parse(readFileSync(join(dist, 'build.json'), 'utf8'));
const compressible = /\.(html|js|css|wasm|json|webmanifest|svg|txt)$/;
// The worker's precache, the worker itself, and what the browser fetches for installation on
// a first load (the manifest and the icon it picks), which the precache leaves out.
const urls = [...files, '/sw.js', '/manifest.webmanifest', '/icons/icon-192.png'];

const rows = urls.map((url) => {
  const raw = readFileSync(join(dist, url === '/' ? 'index.html' : url.slice(1)));
  const name = url === '/' ? '/ (index.html)' : url;
  if (!compressible.test(url === '/' ? 'index.html' : url)) return { name, raw: raw.length, gzip: raw.length, brotli: raw.length };
  const gzip = gzipSync(raw, { level: 9 }).length;
  const brotli = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 22 } }).length;
  return { name, raw: raw.length, gzip: Math.min(gzip, raw.length), brotli: Math.min(brotli, raw.length) };
});
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const width = Math.max(...rows.map((r) => r.name.length), 5);
const fmt = (n) => n.toLocaleString('en-US').padStart(11);
console.log(`${'file'.padEnd(width)} ${'raw'.padStart(11)} ${'gzip'.padStart(11)} ${'brotli'.padStart(11)}`);
for (const r of rows) console.log(`${r.name.padEnd(width)} ${fmt(r.raw)} ${fmt(r.gzip)} ${fmt(r.brotli)}`);
console.log(`${'total'.padEnd(width)} ${fmt(total.raw)} ${fmt(total.gzip)} ${fmt(total.brotli)}`);
console.log(`first-load transfer (brotli, as served): ${(total.brotli / 1000).toFixed(1)} kB; budget 350 kB`);
const later = lazy.map((url) => readFileSync(join(dist, url.slice(1))))
  .reduce((sum, raw) => sum + brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 22 } }).length, 0);
console.log(`later, with a phone's first encrypted form: the encryption module, ${(later / 1000).toFixed(1)} kB (${lazy.join(', ')})`);
