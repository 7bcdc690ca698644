// Builds the PWA into dist/: the wasm32 module, the wasm-bindgen glue at exactly the version
// pinned in Cargo.lock, wasm-opt for size, content-hashed file names, and a service worker
// whose precache list and cache name come from this build.
//
// Usage: node scripts/build-pwa.mjs [--out dist] [--no-opt] [--features test-hooks]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const out = resolve(root, outArg >= 0 ? args[outArg + 1] : 'dist');
const optimise = !args.includes('--no-opt');
const featuresArg = args.indexOf('--features');
const features = featuresArg >= 0 ? ['--features', args[featuresArg + 1].split(',').map((f) => `qabul-pwa/${f}`).join(',')] : [];
const crate = 'qabul-pwa';

function run(cmd, argv, opts = {}) {
  execFileSync(cmd, argv, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

// The module aborts on panic: unwinding tables would only add size, and a panic in the
// browser is fatal anyway. The server keeps the release profile's unwinding, so that one
// failing request does not take the process down.
// `erase_components` makes Leptos type-erase views instead of monomorphising every one,
// which roughly halves the module (see the size report).
// Source paths end up in the module's panic locations: remapped, they are shorter and name
// no directory of the machine that built it.
const cargoHome = process.env.CARGO_HOME ?? join(homedir(), '.cargo');
const remap = [[root, 'qabul'], [cargoHome, 'cargo']]
  .filter(([from]) => !/\s/.test(from))
  .map(([from, to]) => `--remap-path-prefix=${from}=${to}`);
const wasmEnv = {
  ...process.env,
  CARGO_PROFILE_RELEASE_PANIC: 'abort',
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: ['--cfg erase_components', ...remap].join(' '),
};

function lockedVersion(name) {
  const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
  const m = lock.match(new RegExp(`name = "${name}"\\nversion = "([^"]+)"`));
  if (!m) throw new Error(`${name} is not in Cargo.lock`);
  return m[1];
}

function hash(bytes) {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

const wasmFeatures = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

// Leptos links its server functions' stream classes (wasm-streams' IntoUnderlyingSource, …),
// and wasm-bindgen exports them, so no optimiser may drop them; Qabul has no server function
// (the app calls its API with fetch). Out of the glue and the module they go: about a
// kilobyte of the phone's first load.
const STREAM_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
function dropStreams(gluePath, wasmPath) {
  let glue = readFileSync(gluePath, 'utf8');
  const present = STREAM_CLASSES.filter((name) => glue.includes(`export class ${name} {`));
  if (present.length === 0) return;
  for (const name of present) {
    const cls = new RegExp(`export class ${name} \\{[\\s\\S]*?\\nif \\(Symbol\\.dispose\\) ${name}\\.prototype\\[Symbol\\.dispose\\] = ${name}\\.prototype\\.free;\\n`);
    const finalization = new RegExp(`const ${name}Finalization = [^;]*;\\n`);
    if (!cls.test(glue) || !finalization.test(glue)) throw new Error(`the glue's ${name} is not shaped as this build expects`);
    glue = glue.replace(cls, '').replace(finalization, '');
  }
  const prefixes = present.map((name) => name.toLowerCase());
  const unused = (e) => prefixes.some((p) => e.startsWith(p) || e.startsWith(`__wbg_${p}`));
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasmPath))).map((e) => e.name);
  const dropped = exports.filter(unused);
  if (dropped.some((e) => glue.includes(`wasm.${e}`)) || present.some((name) => new RegExp(`\\b${name}\\b`).test(glue))) {
    throw new Error('the glue still refers to a stream class');
  }
  const graph = join(dirname(wasmPath), 'keep.json');
  writeFileSync(graph, JSON.stringify(exports.filter((e) => !unused(e)).map((e) => ({ name: e, root: true, export: e }))));
  execFileSync(join(root, 'node_modules', '.bin', 'wasm-metadce'), ['--graph-file', graph, ...wasmFeatures, '-o', wasmPath, wasmPath], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(gluePath, glue);
}

// 1. The modules: the enumerator's app; the supervisor's review pages in a module of their
// own, so that a phone never downloads code it does not run; and the phone's encryption,
// which a phone downloads only once it has an encrypted form (src/sealer.rs).
const seal = 'qabul-seal';
const bins = [crate, 'qabul-review', seal];
run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', crate, '-p', seal, ...bins.flatMap((b) => ['--bin', b]), ...features], { env: wasmEnv });
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, 'target');

// 2. The glue, from the CLI at the crate's exact version (a mismatch fails at load time).
const want = lockedVersion('wasm-bindgen');
const have = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).trim().split(/\s+/)[1];
if (have !== want) {
  throw new Error(`wasm-bindgen CLI is ${have} but Cargo.lock has ${want}: cargo install wasm-bindgen-cli --version ${want}`);
}
const stage = join(targetDir, 'pwa-stage');
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const bin of bins) {
  const wasmIn = join(targetDir, 'wasm32-unknown-unknown', 'release', `${bin}.wasm`);
  run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', stage, '--out-name', bin, wasmIn]);
  // 3. Size: wasm-opt from the npm package `binaryen` (Debian's older build emits a broken module).
  // The phone's module takes -O2 rather than -Oz: 4% larger raw, but 1.7 kB smaller once
  // brotli has compressed it (the form every phone downloads it in), and faster; GUFA's
  // whole-module flow analysis first takes off another 0.6 kB.
  // The review module is optimised for speed: it runs online on a supervisor's computer, and
  // opens thousands of sealed submissions at a time. So is the encryption module: it is not
  // part of the first load, and Argon2id makes an enumerator wait at every PIN.
  const wasmStaged = join(stage, `${bin}_bg.wasm`);
  if (optimise) {
    dropStreams(join(stage, `${bin}.js`), wasmStaged);
    const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
    if (!existsSync(wasmOpt)) throw new Error('wasm-opt is missing: run npm ci (or pass --no-opt)');
    run(wasmOpt, [
      ...(bin === crate ? ['--gufa-optimizing', '-O2', '--converge'] : ['-O3']), ...wasmFeatures,
      '--strip-debug', '--strip-producers', '-o', wasmStaged, wasmStaged,
    ]);
  }
}

// 4. dist/ with content-hashed names.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(root, 'public'), out, { recursive: true });

/** JavaScript as shipped: the glue without comments and long names (the phone's goes from
 * 9.4 kB to 7.5 kB brotli). `--no-opt` keeps it readable. */
async function minified(source, { module = true } = {}) {
  if (!optimise) return Buffer.from(source);
  const { minify } = await import('terser');
  const { code } = await minify(source, { module, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  return Buffer.from(code);
}

function emit(name, ext, bytes) {
  const file = `${name}.${hash(bytes)}.${ext}`;
  writeFileSync(join(out, file), bytes);
  return file;
}

const styleDir = join(root, 'style');
/** The style sheet of `files`, in that order: without comments and runs of spaces (the style
 * sheets hold no string in which that would matter), unless `--no-opt`. */
function styles(name, files) {
  const text = files.map((f) => readFileSync(join(styleDir, f), 'utf8')).join('\n');
  const shipped = optimise
    ? text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').replace(/\s*([{};,])\s*/g, '$1').trim()
    : text;
  return emit(name, 'css', Buffer.from(shipped));
}
// The phone's rules, and the supervisor's pages' (which use the phone's look and add their own).
const phoneCss = styles('app', ['main.css', 'survey.css']);
const reviewCss = styles('review', ['main.css', 'review.css', 'survey.css']);
const unused = readdirSync(styleDir).filter((f) => f.endsWith('.css') && !['main.css', 'review.css', 'survey.css'].includes(f));
if (unused.length) throw new Error(`style sheets in no page: ${unused.join(', ')}`);
// The page's comments are for whoever edits it, not for a phone on 2G.
const template = readFileSync(join(root, 'index.html'), 'utf8').replace(/<!--[\s\S]*?-->\s*/g, '');

/** Emits one module's glue and module; returns their file names. */
async function module(bin) {
  const wasm = emit(`${bin}_bg`, 'wasm', readFileSync(join(stage, `${bin}_bg.wasm`)));
  const js = emit(bin, 'js', await minified(readFileSync(join(stage, `${bin}.js`), 'utf8')));
  return { js, wasm };
}

// The encryption module: `qabulSeal()` of the app's boot script imports it on first use. A
// failed import (offline before the module was ever kept) can be tried again: browsers keep a
// failed import of a URL for the page's life, so a retry asks under another query, which the
// server and the service worker (matching on the path) ignore.
const sealModule = await module(seal);
const lazy = [`/${sealModule.js}`, `/${sealModule.wasm}`];
const sealLoader = `let seal, tries = 0;
globalThis.qabulSeal = () => (seal ??= import('./${sealModule.js}' + (tries ? '?retry=' + tries : ''))
  .then(async (m) => { await m.default({ module_or_path: '/${sealModule.wasm}' }); return m; })
  .catch((e) => { seal = undefined; tries += 1; throw e; }));
`;

// On a phone's first load the app's boot script draws the home page and the interview's first
// screen itself while the module arrives (boot/first-screen.js), from data the interview state
// machine works out from the built-in form (boot/first-screen.json; a test keeps it current).
const firstScreenData = JSON.stringify(JSON.parse(readFileSync(join(root, 'boot', 'first-screen.json'), 'utf8')));
const firstScreenSource = readFileSync(join(root, 'boot', 'first-screen.js'), 'utf8');
if (!firstScreenSource.includes('__QABUL_FIRST_SCREEN__')) throw new Error('boot/first-screen.js has no __QABUL_FIRST_SCREEN__ to fill in');
const firstScreen = firstScreenSource.replace('__QABUL_FIRST_SCREEN__', () => firstScreenData);

// Starting a module: the page's loading screen (index.html, #boot) goes once the app has
// mounted (unless an interview begun on the first screen waits: the app removes it once it
// shows that interview), or turns into "could not start, try again" when the glue or the
// module cannot be fetched or started; a blank page would leave an enumerator on 2G guessing.
// The glue is imported dynamically so that its own failure is caught too.
const starter = (js, wasm, first) => `const shell = document.getElementById('boot');
const failed = () => {
  if (!shell?.isConnected) return;
  // A first screen the app began to take over is inert, and "Try again" is on it.
  shell.removeAttribute('inert');
  shell.querySelector('.boot-loading').hidden = true;
  const message = shell.querySelector('.boot-failed');
  message.hidden = false;
  message.setAttribute('role', 'alert');
  message.scrollIntoView();
  shell.removeAttribute('role');
  shell.querySelector('.boot-retry').addEventListener('click', () => location.reload());
};
${first ? `${firstScreen}const waits = shell ? firstScreen(shell).catch(() => () => false) : null;` : 'const waits = null;'}
// The app starts once the boot script has decided whether it draws the first screen (a look at
// the phone's databases, a second at most): the app's home page takes an interview over only
// from a first screen that is there.
Promise.all([import('./${js}'), waits]).then(([m]) => m.default({ module_or_path: '/${wasm}' })).then(async () => {
  if (!(await waits)?.()) shell?.remove();
  // The app removes the first screen once it shows the interview begun there; if it never
  // does (its storage hangs), the screen must not stay "still starting" for good.
  else setTimeout(failed, 30_000);
}, (e) => {
  failed();
  throw e;
});
`;

/** Emits one module's files and the page that loads it; returns the files' URLs. */
async function page(bin, html) {
  const { js, wasm } = await module(bin);
  const loader = bin === crate ? sealLoader : '';
  const boot = emit(bin === crate ? 'boot' : `boot-${bin}`, 'js', await minified(`${loader}${starter(js, wasm, bin === crate)}`));
  const css = bin === crate ? phoneCss : reviewCss;
  const text = template.replaceAll('{{css}}', css).replaceAll('{{js}}', js).replaceAll('{{wasm}}', wasm).replaceAll('{{boot}}', boot);
  writeFileSync(join(out, html), text);
  return { text, urls: [`/${wasm}`, `/${js}`, `/${boot}`, `/${html}`, ...(bin === crate ? [] : [`/${css}`])] };
}
const { text: index } = await page(crate, 'index.html');
// The review pages work online only (they read the server), so the service worker never
// precaches them and the phone never downloads them.
const { urls: reviewUrls } = await page('qabul-review', 'review.html');

// 5. The service worker: every file but itself, each URL once ('/' stands for index.html,
// and Cache.addAll rejects a list naming one URL twice).
const precache = ['/', ...listFiles(out)
  .map((f) => `/${relative(out, f).split('\\').join('/')}`)
  .filter((u) => u !== '/sw.js' && u !== '/index.html' && !reviewUrls.includes(u) && !lazy.includes(u))
  // The manifest and its icons serve only installation, which happens online: a phone on 2G
  // should not pay for them again (the worker's copy would revalidate them) on its first load.
  .filter((u) => u !== '/manifest.webmanifest' && !u.startsWith('/icons/'))
  .sort()];
if (new Set(precache).size !== precache.length) throw new Error('precache list names a URL twice');
const build = hash(Buffer.from(precache.join('\n') + index));
const sw = readFileSync(join(root, 'public', 'sw.js'), 'utf8')
  .replace('__QABUL_BUILD__', build)
  .replace('__QABUL_PRECACHE__', JSON.stringify(precache))
  .replace('__QABUL_LAZY__', JSON.stringify(lazy));
// Minified like the boot script: every phone fetches it on its first load. Its source,
// public/sw.js, is the one to read when a phone misbehaves offline.
// A classic script, not a module: the worker is registered without `type: 'module'`.
writeFileSync(join(out, 'sw.js'), await minified(sw, { module: false }));
writeFileSync(join(out, 'build.json'), JSON.stringify({ build, files: precache, lazy }, null, 2) + '\n');
console.log(`PWA build ${build} written to ${relative(root, out) || '.'}/ (${precache.length} precached files)`);
