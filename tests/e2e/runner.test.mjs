// The interview runner keeps what each field on the screen holds while other answers are
// given (an answer redraws only what depends on it, never the whole screen), and what is
// typed survives leaving the page in the middle of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchPhone, openApp, readStore, screenshot, startServer } from './harness.mjs';
import { FULL_INTERVIEW, answer, finish, reach, saved, startInterview } from './interview.mjs';

test('answering redraws no field: a typed number keeps its focus once saved, a refused location keeps its message', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page, context } = phone;
    await startInterview(page, server.url);

    // The location is refused; then another question on the same screen is answered.
    await context.clearPermissions();
    const location = page.locator('fieldset[data-question=location]');
    await location.locator('.geopoint button.secondary').click();
    const refused = location.locator('.geopoint .error');
    await page.waitForFunction(() => document.querySelector('fieldset[data-question=location] .geopoint .error')?.textContent.length > 0);
    const message = await refused.textContent();
    await page.click('fieldset[data-question=governorate] [data-code=anbar]');
    await saved(page);
    assert.equal(await refused.textContent(), message, 'the refused location\'s message went away when governorate was answered');
    await screenshot(page, 'runner-location-refused');

    await answer(page, 'district', 'ramadi');
    await answer(page, 'consent', 'yes');
    const age = (await reach(page, 'age')).locator('input');
    await age.evaluate((e) => { e.dataset.typedInto = 'yes'; });
    await age.click();
    await page.keyboard.type('4');
    // A pause in typing (600 ms) saves "4"; the enumerator, still in the field, types on.
    await page.waitForTimeout(1_000);
    await saved(page);
    const focused = await page.evaluate(() => document.activeElement?.dataset.typedInto ?? document.activeElement?.tagName);
    assert.equal(focused, 'yes', 'the field being typed into was replaced or lost its focus when its answer was saved');
    await page.keyboard.type('5');
    await age.blur();
    await saved(page);
    assert.equal(await age.inputValue(), '45');
  } finally {
    await phone.close();
    await server.stop();
  }
});

test('a double tap starts one interview; Back while typing keeps what was typed and does not crash the app', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    // A panic aborts the module: the app would be dead until a reload.
    const crashes = [];
    page.on('pageerror', (e) => crashes.push(e.message));
    await openApp(page, server.url + '/');
    await page.locator('[data-action=new-interview]').waitFor();
    // Two taps in a row on a slow phone: the second a frame after the first, once the first
    // has begun and before its draft is written.
    const cdp = await phone.context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.evaluate(() => new Promise((ok) => {
      const button = document.querySelector('[data-action=new-interview]');
      button.click();
      requestAnimationFrame(() => { button.click(); ok(); });
    }));
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.locator('fieldset[data-question=governorate]').waitFor();
    assert.equal((await readStore(page, 'drafts')).length, 1, 'a double tap started two interviews');

    await answer(page, 'governorate', 'anbar');
    await answer(page, 'district', 'ramadi');
    await answer(page, 'consent', 'yes');
    const age = (await reach(page, 'age')).locator('input');
    await age.click();
    await page.keyboard.type('45');
    assert.equal(await page.locator('.save-status').getAttribute('data-save'), 'saving', 'typed, not yet written, yet the status says so');
    // Android's Back, before the pause in typing is over.
    await page.goBack();
    await page.locator('[data-action=new-interview]').waitFor();
    const [draft] = await readStore(page, 'drafts');
    assert.equal(draft.answers.age, 45, `the age typed before Back was lost: ${JSON.stringify(draft.answers)}`);
    assert.deepEqual(crashes, [], 'leaving the interview with a field focused crashed the app');
    // The app still works: the draft opens again with the age in its field.
    await page.locator('[data-draft] [data-action=continue]').click();
    await page.locator('fieldset[data-question=age] input').waitFor();
    assert.equal(await page.locator('fieldset[data-question=age] input').inputValue(), '45');
  } finally {
    await phone.close();
    await server.stop();
  }
});

test('a review link opens its question with a way straight back; a reopened review goes Back to the last screen', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    await startInterview(page, server.url);
    for (const [name, value] of FULL_INTERVIEW) await answer(page, name, value);
    assert.equal(await finish(page), 'review');

    // The location was left out: listed, as optional, not as an error.
    const location = page.locator('.review-item[data-question=location]');
    assert.equal(await location.locator('.review-note.problem').count(), 0, 'an optional question is shown as an error');
    await screenshot(page, 'runner-review-optional');
    await location.click();
    await page.locator('fieldset[data-question=location]').waitFor();
    assert.equal(await page.locator('.form-error:not(.hidden)').count(), 0, 'nothing is wrong with an optional question left out');
    const back = page.locator('[data-action=to-review]');
    assert.ok((await back.boundingBox()).height >= 48);
    await back.click();
    await page.locator('main.survey[data-phase=review]').waitFor();

    // Reopened on the review after a reload, Back goes to the last screen of questions.
    const lastScreen = await page.evaluate(async () => {
      const open = await new Promise((ok) => { const r = indexedDB.open('qabul'); r.onsuccess = () => ok(r.result); });
      const drafts = await new Promise((ok) => { const r = open.transaction('drafts').objectStore('drafts').getAll(); r.onsuccess = () => ok(r.result); });
      open.close();
      return drafts[0].screen;
    });
    await page.reload();
    await page.locator('main.survey[data-phase=review]').waitFor();
    await page.locator('.survey-nav button.secondary').click();
    await page.locator('main.survey[data-phase=questions]').waitFor();
    assert.equal(Number(await page.locator('.screen').getAttribute('data-screen')), lastScreen);
  } finally {
    await phone.close();
    await server.stop();
  }
});
