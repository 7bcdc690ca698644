// The enumerator's app under the conditions web survey tools are compared in: a 412x915
// phone, CPU slowed 4x, 562.5 ms latency, 180,000 B/s down and 84,375 B/s up, assets served
// brotli-compressed by `qabul serve`. Five runs, each on a fresh profile; prints median, min
// and max beside each budget.
//
// Usage: node scripts/bench-pwa.mjs   (after `node scripts/build-pwa.mjs` and a server build;
//        QABUL_BIN picks the server binary, target/release/qabul by default)
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
const { existsSync } = await import('node:fs');
const { join } = await import('node:path');
const harness = await import('../tests/e2e/harness.mjs');
const { answer } = await import('../tests/e2e/interview.mjs');
if (!process.env.QABUL_BIN) {
  const release = join(harness.root, 'target', 'release', 'qabul');
  if (existsSync(release)) process.env.QABUL_BIN = release;
}

const RUNS = Number(process.env.RUNS ?? 5);
const log = (...a) => { if (process.env.VERBOSE) console.error(new Date().toISOString(), ...a); };
const VIEWPORT = { width: 412, height: 915 };
const SLOW = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };

async function throttle(cdp, on) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', on ? SLOW : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: on ? 4 : 1 });
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), min: s[0], max: s[s.length - 1], p95: at(0.95) };
};

/** Clicks `selector` inside the page and resolves with the ms until `done()` holds. */
function timedClick(page, selector, doneSelector) {
  return page.evaluate(([sel, done]) => new Promise((ok) => {
    const t0 = performance.now();
    const check = () => {
      if (document.querySelector(done)) { observer.disconnect(); ok(performance.now() - t0); return true; }
      return false;
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    document.querySelector(sel).click();
    check();
  }), [selector, doneSelector]);
}

const results = { cold: [], coldFloor: [], running: [], firstPaint: [], warm: [], followUp: [], persist: [], transfer: [] };
const server = await harness.startServer();
try {
  for (let run = 0; run < RUNS; run++) {
    const phone = await harness.launchPhone({ viewport: VIEWPORT });
    const { page, context } = phone;
    let bytes = 0;
    context.on('requestfinished', async (request) => {
      const sizes = await request.sizes().catch(() => null);
      if (sizes) bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    });
    const cdp = await context.newCDPSession(page);
    await throttle(cdp, true);

    // Cold start: nothing cached, to the first question on screen and answerable. On this
    // first load the boot script draws the first screen while the module arrives
    // (boot/first-screen.js); what is chosen there is kept until the app takes it over.
    const t0 = Date.now();
    await page.goto(server.url + '/');
    await page.locator('[data-action=new-interview]').click();
    await page.locator('fieldset[data-question=governorate] [data-code=anbar]').waitFor();
    results.cold.push(Date.now() - t0);
    // No cold start can beat the network: the page's own request, then its subresources, each
    // pay one latency, and every byte that arrived by now had to pass at 180,000 B/s.
    results.coldFloor.push(2 * SLOW.latency + (bytes / SLOW.downloadThroughput) * 1000);
    // The app's own runner has the interview (its draft written): the boot script's screen
    // is gone.
    await page.locator('#boot').waitFor({ state: 'detached' });
    await page.locator('main.survey fieldset[data-question=governorate]').waitFor();
    results.running.push(Date.now() - t0);
    // The page's first paint: on this first load, the boot script's own home page.
    results.firstPaint.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime));
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.waitForTimeout(500);
    results.transfer.push(bytes);

    log('cold', results.cold.at(-1));
    // Warm offline start: the service worker and the app's own code, no network at all.
    await page.goto(server.url + '/');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    const t1 = Date.now();
    await page.reload();
    await page.locator('[data-action=new-interview]').waitFor();
    results.warm.push(Date.now() - t1);
    await context.setOffline(false);

    log('warm', results.warm.at(-1));
    // Tap -> dependent follow-up, throttled: reintegration_view >= 4 shows change_view.
    await throttle(cdp, false);
    await page.locator('[data-action=continue]').first().click();
    for (const [name, value] of [['governorate', 'anbar'], ['district', 'ramadi'], ['consent', 'yes'], ['age', '30'],
      ['sex', 'male'], ['status', 'host'], ['years_in_area', '3'], ['aware_returns', 'no'], ['sd_neighbour', '3'],
      ['sd_coworker', '3'], ['sd_school', '3'], ['sd_shop', '3'], ['sd_social_events', '3'], ['sd_meetings', '3'],
      ['sd_marriage', '3'], ['threat_security', '3'], ['threat_extremism', '3'], ['threat_jobs', '3'],
      ['threat_property', '3'], ['trust_screening', '3'], ['trust_committees', '3']]) {
      await answer(page, name, value);
    }
    await answer(page, 'reintegration_view', '2');
    log('at reintegration_view');
    await throttle(cdp, true);
    for (let i = 0; i < 5; i++) {
      results.followUp.push(await timedClick(page, '[data-question=reintegration_view] [data-code="5"]', 'fieldset[data-question=change_view]:not(.hidden)'));
      await timedClick(page, '[data-question=reintegration_view] [data-code="1"]', 'fieldset[data-question=change_view].hidden');
    }

    log('follow-up', results.followUp);
    // Answer -> committed in IndexedDB ("saved" appears only after the commit), unthrottled.
    await throttle(cdp, false);
    for (let i = 0; i < 20; i++) {
      results.persist.push(await page.evaluate((code) => new Promise((ok, fail) => {
        // "saved" is shown only once the write of the latest change has committed; wait to
        // see "saving" first, so that the previous answer's "saved" does not count. A fast
        // commit can pass through "saving" between two observer calls, so the records' old
        // values count too.
        const status = document.querySelector('.save-status');
        let saving = false;
        const t0 = performance.now();
        const timer = setTimeout(() => { observer.disconnect(); fail(new Error('no "saved" within 10 s')); }, 10_000);
        const observer = new MutationObserver((records) => {
          const state = status.getAttribute('data-save');
          if (state === 'saving' || records.some((r) => r.oldValue === 'saving')) saving = true;
          if (saving && state === 'saved') { clearTimeout(timer); observer.disconnect(); ok(performance.now() - t0); }
        });
        observer.observe(status, { attributes: true, attributeFilter: ['data-save'], attributeOldValue: true });
        document.querySelector(`[data-question=women_children] [data-code="${code}"]`).click();
      }), i % 2 ? 'dk' : 'no'));
    }
    await phone.close();
  }
} finally {
  await server.stop();
}

const line = (name, xs, unit, budget) => {
  const s = stats(xs);
  const f = (n) => (unit === 'kB' ? (n / 1000).toFixed(1) : n.toFixed(unit === 'ms' && n < 100 ? 1 : 0));
  console.log(`${name.padEnd(52)} median ${f(s.median).padStart(8)} ${unit}  min ${f(s.min).padStart(8)}  max ${f(s.max).padStart(8)}  p95 ${f(s.p95).padStart(8)}   budget ${budget}`);
};
console.log(`Qabul PWA, ${RUNS} runs, ${VIEWPORT.width}x${VIEWPORT.height}, CPU 4x, 562.5 ms RTT, 180,000 B/s down, 84,375 B/s up`);
line('cold start -> first question interactive (throttled)', results.cold, 'ms', '2500 ms');
line('  its network floor (2 latencies + bytes so far)', results.coldFloor, 'ms', '-');
line('  the app running that interview (draft written)', results.running, 'ms', '-');
line('  first paint (from navigation)', results.firstPaint, 'ms', '-');
line('warm offline start -> home interactive (throttled)', results.warm, 'ms', '1000 ms');
line('tap scale -> follow-up question shown (throttled)', results.followUp, 'ms', '50 ms');
line('answer -> committed in IndexedDB (unthrottled)', results.persist, 'ms', 'p95 20 ms');
line('first-load transfer (page + service worker precache)', results.transfer, 'kB', '350 kB');
