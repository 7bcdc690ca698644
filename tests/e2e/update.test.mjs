// A new build reaches a phone without interrupting an interview: it installs in the
// background, "update ready" appears only away from the interview, and applying it keeps
// every draft.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachesHoldingEncryption, dist, launchPhone, openApp, poll, readStore, screenshot, startServer } from './harness.mjs';
import { answer } from './interview.mjs';

test('a new build shows "update ready" only off the interview and keeps the drafts', async () => {
  const next = mkdtempSync(join(tmpdir(), 'qabul-next-build-'));
  cpSync(dist, next, { recursive: true });
  const sw = readFileSync(join(next, 'sw.js'), 'utf8');
  // Another build: same files, another build id (and so another cache name).
  const { build } = JSON.parse(readFileSync(join(next, 'build.json'), 'utf8'));
  assert.ok(sw.includes(build), 'the worker names its build');
  writeFileSync(join(next, 'sw.js'), sw.replaceAll(build, `next${build}`));

  let server = await startServer();
  const port = new URL(server.url).port;
  const phone = await launchPhone();
  try {
    const { page } = phone;
    await openApp(page, server.url + '/');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.locator('[data-action=new-interview]').click();
    await page.locator('main.survey .screen').waitFor();
    await answer(page, 'governorate', 'anbar');
    const interviewUrl = page.url();

    await server.stop();
    server = await startServer({ dir: server.dir, port, staticDir: next });
    // The browser checks for a new worker on navigation; the interview stays on screen.
    await page.reload();
    await page.locator('main.survey .screen').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.getRegistration().then((r) => r && r.waiting !== null));
    assert.equal(await page.locator('.update-banner').count(), 0, 'never offered on an interview screen');
    // Only now does this phone first use an encrypted form: the page asks every worker it has
    // to keep the encryption module (as `browser::keep_encryption_module` does), and the
    // waiting build keeps its own, so that applying the update offline leaves it one.
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => {
      for (const worker of [r.active, r.waiting, r.installing]) if (worker) worker.postMessage({ type: 'qabul-keep-seal' });
    }));
    assert.ok(await poll(() => page.evaluate(cachesHoldingEncryption).then((names) => names.some((n) => n.startsWith('qabul-shell-next')))));
    await phone.context.setOffline(true);

    await page.locator('[data-action=save-exit]').click();
    await page.locator('.update-banner').waitFor();
    await screenshot(page, 'update-ready-en');
    await Promise.all([page.waitForEvent('load'), page.click('[data-action=apply-update]')]);
    await page.locator('[data-action=new-interview]').waitFor();
    const build = await page.evaluate(() => caches.keys());
    assert.ok(build.some((name) => name.startsWith('qabul-shell-next')), `caches: ${build}`);
    const holding = await page.evaluate(cachesHoldingEncryption);
    assert.ok(holding.some((name) => name.startsWith('qabul-shell-next')), `the new build keeps the encryption module: ${holding}`);
    const drafts = await readStore(page, 'drafts');
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0].answers.governorate, 'anbar');
    await page.goto(interviewUrl);
    await page.locator('[data-question=governorate] [data-code=anbar][aria-pressed=true]').waitFor();
  } finally {
    await phone.close();
    await server.stop();
    rmSync(next, { recursive: true, force: true });
  }
});
