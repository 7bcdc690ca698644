// A phone's very first load: the boot script draws the home page and the interview's first
// screen while the app's module is still on its way (boot/first-screen.js), and the app takes
// what was chosen there over once it has started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evictWorker, launchPhone, openApp, poll, readStore, screenshot, startServer } from './harness.mjs';

const MODULE = /\/qabul-pwa_bg\.[0-9a-f]+\.wasm$/;

/** Holds the app's module back, as a 2G link does for seconds; returns the held requests. */
async function holdModule(page) {
  const held = [];
  await page.route(MODULE, (route) => { held.push(route); });
  return held;
}

async function release(page, held) {
  assert.ok(await poll(() => held.length > 0), 'the module was never asked for');
  for (const route of held.splice(0)) await route.continue();
  await page.unroute(MODULE);
}

/** Taps the boot screen's "New interview"; its first screen ignores taps for 350 ms, so that
 * a double tap cannot choose a governorate. */
async function newInterview(page) {
  await page.click('#boot [data-action=new-interview]');
  await page.locator('#boot fieldset[data-question=governorate]').waitFor();
  await page.waitForTimeout(400);
}

const pressed = (page, question) => page.locator(`#boot fieldset[data-question=${question}] [aria-pressed=true]`)
  .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-code')));
const codes = (page, question) => page.locator(`#boot fieldset[data-question=${question}] [data-code]`)
  .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-code')));

test('on a first load the first screen answers before the module has arrived, in Arabic, and the app takes the interview over', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    const held = await holdModule(page);
    await page.goto(server.url + '/', { waitUntil: 'domcontentloaded' });
    const start = page.locator('#boot [data-action=new-interview]');
    await start.waitFor();
    assert.equal(await page.locator('#boot .boot-loading').isVisible(), false);

    // The language first, as an enumerator in Mosul would: right-to-left, and kept for the app.
    await page.click('#boot button[data-lang=ar]');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl' && document.documentElement.lang === 'ar');
    assert.equal(await start.textContent(), 'مقابلة جديدة');
    // Every interview on a phone not enrolled is practice, and is never sent: it says so.
    assert.match(await page.locator('#boot .notice.practice').textContent(), /تدريب/);
    // A double tap: the second tap lands where a governorate now is, and chooses nothing.
    await page.evaluate(() => {
      document.querySelector('#boot [data-action=new-interview]').click();
      document.querySelector('#boot [data-question=governorate] [data-code=anbar]').click();
    });
    const governorate = page.locator('#boot fieldset[data-question=governorate]');
    assert.deepEqual(await pressed(page, 'governorate'), []);
    await page.waitForTimeout(400);
    assert.match(await governorate.locator('legend').textContent(), /المحافظة/);
    for (const button of await governorate.locator('[data-code]').all()) {
      const box = await button.boundingBox();
      assert.ok(box.height >= 48, `a choice is ${box.height}px high`);
    }
    // Nothing says "saved": nothing is, until the app has written the draft.
    assert.equal(await page.locator('[data-save]').count(), 0);
    assert.match(await page.locator('#boot main.survey .notice').textContent(), /ما زال قبول قيد التشغيل/);
    assert.ok(await page.locator('#boot [data-action=next]').isDisabled());
    // The interview's language starts as the interface's, as the app's own interviews do.
    assert.deepEqual(await pressed(page, 'interview_language'), ['ar']);

    // The districts follow the governorate, as the form's choice filter says.
    await governorate.locator('[data-code=anbar]').click();
    assert.deepEqual(await codes(page, 'district'), ['ramadi', 'falluja', 'hit', 'haditha', 'ana', 'rawa', 'al_qaim', 'rutba']);
    await page.click('#boot fieldset[data-question=district] [data-code=ramadi]');
    await governorate.locator('[data-code=kirkuk]').click();
    assert.deepEqual(await codes(page, 'district'), ['kirkuk', 'hawija', 'daquq', 'dibis']);
    assert.deepEqual(await pressed(page, 'district'), [], 'a district of another governorate is dropped');
    await page.click('#boot fieldset[data-question=district] [data-code=hawija]');
    assert.deepEqual(await pressed(page, 'governorate'), ['kirkuk']);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the first screen is ${width}px wide`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'first-screen-ar');

    // The module arrives: the app writes the draft and shows the same screen, answers and all.
    await release(page, held);
    await page.locator('#boot').waitFor({ state: 'detached', timeout: 30_000 });
    const runner = page.locator('main.survey');
    await runner.locator('fieldset[data-question=district] [data-code=hawija][aria-pressed=true]').waitFor();
    assert.equal(await runner.locator('fieldset[data-question=governorate] [data-code=kirkuk]').getAttribute('aria-pressed'), 'true');
    assert.equal(await runner.locator('fieldset[data-question=interview_language] [data-code=ar]').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    const drafts = await readStore(page, 'drafts');
    assert.equal(drafts.length, 1, 'one interview, one draft');
    const [draft] = drafts;
    assert.equal(draft.practice, true);
    assert.equal(draft.language, 'ar');
    assert.deepEqual(draft.answers, { governorate: 'kirkuk', district: 'hawija', interview_language: 'ar' });
    assert.equal(await page.evaluate(() => localStorage.getItem('qabul.first')), null, 'the kept choices go once the draft holds them');
    // And the interview goes on in the app.
    await page.click('[data-action=next]');
    await page.locator('fieldset[data-question=consent]').waitFor();
  } finally {
    await phone.close();
    await server.stop();
  }
});

test('choices made before a module that could not arrive are there after "Try again"', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    const held = await holdModule(page);
    await page.goto(server.url + '/', { waitUntil: 'domcontentloaded' });
    await newInterview(page);
    await page.click('#boot fieldset[data-question=governorate] [data-code=ninewa]');
    await page.click('#boot fieldset[data-question=district] [data-code=sinjar]');

    // The link drops: the screen says so, and keeps the choices on it.
    assert.ok(await poll(() => held.length > 0), 'the module was never asked for');
    for (const route of held.splice(0)) await route.abort('internetdisconnected');
    const failed = page.locator('#boot .boot-failed');
    await failed.waitFor();
    assert.match(await failed.textContent(), /Check the connection/);
    // Said where the enumerator is looking, not at the top of a screen scrolled past.
    assert.ok(await failed.evaluate((e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }), 'the message is on screen');
    assert.deepEqual(await pressed(page, 'district'), ['sinjar']);
    await screenshot(page, 'first-screen-could-not-start');

    // Still held on the retry, so that the drawn screen can be checked; then let through.
    await failed.locator('button.boot-retry').click();
    await page.locator('#boot fieldset[data-question=district] [data-code=sinjar][aria-pressed=true]').waitFor();
    assert.deepEqual(await pressed(page, 'governorate'), ['ninewa']);
    await release(page, held);
    await page.locator('#boot').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('main.survey fieldset[data-question=district] [data-code=sinjar][aria-pressed=true]').waitFor();
    const drafts = await readStore(page, 'drafts');
    assert.equal(drafts.length, 1, 'one interview, one draft');
    const [draft] = drafts;
    assert.deepEqual(draft.answers, { governorate: 'ninewa', district: 'sinjar', interview_language: 'en' });
  } finally {
    await phone.close();
    await server.stop();
  }
});

test('a phone that has run the app draws no first screen of its own', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    // The app's own home, once: a draft, so that the phone has something only the app can show.
    await openApp(page, server.url + '/');
    await page.click('[data-action=new-interview]');
    await page.locator('main.survey fieldset[data-question=governorate]').waitFor();
    await evictWorker(page);
    const held = await holdModule(page);
    await page.goto(server.url + '/', { waitUntil: 'domcontentloaded' });
    // The boot script has looked at the phone's databases and found Qabul's.
    await page.locator('#boot[data-phone=known] .boot-loading').waitFor();
    assert.equal(await page.locator('#boot [data-action=new-interview]').count(), 0);
    assert.equal(await page.locator('#boot .boot-loading').isVisible(), true);
    await release(page, held);
    await page.locator('#boot').waitFor({ state: 'detached', timeout: 30_000 });
    await page.locator('.draft-list [data-draft]').waitFor();
  } finally {
    await phone.close();
    await server.stop();
  }
});
