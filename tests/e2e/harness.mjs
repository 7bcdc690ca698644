// Shared by the end-to-end tests: the real `qabul serve` on a free port of 127.0.0.1, and
// Debian's Chromium driven by playwright-core, at a phone's size.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export { dist };
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = join(root, 'tests', 'e2e', 'artifacts');
mkdirSync(artifacts, { recursive: true });

const qabulBin = process.env.QABUL_BIN ?? join(root, 'target', 'debug', 'qabul');
const dist = process.env.QABUL_DIST ?? join(root, 'dist');
/** The PWA built with `--features test-hooks` (window.qabulQueueSynthetic), for sync tests. */
export const distTest = process.env.QABUL_TEST_DIST ?? join(root, 'dist-test');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Starts `qabul serve` on port 0 with a fresh database; resolves once it prints its URL. */
export async function startServer({ dir = mkdtempSync(join(tmpdir(), 'qabul-e2e-')), port = 0, staticDir = dist, env = {} } = {}) {
  const child = spawn(qabulBin, ['serve', '--listen', `127.0.0.1:${port}`, '--static', staticDir,
    '--database', `sqlite://${join(dir, 'qabul.db')}`], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  let logs = '';
  child.stderr.on('data', (d) => { stderr += d; logs += d; });
  child.stdout.on('data', (d) => { logs += d; });
  const url = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`qabul serve did not start in 60 s: ${stderr}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`qabul serve exited with ${code}: ${stderr}`)); });
  });
  child.removeAllListeners('exit');
  const exited = new Promise((ok) => child.on('exit', ok));
  return {
    url, dir, child,
    /** Everything the server has printed so far. */
    logs: () => logs,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A persistent Chromium profile (service workers and IndexedDB need one) at 360x740. */
export async function launchPhone({ profile = mkdtempSync(join(tmpdir(), 'qabul-profile-')), viewport = { width: 360, height: 740 } } = {}) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return {
    context, page, profile,
    async close() { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

export async function screenshot(page, name) {
  // On a phone only a table may scroll sideways, inside its own box, never the whole page.
  const { width } = page.viewportSize() ?? { width: 0 };
  if (width <= 412) {
    const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth);
    if (overflow > 0) throw new Error(`${name}: the page is ${overflow} px wider than the phone`);
  }
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * Chromium started by hand (not by Playwright) on `profile`, so that a test can kill the whole
 * browser with SIGKILL, as a phone's battery or the OS would, and start it again on the same
 * profile.
 */
export async function launchKillablePhone(profile) {
  const { existsSync, readFileSync, rmSync: rm } = await import('node:fs');
  const portFile = join(profile, 'DevToolsActivePort');
  rm(portFile, { force: true });
  const child = spawn(process.env.CHROMIUM ?? '/usr/bin/chromium', [
    ...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, '--window-size=360,740', 'about:blank',
  ], { stdio: 'ignore', detached: true });
  const deadline = Date.now() + 30_000;
  while (!existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n').length < 2) {
    if (Date.now() > deadline) throw new Error('Chromium did not open its debugging port');
    await new Promise((r) => setTimeout(r, 100));
  }
  const port = readFileSync(portFile, 'utf8').split('\n')[0].trim();
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const context = browser.contexts()[0];
  const page = context.pages()[0] ?? await context.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  const exited = new Promise((ok) => child.on('exit', ok));
  return {
    browser, context, page,
    async kill() {
      // The whole process group: the browser and its renderer, GPU and storage processes.
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      await exited;
    },
    async close() { await browser.close().catch(() => {}); await this.kill(); },
  };
}

/** Reads every record of an IndexedDB object store of the app, from inside the page. */
export function readStore(page, store) {
  return page.evaluate((name) => new Promise((ok, fail) => {
    const open = indexedDB.open('qabul');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction(name).objectStore(name).getAll();
      request.onsuccess = () => { db.close(); ok(request.result); };
      request.onerror = () => fail(request.error);
    };
  }), store);
}

/** Runs the `qabul` command line against a test server's database; resolves with stdout. */
export async function qabul(server, ...args) {
  const { execFileSync } = await import('node:child_process');
  return execFileSync(qabulBin, ['--database', `sqlite://${join(server.dir, 'qabul.db')}`, ...args], { encoding: 'utf8' });
}

/** Counts rows in the server's SQLite database (read with Python's sqlite3, read-only). */
export async function countRows(server, sql) {
  const { execFileSync } = await import('node:child_process');
  const db = join(server.dir, 'qabul.db');
  const out = execFileSync('python3', ['-c', `import sqlite3,sys
c=sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True)
print(c.execute(sys.argv[2]).fetchone()[0])`, db, sql], { encoding: 'utf8' });
  return Number(out.trim());
}

/** Runs a query on the server's SQLite database (read-only); resolves with its rows. */
export async function queryRows(server, sql) {
  const { execFileSync } = await import('node:child_process');
  const db = join(server.dir, 'qabul.db');
  const out = execFileSync('python3', ['-c', `import json,sqlite3,sys
c=sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True)
print(json.dumps(c.execute(sys.argv[2]).fetchall()))`, db, sql], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** In the page (`page.evaluate(cachesHoldingEncryption)`): the service worker's caches that
 * hold the encryption module. */
export async function cachesHoldingEncryption() {
  const holding = [];
  for (const name of await caches.keys()) {
    const requests = await (await caches.open(name)).keys();
    if (requests.some((r) => new URL(r.url).pathname.startsWith('/qabul-seal'))) holding.push(name);
  }
  return holding;
}

/** Whether `check()` comes true within five seconds. */
export async function poll(check) {
  for (let i = 0; i < 50; i++) {
    if (await check()) return true;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return false;
}

/** Opens `url` and waits for the app itself: on a phone's first load the boot script draws a
 * first screen of its own while the module arrives (boot/first-screen.js, tested on its own
 * in first-screen.test.mjs), and a test that means the app must not tap that one. */
export async function openApp(page, url) {
  await page.goto(url);
  await page.locator('#boot').waitFor({ state: 'detached', timeout: 30_000 });
}

/** Unregisters the service worker and deletes its caches, as a browser evicting them does:
 * the next load is the network's, with the phone's IndexedDB and localStorage kept. */
export async function evictWorker(page) {
  await page.evaluate(async () => {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    for (const name of await caches.keys()) await caches.delete(name);
  });
}
