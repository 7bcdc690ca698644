// The enumerator's day against the real server and Debian's Chromium at 360x740: whole
// interviews in English and Arabic with skip logic, resume after a reload, a browser killed
// right after "saved", a refusal, and a whole interview with the server gone and no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchKillablePhone, launchPhone, openApp, readStore, screenshot, startServer } from './harness.mjs';
import { FULL_INTERVIEW, answer, expectedAnswers, finish, reach } from './interview.mjs';

async function newInterview(page) {
  await page.locator('[data-action=new-interview]').click();
  await page.locator('main.survey .screen').waitFor();
  // The app's bottom navigation would cover Back and Next; the interview has "Save and exit".
  assert.equal(await page.locator('nav.bottom-nav').isVisible(), false, 'no bottom navigation during an interview');
}

/** Skip logic, visible, checked before `name` is answered: a follow-up appears only once the
 * answer it depends on is given. */
async function checkSkips(page, name) {
  if (name === 'aware_returns') {
    await reach(page, name);
    assert.ok(!(await page.locator('fieldset[data-question=reception]').isVisible()), 'reception shows before it should');
  }
  if (name === 'change_view') {
    assert.ok(await page.locator('fieldset[data-question=change_view]').isVisible());
  }
  if (name === 'reintegration_view') {
    await reach(page, name);
    assert.ok(!(await page.locator('fieldset[data-question=change_view]').isVisible()), 'change_view shows before it should');
  }
}

async function runFullInterview(page, { typed = {}, shots = {} } = {}) {
  for (const [name, value] of FULL_INTERVIEW) {
    await checkSkips(page, name);
    await answer(page, name, typed[name] ?? value);
    if (shots[name]) await screenshot(page, shots[name]);
  }
  assert.equal(await finish(page), 'review');
}

async function finalizeFromReview(page) {
  await page.click('[data-action=finalize]');
  await page.locator('[data-done=true]').waitFor();
}

test('a full interview in English ends in the outbox with the answers exactly as entered', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    await openApp(page, server.url + '/');
    await screenshot(page, 'enumerator-home-en');
    await newInterview(page);
    await runFullInterview(page);
    await screenshot(page, 'enumerator-review-en');
    await finalizeFromReview(page);
    const outbox = await readStore(page, 'outbox');
    assert.equal(outbox.length, 1);
    const [entry] = outbox;
    assert.equal(entry.state, 'practice');
    assert.equal(entry.outcome, 'completed');
    assert.equal(entry.submission.form_id, 'community_acceptance');
    assert.equal(entry.submission.language, 'en');
    assert.deepEqual(entry.submission.answers, expectedAnswers('en'));
    assert.ok(Object.keys(entry.submission.paradata.question_ms).includes('age'));
    assert.deepEqual(await readStore(page, 'drafts'), [], 'the draft leaves with finalizing');
    // Regression: switching the language on the closing page wrote the finalized interview
    // back as a draft, which could never be finalized again.
    await page.click('.lang-switch button[lang=ar]');
    await page.locator('html[dir=rtl]').waitFor({ state: 'attached' });
    await page.click('.lang-switch button[lang=en]');
    await page.waitForTimeout(300);
    assert.deepEqual(await readStore(page, 'drafts'), [], 'a language switch after finalizing brings no draft back');
    await page.goto(server.url + '/outbox');
    await page.locator('.outbox-entry[data-state=practice]').waitFor();
  } finally {
    await phone.close();
    await server.stop();
  }
});

test('an Arabic interview takes Eastern Arabic digits and resumes on the same screen after a reload', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    await openApp(page, server.url + '/');
    await page.click('button[data-lang=ar]');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await screenshot(page, 'enumerator-home-ar');
    await newInterview(page);
    const half = FULL_INTERVIEW.findIndex(([n]) => n === 'sd_school');
    const typed = { age: '٤١', years_in_area: '۲۰' };
    for (const [name, value] of FULL_INTERVIEW.slice(0, half)) {
      await checkSkips(page, name);
      await answer(page, name, typed[name] ?? value);
      if (name === 'reception') await screenshot(page, 'enumerator-scale-ar');
    }
    const screen = await page.locator('.screen').getAttribute('data-screen');
    await page.reload();
    await page.locator('main.survey .screen').waitFor();
    assert.equal(await page.locator('.screen').getAttribute('data-screen'), screen, 'resumes on the same screen');
    // Every answer given on that screen is back.
    let shown = 0;
    for (const [name, value] of FULL_INTERVIEW.slice(0, half)) {
      const question = page.locator(`fieldset[data-question="${name}"]:not(.hidden)`);
      if (!(await question.isVisible())) continue;
      shown++;
      if (await question.locator('[data-code]').count() > 0) {
        for (const code of [value].flat()) {
          assert.equal(await question.locator(`[data-code="${code}"]`).getAttribute('aria-pressed'), 'true', `${name} after the reload`);
        }
      } else {
        assert.equal(await question.locator('input, textarea').first().inputValue(), typed[name] ?? value, `${name} after the reload`);
      }
    }
    assert.ok(shown >= 2, `the answers of the screen were checked (${shown})`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    for (const [name, value] of FULL_INTERVIEW.slice(half)) {
      await checkSkips(page, name);
      await answer(page, name, value);
    }
    assert.equal(await finish(page), 'review');
    await screenshot(page, 'enumerator-review-ar');
    await finalizeFromReview(page);
    const [entry] = await readStore(page, 'outbox');
    assert.equal(entry.submission.language, 'ar');
    assert.deepEqual(entry.submission.answers, expectedAnswers('ar'));
  } finally {
    await phone.close();
    await server.stop();
  }
});

test('an answer that showed "saved" survives the browser being killed', async () => {
  const server = await startServer();
  const profile = mkdtempSync(join(tmpdir(), 'qabul-kill-'));
  let phone = await launchKillablePhone(profile);
  try {
    await openApp(phone.page, server.url + '/');
    await newInterview(phone.page);
    await answer(phone.page, 'governorate', 'ninewa');
    await answer(phone.page, 'district', 'sinjar');
    // A number typed but never left: it is saved after a pause in typing, not only when the
    // field is left, which a killed app never does.
    await answer(phone.page, 'consent', 'yes');
    const age = (await reach(phone.page, 'age')).locator('input');
    await age.click();
    await age.pressSequentially('41');
    for (let i = 0; ; i++) {
      const [draft] = await readStore(phone.page, 'drafts');
      if (draft?.answers?.age === 41) break;
      assert.ok(i < 100, 'the typed number reaches the draft within 10 s');
      await phone.page.waitForTimeout(100);
    }
    await phone.page.locator('[data-save=saved]').waitFor();
    assert.ok(await age.evaluate((el) => el === document.activeElement), 'the field was never left');
    const url = phone.page.url();
    await phone.kill();

    phone = await launchKillablePhone(profile);
    await phone.page.goto(url);
    await phone.page.locator('main.survey .screen').waitFor();
    // Back on the screen it was left on, the typed number in its field.
    assert.equal(await phone.page.locator('[data-question=age] input').inputValue(), '41');
    const [draft] = await readStore(phone.page, 'drafts');
    assert.equal(draft.answers.governorate, 'ninewa');
    assert.equal(draft.answers.district, 'sinjar');
    assert.equal(draft.answers.age, 41);
  } finally {
    await phone.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('consent "no" ends kindly and records a refusal with no other answer', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    await openApp(page, server.url + '/');
    await newInterview(page);
    await answer(page, 'governorate', 'kirkuk');
    await answer(page, 'district', 'hawija');
    await answer(page, 'consent', 'no');
    assert.equal(await finish(page), 'ended(refused)');
    await page.locator('.ended[data-outcome=refused]').waitFor();
    await screenshot(page, 'enumerator-refused-en');
    await page.click('[data-action=finalize]');
    await page.locator('[data-done=true]').waitFor();
    const [entry] = await readStore(page, 'outbox');
    assert.equal(entry.outcome, 'refused');
    assert.equal(entry.submission.answers.consent, 'no');
    assert.equal(entry.submission.answers.age, undefined);
  } finally {
    await phone.close();
    await server.stop();
  }
});

test('with the server stopped and the network off, the app opens and a whole interview is done', async () => {
  const server = await startServer();
  const phone = await launchPhone();
  try {
    const { page, context } = phone;
    await openApp(page, server.url + '/');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await server.stop('SIGKILL');
    await context.setOffline(true);
    await page.reload();
    await page.locator('[data-status=network][data-value=offline]').waitFor();
    await newInterview(page);
    // An error state, for the screenshots: Next with nothing answered.
    await page.click('[data-action=next]');
    await page.locator('.form-error:not(.hidden)').waitFor();
    await screenshot(page, 'enumerator-error-en');
    await runFullInterview(page);
    await finalizeFromReview(page);
    const outbox = await readStore(page, 'outbox');
    assert.equal(outbox.length, 1);
    assert.deepEqual(outbox[0].submission.answers, expectedAnswers('en'));
  } finally {
    await phone.close();
    await server.stop();
  }
});

