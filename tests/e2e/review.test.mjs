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
    await screenshot(page, 'review-signin-wrong-1280');

    await signIn(page, 'admin', password);
    await page.locator('[data-signed-in=admin]').waitFor();
    const cookies = await desk.context.cookies();
    const session = cookies.find((c) => c.name === 'qabul_session');
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(session.sameSite, 'Strict');

    await page.click('[data-tab=enumerators]');
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
    await page.click('[data-tab=enumerators]');
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

test('on seeded data a supervisor filters by district, reads a submission in Arabic, approves it and downloads the CSV', async () => {
  const server = await startServer();
  const desk = await launchPhone({ viewport: { width: 1280, height: 800 } });
  try {
    const { page } = desk;
    const { qabul } = await import('./harness.mjs');
    await qabul(server, 'seed', '--demo', '300');
    await page.goto(server.url + '/review');
    await signIn(page, 'admin', firstPassword(server));
    await page.locator('[data-total="300"]').waitFor();

    // Filter by district: the count follows, and every row is from there.
    await page.selectOption('[data-filter=district]', 'mosul');
    await page.waitForFunction(() => document.querySelector('[data-total]')?.getAttribute('data-total') !== '300');
    const total = Number(await page.locator('[data-total]').getAttribute('data-total'));
    assert.ok(total > 5 && total < 300, `${total}`);
    const districts = await page.locator('tr[data-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-district')));
    assert.ok(districts.length > 0 && districts.every((d) => d === 'mosul'), districts.join());
    await screenshot(page, 'review-table-1280');
    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, 'review-table-360');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The CSV of what is shown, parsed.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-csv]')]);
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split('\r\n');
    const header = lines[0].split(',');
    assert.ok(header.includes('district') && header.includes('change_view/screening'));
    assert.equal(lines.length - 1, total, 'one record per submission shown');

    // A submission in Arabic, approved with a comment; the history keeps it.
    await page.click('.lang-switch button[lang=ar]');
    await page.locator('tr[data-id]').first().click();
    const detail = page.locator('[data-detail]');
    await detail.waitFor();
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.match(await page.locator('.answer[data-question=district] dt').innerText(), /[\u0600-\u06FF]/, 'question labels in Arabic');
    assert.match(await page.locator('.answer[data-question=district] dd').innerText(), /\[mosul\]/, 'the code beside the label');
    await page.fill('#review-comment', 'راجعتها مع قائد الفريق');
    await page.click('[data-decide=approved]');
    await page.locator('[data-detail][data-review=approved]').waitFor();
    assert.match(await page.locator('.history li[data-status=approved]').innerText(), /راجعتها مع قائد الفريق/);
    assert.match(await page.locator('.history li[data-status=approved]').innerText(), /admin/);
    await screenshot(page, 'review-detail-ar-1280');
    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, 'review-detail-ar-360');

    // The dashboard, for the same district.
    await page.click('[data-tab=dashboard]');
    await page.locator('[data-dashboard]').waitFor();
    assert.equal(Number(await page.locator('[data-dashboard]').getAttribute('data-dashboard')), total);
    await screenshot(page, 'review-dashboard-ar-360');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.click('.lang-switch button[lang=en]');
    await page.click('[data-tab=submissions]');
    await page.selectOption('[data-filter=district]', '');
    await page.click('[data-tab=dashboard]');
    await page.locator('[data-dashboard="300"]').waitFor();
    assert.ok(await page.locator('[data-suppressed=true]').count() > 0, 'small groups are shown as suppressed');
    assert.ok(await page.locator('[data-counts=district] li').count() > 5, 'counts by district');
    await screenshot(page, 'review-dashboard-1280');

    // Quality flags: the filter gives what the server counts, each row wearing its badge;
    // the same set downloads as XLSX.
    await page.click('[data-tab=submissions]');
    await page.locator('[data-total="300"]').waitFor();
    const flagged = await page.evaluate(() => fetch('/api/review/submissions?flag=burst').then((r) => r.json()));
    await page.click('.more-filters > summary');
    await page.selectOption('[data-filter=flag]', 'burst');
    await page.locator(`[data-total="${flagged.total}"]`).waitFor();
    const badges = await page.locator('tr[data-id]').evaluateAll((rows) => rows.map((r) => !!r.querySelector('[data-flag=burst]')));
    assert.ok(badges.every(Boolean), 'every row shown carries the flag');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-xlsx]')]);
    assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
    assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK', 'a zip archive');
  } finally {
    await desk.close();
    await server.stop();
  }
});
