// How fast the phone empties a full outbox: 1,000 interviews queued through the app's own
// storage code (the `test-hooks` build), then the network comes back and the timer runs until
// the outbox page counts 1,000 receipts. Real Chromium, real `qabul serve` on 127.0.0.1 with
// its SQLite database, no throttling. Budget: 15 s.
//
// Usage: node scripts/bench-sync.mjs   (after `node scripts/build-pwa.mjs --features
//        test-hooks --out dist-test` and a server build; QABUL_BIN picks the server binary,
//        target/release/qabul by default; RUNS sets the number of runs, 3 by default)
const { existsSync, statSync } = await import('node:fs');
const { join } = await import('node:path');
const harness = await import('../tests/e2e/harness.mjs');
if (!process.env.QABUL_BIN) {
  const release = join(harness.root, 'target', 'release', 'qabul');
  if (existsSync(release)) process.env.QABUL_BIN = release;
}

const RUNS = Number(process.env.RUNS ?? 3);
const QUEUED = 1_000;
const BUDGET_MS = 15_000;

/** How many receipts the phone holds, read from IndexedDB inside the page. */
function receiptCount(page) {
  return page.evaluate(() => new Promise((ok, fail) => {
    const open = indexedDB.open('qabul');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const r = db.transaction('receipts').objectStore('receipts').count();
      r.onsuccess = () => { db.close(); ok(r.result); };
      r.onerror = () => fail(r.error);
    };
  }));
}

async function run() {
  const server = await harness.startServer({ staticDir: harness.distTest });
  const phone = await harness.launchPhone();
  try {
    const { page, context } = phone;
    const { url } = JSON.parse(await harness.qabul(server, 'enumerator', 'add', 'Bench', '--json', '--base-url', server.url));
    await page.goto(url);
    await page.locator('[data-enrolled=true]').waitFor();
    await page.goto(server.url + '/outbox');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    // Offline while queueing, so that no drain starts before the timer does.
    await context.setOffline(true);
    const queueStart = Date.now();
    await page.evaluate((n) => window.qabulQueueSynthetic(n), QUEUED);
    const queueMs = Date.now() - queueStart;
    const outbox = await harness.readStore(page, 'outbox');
    const bytes = outbox.reduce((sum, e) => sum + JSON.stringify(e.submission).length, 0);
    await page.goto(server.url + (process.env.BENCH_PAGE ?? '/outbox'));
    await page.waitForTimeout(500);

    const t0 = Date.now();
    await context.setOffline(false);
    const deadline = t0 + 120_000;
    while ((await receiptCount(page)) < QUEUED) {
      if (Date.now() > deadline) throw new Error('the outbox did not drain in 120 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const drainMs = Date.now() - t0;
    const stored = await harness.countRows(server, 'SELECT count(*) FROM submissions');
    if (stored !== QUEUED) throw new Error(`the server holds ${stored}, not ${QUEUED}`);
    return { drainMs, queueMs, bytes };
  } finally {
    await phone.close();
    await server.stop();
  }
}

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await run());
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const drains = sorted(runs.map((r) => r.drainMs));
const median = drains[Math.floor(drains.length / 2)];
const bytes = runs[0].bytes;
console.log(`server: ${process.env.QABUL_BIN ?? 'target/debug/qabul'} (${(statSync(process.env.QABUL_BIN ?? join(harness.root, 'target', 'debug', 'qabul')).size / 1e6).toFixed(1)} MB)`);
console.log(`${QUEUED} queued submissions, ${(bytes / 1e6).toFixed(2)} MB of JSON, ${RUNS} runs`);
console.log(`queueing them through the app's storage: median ${sorted(runs.map((r) => r.queueMs))[Math.floor(RUNS / 2)]} ms`);
console.log(`drain to the server, network back -> ${QUEUED} receipts: median ${median} ms, min ${drains[0]} ms, max ${drains[drains.length - 1]} ms  (budget ${BUDGET_MS} ms) ${median <= BUDGET_MS ? 'OK' : 'OVER BUDGET'}`);
console.log(`  = ${Math.round(QUEUED / (median / 1000))} submissions/s end to end`);
