// Enrolment through the supervisor's link and the outbox drained to the real server: once
// on a good network, and once on a network that keeps dropping while the server loses one
// answer in five after committing. Either way every interview is stored exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countRows, distTest, launchPhone, openApp, qabul, queryRows, readStore, screenshot, startServer } from './harness.mjs';
import { FULL_INTERVIEW, answer, finish } from './interview.mjs';

const SYNTHETIC = 200;

async function finalize(page) {
  await page.click('[data-action=finalize]');
  await page.locator('[data-done=true]').waitFor();
  await page.locator('.done a[href="/"]').click();
  await page.locator('[data-action=new-interview]').waitFor();
}

async function refusal(page, governorate, district) {
  await page.locator('[data-action=new-interview]').click();
  await page.locator('main.survey .screen').waitFor();
  await answer(page, 'governorate', governorate);
  await answer(page, 'district', district);
  await answer(page, 'consent', 'no');
  assert.equal(await finish(page), 'ended(refused)');
  await finalize(page);
}

async function fullInterview(page) {
  await page.locator('[data-action=new-interview]').click();
  await page.locator('main.survey .screen').waitFor();
  for (const [name, value] of FULL_INTERVIEW) await answer(page, name, value);
  assert.equal(await finish(page), 'review');
  await finalize(page);
}

/** Enrols through the link, then with the network off does three interviews through the UI
 * and queues `SYNTHETIC` more through the app's own storage code. Returns the queued ids. */
async function enrolAndQueueOffline(server, phone, name) {
  const { page, context } = phone;
  const { url } = JSON.parse(await qabul(server, 'enumerator', 'add', name, '--json', '--base-url', server.url));
  assert.match(url, /\/enroll#code=/);
  await page.goto(url);
  await page.locator('[data-enrolled=true]').waitFor();
  assert.equal((await readStore(page, 'forms')).length >= 1, true);

  await openApp(page, server.url + '/');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  await context.setOffline(true);
  await page.locator('[data-status=network][data-value=offline]').waitFor();
  await fullInterview(page);
  await refusal(page, 'ninewa', 'mosul');
  await refusal(page, 'kirkuk', 'daquq');
  assert.equal(await page.evaluate((n) => window.qabulQueueSynthetic(n), SYNTHETIC), SYNTHETIC);

  const queued = await readStore(page, 'outbox');
  const total = SYNTHETIC + 3;
  assert.equal(queued.length, total);
  assert.ok(queued.every((e) => e.state === 'queued'));
  assert.deepEqual(queued.map((e) => e.submission.device_seq).sort((a, b) => a - b), Array.from({ length: total }, (_, i) => i + 1));
  assert.equal(await countRows(server, 'SELECT count(*) FROM submissions'), 0);
  return queued.map((e) => e.id).sort();
}

/** The server holds exactly `ids`, once each; the phone keeps receipts and no payloads. */
async function assertAllStoredOnce(server, page, ids) {
  const stored = (await queryRows(server, 'SELECT id FROM submissions ORDER BY id')).map(([id]) => id);
  assert.equal(stored.length, ids.length, 'no duplicates, nothing missing');
  assert.deepEqual(stored, ids);
  assert.deepEqual(await readStore(page, 'outbox'), [], 'payloads are deleted once stored');
  const receipts = await readStore(page, 'receipts');
  assert.deepEqual(receipts.map((r) => r.id).sort(), ids);
  for (const r of receipts) assert.match(r.digest, /^[0-9a-f]{64}$/);
}

test('interviews finalized offline are all sent once the network is back', async () => {
  const server = await startServer({ staticDir: distTest });
  const phone = await launchPhone();
  try {
    const { page, context } = phone;
    const ids = await enrolAndQueueOffline(server, phone, 'Amira');
    await page.goto(server.url + '/outbox');
    await screenshot(page, 'sync-outbox-queued-en');

    await context.setOffline(false);
    // Progress shows while it runs, and each entry of the batch on its way says so.
    await page.locator('[data-sync=running]').waitFor({ timeout: 30_000 });
    await page.locator('[data-receipts="203"]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'sync-outbox-sent-en');
    await assertAllStoredOnce(server, page, ids);

    // Sending again changes nothing: the outbox is empty and the server keeps what it has.
    await page.click('[data-action=send-now]');
    await page.locator('[data-sync=idle]').waitFor({ state: 'attached' });
    assert.equal(await countRows(server, 'SELECT count(*) FROM submissions'), ids.length);
  } finally {
    await phone.close();
    await server.stop();
  }
});

test('a flapping network and a server that drops one answer in five still store each interview once', async () => {
  const server = await startServer({ staticDir: distTest, env: { QABUL_FAULT_DROP_AFTER_COMMIT: '0.2' } });
  const phone = await launchPhone();
  let flapping = true;
  try {
    const { page, context } = phone;
    const ids = await enrolAndQueueOffline(server, phone, 'Hawre');
    await page.goto(server.url + '/outbox');

    // Every 150-450 ms the network goes on or off, until everything is through.
    const flaps = (async () => {
      let offline = true;
      while (flapping) {
        offline = !offline;
        await context.setOffline(offline);
        await new Promise((r) => setTimeout(r, 150 + Math.random() * 300));
      }
      await context.setOffline(false);
    })();
    await page.locator('[data-receipts="203"]').waitFor({ timeout: 240_000 });
    flapping = false;
    await flaps;
    await assertAllStoredOnce(server, page, ids);
    const dropped = server.logs().match(/fault injection: dropping/g)?.length ?? 0;
    assert.ok(dropped > 0, 'the server dropped some answers after committing');
    console.log(`# ${dropped} answers dropped after commit; all ${ids.length} stored once`);
  } finally {
    flapping = false;
    await phone.close();
    await server.stop();
  }
});
