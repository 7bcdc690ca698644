// The app shell against the real server: renders on a phone, speaks Arabic right-to-left
// across a reload, and opens from the service worker when the server is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachesHoldingEncryption, launchPhone, screenshot, startServer } from './harness.mjs';

test('the home page renders at 360x740 and Arabic is right-to-left across a reload', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    await page.goto(server.url + '/');
    await page.locator('h1', { hasText: 'Qabul' }).waitFor();
    await page.locator('[data-status=storage]').waitFor();
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width}px wide: it must not scroll sideways on a phone`);
    for (const button of await page.locator('.lang-switch button').all()) {
      const box = await button.boundingBox();
      assert.ok(box.height >= 48 && box.width >= 48, `touch target too small: ${JSON.stringify(box)}`);
    }
    await screenshot(page, 'shell-home-en');

    await page.click('button[data-lang=ar]');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    await page.reload();
    await page.locator('h1', { hasText: 'قبول' }).waitFor();
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await screenshot(page, 'shell-home-ar');

    await page.click('button[data-lang=ckb]');
    await page.locator('h1', { hasText: 'قبوڵ' }).waitFor();
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ckb');
    await screenshot(page, 'shell-home-ckb');
  } finally {
    await phone.close();
    await server.stop();
  }
});

test('the service worker controls the page after one reload and opens it with the server stopped', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    const fetched = [];
    phone.context.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto(server.url + '/');
    await page.locator('h1', { hasText: 'Qabul' }).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    // A phone with no encrypted form never downloads the encryption module, nor caches it.
    assert.deepEqual(fetched.filter((p) => p.startsWith('/qabul-seal')), []);
    assert.deepEqual(await page.evaluate(cachesHoldingEncryption), []);
    await page.reload();
    await page.locator('h1', { hasText: 'Qabul' }).waitFor();
    const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
    assert.ok(controlled, 'the service worker should control the page after one reload');

    await server.stop('SIGKILL');
    const health = await page.evaluate((u) => fetch(u + '/healthz').then(() => 'up', () => 'down'), server.url);
    assert.equal(health, 'down', 'the server must really be gone');

    await page.reload();
    await page.locator('h1', { hasText: 'Qabul' }).waitFor({ timeout: 10_000 });
    await page.locator('[data-status=storage]').waitFor();
    await screenshot(page, 'shell-offline');
  } finally {
    await phone.close();
    await server.stop();
  }
});
