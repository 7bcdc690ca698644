// The app shell against the real server: renders on a phone, speaks Arabic right-to-left
// across a reload, and opens from the service worker when the server is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachesHoldingEncryption, dist, evictWorker, launchPhone, openApp, poll, screenshot, startServer } from './harness.mjs';

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
    // Settings names the build that serves the page, to tell whether an update took.
    const { build } = JSON.parse(readFileSync(join(dist, 'build.json'), 'utf8'));
    await page.click('nav.bottom-nav a[href="/settings"]');
    await page.waitForFunction((b) => document.querySelector('[data-app-version]')?.textContent.includes(`build: ${b}`), build.slice(0, 8));
    await page.locator('[data-app-version]').scrollIntoViewIfNeeded();
    await screenshot(page, 'shell-settings');
    await page.click('nav.bottom-nav a[href="/"]');
    await page.locator('[data-status=storage]').waitFor();

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

test('a phone with Qabul\'s data but no worker (its cache evicted) shows a loading screen in three languages, and a module that cannot arrive leaves a way to try again', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    // The app has run once (its database is there); then the browser dropped the worker and
    // its cache. Only the app can show this phone's drafts, so the boot script draws no first
    // screen of its own (first-screen.test.mjs): it says that the app is loading.
    await openApp(page, server.url + '/');
    await page.locator('[data-status=storage]').waitFor();
    await evictWorker(page);
    // Hold the app's module, as a 2G link does for seconds, then lose it, as a dropped link does.
    const held = [];
    await page.route(/\/qabul-pwa_bg\.[0-9a-f]+\.wasm$/, (route) => { held.push(route); });
    await page.reload({ waitUntil: 'domcontentloaded' });
    const loading = page.locator('#boot .boot-loading');
    await loading.waitFor();
    for (const [lang, text] of [['en', 'Loading…'], ['ar', 'جارٍ التحميل…'], ['ckb', 'بارکردن…']]) {
      assert.equal(await loading.locator(`[lang=${lang}]`).textContent(), text);
    }
    assert.equal(await loading.locator('[lang=ar]').evaluate((e) => getComputedStyle(e).direction), 'rtl');
    assert.equal(await page.locator('#boot .boot-failed').isVisible(), false);
    assert.equal(await page.locator('#boot [data-action=new-interview]').count(), 0);
    await screenshot(page, 'shell-loading');

    assert.ok(await poll(() => held.length > 0), 'the module was never asked for');
    for (const route of held.splice(0)) await route.abort('internetdisconnected');
    await page.unroute(/\/qabul-pwa_bg\.[0-9a-f]+\.wasm$/);
    const failed = page.locator('#boot .boot-failed[role=alert]');
    await failed.waitFor();
    assert.equal(await loading.isVisible(), false);
    assert.match(await failed.textContent(), /Check the connection/);
    assert.match(await failed.textContent(), /تحقّق من الاتصال/);
    const retry = failed.locator('button.boot-retry');
    const box = await retry.boundingBox();
    assert.ok(box.height >= 48, `the retry button is ${box.height}px high`);
    await screenshot(page, 'shell-could-not-start');

    // The link is back: one tap starts the app, and the loading screen is gone.
    await retry.click();
    await page.locator('h1', { hasText: 'Qabul' }).waitFor();
    await page.locator('[data-action=new-interview]').waitFor();
    assert.equal(await page.locator('#boot').count(), 0);
  } finally {
    await phone.close();
    await server.stop();
  }
});
