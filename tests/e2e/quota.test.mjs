// A phone whose storage is full: the browser's real QuotaExceededError (the origin's quota
// lowered through the DevTools protocol), not a stand-in. The answer stays on screen with a
// clear message and a Retry, the draft keeps every earlier answer, and once there is room
// again Retry saves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchPhone, openApp, readStore, screenshot, startServer } from './harness.mjs';
import { answer, reach, saved } from './interview.mjs';

/** Writes a probe record in a database of its own, once a second, until the browser refuses
 * one with QuotaExceededError; resolves with how long that took. */
async function waitForQuotaRefusal(page) {
  const started = Date.now();
  for (;;) {
    const error = await page.evaluate(() => new Promise((ok) => {
      const open = indexedDB.open('qabul-quota-probe');
      open.onupgradeneeded = () => open.result.createObjectStore('probe');
      open.onerror = () => ok(open.error?.name ?? 'open failed');
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction('probe', 'readwrite');
        tx.objectStore('probe').put('x'.repeat(4096), Date.now());
        tx.oncomplete = () => { db.close(); ok(null); };
        tx.onabort = () => { db.close(); ok(tx.error?.name ?? 'aborted'); };
      };
    }));
    if (error === 'QuotaExceededError') return Date.now() - started;
    if (Date.now() - started > 90_000) throw new Error(`writes were never refused (last: ${error})`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

test('a full browser quota shows a clear message and a retry, and loses no answer', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page, context } = phone;
    await openApp(page, server.url + '/');
    await page.locator('[data-action=new-interview]').click();
    await page.locator('main.survey .screen').waitFor();
    for (const [name, value] of [['governorate', 'anbar'], ['district', 'ramadi'], ['consent', 'yes']]) {
      await answer(page, name, value);
    }
    await reach(page, 'age');
    const [before] = await readStore(page, 'drafts');
    assert.equal(before.answers.consent, 'yes');

    // Chromium remembers the space it found free for a while: lower the quota, then wait
    // until a write of the same origin is refused, as it would be on a full phone.
    const cdp = await context.newCDPSession(page);
    const origin = new URL(server.url).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    const refusedAfter = await waitForQuotaRefusal(page);
    console.log(`# writes refused ${refusedAfter} ms after the quota was lowered`);
    const field = page.locator('fieldset[data-question=age] input');
    await field.fill('41');
    await field.blur();
    const status = page.locator('[data-save=failed]');
    await status.waitFor({ timeout: 10_000 });
    assert.match(await status.innerText(), /storage is full/);
    assert.ok(await status.locator('button').isVisible(), 'a Retry button is offered');
    await screenshot(page, 'enumerator-storage-full-en');
    assert.equal(await field.inputValue(), '41', 'the answer stays on screen');
    const [during] = await readStore(page, 'drafts');
    assert.deepEqual(during.answers, before.answers, 'the draft is intact, not half-written');
    // "Save and exit" does not leave an answer behind: it tries the save again and stays.
    const url = page.url();
    await page.click('[data-action=save-exit]');
    await status.waitFor({ timeout: 10_000 });
    assert.equal(page.url(), url, 'still in the interview');
    assert.equal(await field.inputValue(), '41');

    // Room again: Retry writes the same answer.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await status.locator('button').click();
    await saved(page);
    const [after] = await readStore(page, 'drafts');
    assert.equal(after.answers.age, 41);
    assert.equal(after.answers.consent, 'yes');
  } finally {
    await phone.close();
    await server.stop();
  }
});
