// Enrolment through the supervisor's link and the outbox drained to the real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countRows, launchPhone, qabul, readStore, screenshot, startServer } from './harness.mjs';
import { answer, finish } from './interview.mjs';

async function refusal(page, governorate, district) {
  await page.locator('[data-action=new-interview]').click();
  await page.locator('main.survey .screen').waitFor();
  await answer(page, 'governorate', governorate);
  await answer(page, 'district', district);
  await answer(page, 'consent', 'no');
  assert.equal(await finish(page), 'ended(refused)');
  await page.click('[data-action=finalize]');
  await page.locator('[data-done=true]').waitFor();
  await page.locator('.done a[href="/"]').click();
}

test('a phone enrolled through the link sends interviews finalized offline once the network is back', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page, context } = phone;
    const { url } = JSON.parse(await qabul(server, 'enumerator', 'add', 'Amira', '--json', '--base-url', server.url));
    assert.match(url, /\/enroll#code=/);
    await page.goto(url);
    await page.locator('[data-enrolled=true]').waitFor();
    await screenshot(page, 'sync-enrolled-en');
    assert.equal((await readStore(page, 'forms')).length >= 1, true);

    await page.goto(server.url + '/');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await context.setOffline(true);
    await page.locator('[data-status=network][data-value=offline]').waitFor();
    await refusal(page, 'anbar', 'falluja');
    await refusal(page, 'ninewa', 'mosul');
    await refusal(page, 'kirkuk', 'daquq');
    const queued = await readStore(page, 'outbox');
    assert.deepEqual(queued.map((e) => e.state), ['queued', 'queued', 'queued']);
    assert.deepEqual(queued.map((e) => e.submission.device_seq).sort(), [1, 2, 3]);
    assert.equal(await countRows(server, 'SELECT count(*) FROM submissions'), 0);

    await context.setOffline(false);
    await page.goto(server.url + '/outbox');
    await page.locator('[data-receipts="3"]').waitFor({ timeout: 30_000 });
    await screenshot(page, 'sync-outbox-en');
    assert.equal(await countRows(server, 'SELECT count(*) FROM submissions'), 3);
    assert.equal(await countRows(server, 'SELECT count(DISTINCT id) FROM submissions'), 3);
    assert.deepEqual(await readStore(page, 'outbox'), [], 'payloads are deleted once stored');
    const receipts = await readStore(page, 'receipts');
    assert.equal(receipts.length, 3);
    for (const r of receipts) assert.match(r.digest, /^[0-9a-f]{64}$/);

    // Sending again changes nothing: the outbox is empty and the server still has three.
    await page.click('[data-action=send-now]');
    await page.locator('[data-sync=idle]').waitFor({ state: 'attached' });
    assert.equal(await countRows(server, 'SELECT count(*) FROM submissions'), 3);
  } finally {
    await phone.close();
    await server.stop();
  }
});
