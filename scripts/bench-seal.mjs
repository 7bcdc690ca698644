// Sealing and opening in the browser, with the core code the app runs: sealing one submission
// as the phone does at finalize (budget 2 ms each), and opening 10,000 as the review page does
// (budget 3 s). Runs the test build (dist-test, which adds `window.qabulBenchSeal`) in headless
// Chromium at 412x915, unthrottled, against a local `qabul serve`.
//
// Two figures for opening: the core's opening alone, in the review module, and the whole
// page: from loading the key to the table of 10,000 on screen, with the page fetching them
// from the server (seeded with `qabul seed --sealed-to`), opening them a slice at a time and
// drawing the first page of the table.
//
//   node scripts/bench-seal.mjs        (after the test command has built dist-test and the server)
import { join } from 'node:path';
import { distTest, launchPhone, qabul, startServer } from '../tests/e2e/harness.mjs';

const N = 10_000;
const server = await startServer({ staticDir: distTest });
const phone = await launchPhone({ viewport: { width: 412, height: 915 } });
try {
  const { page } = phone;
  await page.goto(server.url + '/');
  await page.waitForFunction(() => typeof window.qabulBenchSeal === 'function');
  const phoneRun = await page.evaluate(() => window.qabulBenchSeal(500));
  await page.goto(server.url + '/review');
  await page.waitForFunction(() => typeof window.qabulBenchSeal === 'function');
  const review = await page.evaluate((n) => window.qabulBenchSeal(n), N);
  console.log(`sealing one submission in the phone's module: mean ${phoneRun.sealMeanMs.toFixed(3)} ms over ${phoneRun.n}   budget 2 ms`);
  console.log(`opening ${review.n} with the core, in the review module: ${review.openTotalMs.toFixed(0)} ms   budget 3,000 ms`);

  // The whole page, as a supervisor meets it.
  const keyFile = join(server.dir, 'bench-key.txt');
  const publicKey = (await qabul(server, 'keygen', '--output', keyFile)).match(/Public key: (\S+)/)[1];
  await qabul(server, 'seed', '--demo', String(N), '--sealed-to', publicKey);
  const password = server.logs().match(/First supervisor: `admin`, password: (\S+)/)[1];
  await page.goto(server.url + '/review');
  await page.fill('#supervisor-name', 'admin');
  await page.fill('#supervisor-password', password);
  await page.click('[data-action=sign-in]');
  await page.locator('tr[data-id]').first().waitFor();
  const bytes = { sealed: 0, fetchedAt: 0 };
  page.on('requestfinished', async (request) => {
    if (!request.url().includes('/api/review/sealed.json')) return;
    bytes.fetchedAt = Date.now();
    const sizes = await request.sizes().catch(() => null);
    if (sizes) bytes.sealed += sizes.responseBodySize;
  });
  const started = Date.now();
  await page.setInputFiles('[data-action=key-file]', keyFile);
  await page.locator(`[data-opened="${N}"]`).waitFor({ timeout: 120_000 });
  await page.locator('tr[data-id][data-district]').first().waitFor();
  const whole = Date.now() - started;
  console.log(`opening ${N} in the review page, key loaded -> table on screen: ${whole} ms   budget 3,000 ms`);
  console.log(`  of which fetching ${(bytes.sealed / 1e6).toFixed(1)} MB (compressed) from the server: ${bytes.fetchedAt - started} ms; reading, opening and drawing: ${whole - (bytes.fetchedAt - started)} ms`);
} finally {
  await phone.close();
  await server.stop();
}
