// Sealing and opening in the browser, with the core code the app runs: sealing one submission
// as the phone does at finalize (budget 2 ms each), and opening 10,000 as the review page does
// (budget 3 s). Runs the test build (dist-test, which adds `window.qabulBenchSeal`) in headless
// Chromium at 412x915, unthrottled, against a local `qabul serve`.
//
//   node scripts/bench-seal.mjs        (after the test command has built dist-test and the server)
import { distTest, launchPhone, startServer } from '../tests/e2e/harness.mjs';

const server = await startServer({ staticDir: distTest });
const phone = await launchPhone({ viewport: { width: 412, height: 915 } });
try {
  const { page } = phone;
  await page.goto(server.url + '/');
  await page.waitForFunction(() => typeof window.qabulBenchSeal === 'function');
  const phoneRun = await page.evaluate(() => window.qabulBenchSeal(500));
  await page.goto(server.url + '/review');
  await page.waitForFunction(() => typeof window.qabulBenchSeal === 'function');
  const review = await page.evaluate(() => window.qabulBenchSeal(10000));
  console.log(`sealing one submission in the phone's module: mean ${phoneRun.sealMeanMs.toFixed(3)} ms over ${phoneRun.n}   budget 2 ms`);
  console.log(`opening ${review.n} in the review page's module: ${review.openTotalMs.toFixed(0)} ms   budget 3,000 ms`);
} finally {
  await phone.close();
  await server.stop();
}
