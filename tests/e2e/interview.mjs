// Driving the interview runner the way an enumerator does: tap choices, type numbers, Next.
import assert from 'node:assert/strict';
import { openApp } from './harness.mjs';

/** Waits until the save indicator says the latest change is on disk. */
export async function saved(page) {
  await page.locator('[data-save=saved]').waitFor({ timeout: 10_000 });
}

/** Opens the app on the server at `url` and starts a new interview, up to its first question. */
export async function startInterview(page, url) {
  await openApp(page, url + '/');
  await page.locator('[data-action=new-interview]').click();
  await page.locator('fieldset[data-question=governorate]').waitFor();
}

/** Presses Next until the question `name` is on screen. */
export async function reach(page, name) {
  const question = page.locator(`fieldset[data-question="${name}"]:not(.hidden)`);
  for (let i = 0; i < 20 && !(await question.isVisible()); i++) {
    const before = await page.locator('.screen').getAttribute('data-screen');
    await page.click('[data-action=next]');
    await page.waitForFunction((b) => {
      const s = document.querySelector('.screen');
      return !s || s.getAttribute('data-screen') !== b || document.querySelector('.form-error:not(.hidden)');
    }, before);
    const blocked = await page.locator('.form-error:not(.hidden)').isVisible();
    assert.ok(!blocked, `Next was refused before ${name}: ${await page.locator('.error:not(:empty)').allTextContents()}`);
  }
  await question.waitFor({ timeout: 5_000 });
  return question;
}

/** Answers `name` with `value`, pressing Next until the question is on screen. */
export async function answer(page, name, value) {
  const question = await reach(page, name);
  const values = Array.isArray(value) ? value : [value];
  if (await question.locator('[data-code]').count() > 0) {
    for (const code of values) {
      const button = question.locator(`[data-code="${code}"]`);
      if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
      await page.waitForFunction(([q, c]) => document.querySelector(`fieldset[data-question="${q}"] [data-code="${c}"]`)?.getAttribute('aria-pressed') === 'true', [name, code]);
    }
  } else {
    const field = question.locator('input, textarea').first();
    await field.fill(String(value));
    await field.blur();
  }
  await saved(page);
}

/** Presses Next until the runner leaves the questions (review or closing page). */
export async function finish(page) {
  for (let i = 0; i < 20; i++) {
    const phase = await page.locator('main.survey').getAttribute('data-phase');
    if (phase !== 'questions') return phase;
    await page.click('[data-action=next]');
    await page.waitForTimeout(50);
  }
  throw new Error('the interview never ended');
}

/** The full interview of the built-in form, in form order, with every skip opened. */
export const FULL_INTERVIEW = [
  ['governorate', 'anbar'], ['district', 'ramadi'], ['consent', 'yes'],
  ['age', '41'], ['sex', 'female'], ['status', 'host'], ['years_in_area', '20'],
  ['aware_returns', 'yes'], ['reception', '4'],
  ['sd_neighbour', '5'], ['sd_coworker', '5'], ['sd_school', '4'], ['sd_shop', '4'],
  ['sd_social_events', '5'], ['sd_meetings', '5'], ['sd_marriage', '3'],
  ['threat_security', '2'], ['threat_extremism', '1'], ['threat_jobs', '2'], ['threat_property', '1'],
  ['trust_screening', '4'], ['trust_committees', 'dk'],
  ['reintegration_view', '4'], ['change_view', ['screening', 'peace_agreement']],
  ['women_children', 'no'], ['hlp_disputes', 'yes'], ['hlp_kind', ['occupation']],
  ['services', '3'], ['aid_fairness', '2'], ['campaign_heard', 'yes'], ['campaign_effect', 'more_accepting'],
  ['comment', 'Community dialogue helped.'], ['others_present', 'no'],
];

/** What the outbox must hold for FULL_INTERVIEW: numbers as numbers, choices as codes. */
export function expectedAnswers(uiLanguage, digits = (s) => s) {
  const out = {};
  for (const [name, value] of FULL_INTERVIEW) {
    out[name] = ['age', 'years_in_area'].includes(name) ? Number(value) : value;
  }
  out.interview_language = uiLanguage;
  void digits;
  return out;
}
