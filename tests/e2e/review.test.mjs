// The supervisor's review pages against the real server: the first supervisor's password as
// `qabul serve` prints it, a refused and an accepted sign-in, an enumerator created with its
// enrolment link and QR code, the link opened on a phone, and the enumerator revoked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchPhone, screenshot, startServer } from './harness.mjs';

function firstPassword(server) {
  const m = server.logs().match(/First supervisor: `admin`, password: (\S+)/);
  assert.ok(m, `no first-supervisor line in: ${server.logs()}`);
  return m[1];
}

async function signIn(page, name, password) {
  await page.fill('#supervisor-name', name);
  await page.fill('#supervisor-password', password);
  await page.click('[data-action=sign-in]');
}

test('a supervisor signs in, creates an enumerator whose link enrols a phone, and revokes them', async () => {
  const server = await startServer();
  const desk = await launchPhone({ viewport: { width: 1280, height: 800 } });
  const phone = await launchPhone();
  try {
    const { page } = desk;
    const password = firstPassword(server);
    await page.goto(server.url + '/review');
    await page.locator('#supervisor-name').waitFor();
    assert.equal(await page.locator('nav.bottom-nav').isVisible(), false, 'no phone navigation on review pages');

    await signIn(page, 'admin', 'not the right password');
    await page.locator('.login .error').waitFor();
    assert.match(await page.locator('.login .error').innerText(), /wrong/);

    await signIn(page, 'admin', password);
    await page.locator('[data-signed-in=admin]').waitFor();
    const cookies = await desk.context.cookies();
    const session = cookies.find((c) => c.name === 'qabul_session');
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(session.sameSite, 'Strict');

    await page.fill('#enumerator-name', 'Sara');
    await page.click('[data-action=create-enumerator]');
    const card = page.locator('[data-enrolment-for=Sara]');
    await card.waitFor();
    const url = await card.locator('[data-enrolment-url]').getAttribute('data-enrolment-url');
    assert.ok(url.startsWith(server.url + '/enroll#code='), url);
    await page.waitForFunction(() => document.querySelector('.enrolment-link img.qr')?.naturalWidth > 0);
    await screenshot(page, 'review-enumerator-link-1280');
    await page.setViewportSize({ width: 360, height: 740 });
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'review-enumerator-link-360');

    // The link, opened on the phone, enrols it.
    await phone.page.goto(url);
    await phone.page.locator('[data-enrolled=true]').waitFor();

    // The supervisor sees the phone, in Arabic, right to left.
    await page.click('.lang-switch button[lang=ar]');
    await page.reload();
    const sara = page.locator('[data-enumerator=Sara]');
    await sara.waitFor();
    assert.match(await sara.innerText(), /الهواتف: 1/);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await screenshot(page, 'review-enumerators-ar-360');

    await sara.locator('[data-action=revoke]').click();
    await sara.locator('[data-action=confirm-revoke]').click();
    await page.locator('[data-enumerator=Sara][data-active=false]').waitFor();

    await page.click('[data-action=sign-out]');
    await page.locator('#supervisor-name').waitFor();
    const after = await page.evaluate(() => fetch('/api/review/me').then((r) => r.status));
    assert.equal(after, 401);
  } finally {
    await desk.close();
    await phone.close();
    await server.stop();
  }
});
