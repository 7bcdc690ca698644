// An encrypted form end to end: `qabul keygen` and `qabul form publish`, a phone enrolled
// afterwards seals every interview at finalize, the server stores sealed bytes it cannot
// read, and the supervisor reads them only after loading the private key into the review
// page; a wrong key gives a clear error and shows nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { cachesHoldingEncryption, distTest, launchPhone, openApp, poll, qabul, queryRows, readStore, screenshot, startServer } from './harness.mjs';
import { FULL_INTERVIEW, answer, finish } from './interview.mjs';

const CANARY = 'canary-Q7vX2-sealed';

/** The text of the entry `name` of the zip archive `zip` (stored or deflated), found through
 * its central directory, which holds the sizes a streamed local header leaves out. */
function zipEntry(zip, name) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'the archive has its end record');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (zip.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + skip;
  }
  throw new Error(`no ${name} in the archive`);
}

/** Files under `dir` whose bytes contain `needle` (as UTF-8). */
function filesContaining(dir, needle) {
  const hits = [];
  const bytes = Buffer.from(needle, 'utf8');
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && readFileSync(path).includes(bytes)) hits.push(path);
    }
  };
  walk(dir);
  return hits;
}

function firstPassword(server) {
  const m = server.logs().match(/First supervisor: `admin`, password: (\S+)/);
  assert.ok(m, `no first-supervisor line in: ${server.logs()}`);
  return m[1];
}

test('interviews of a keyed form travel sealed and open only in the supervisor\'s page with the key', async () => {
  const server = await startServer({ staticDir: distTest });
  const phone = await launchPhone();
  const desk = await launchPhone({ viewport: { width: 1280, height: 800 } });
  try {
    // The phone enrols first; the key is published afterwards and reaches it with its next
    // signal, as it would in the field.
    const { page } = phone;
    const { url } = JSON.parse(await qabul(server, 'enumerator', 'add', 'Amira', '--json', '--base-url', server.url));
    await page.goto(url);
    await page.locator('[data-enrolled=true]').waitFor();
    const keyFile = join(server.dir, 'private-key.txt');
    const keygen = await qabul(server, 'keygen', '--output', keyFile);
    const publicKey = keygen.match(/Public key: (\S+)/)[1];
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    await qabul(server, 'form', 'publish', '--version', '2', '--public-key', publicKey);
    await openApp(page, server.url + '/');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    for (let i = 0; i < 60 && !(await readStore(page, 'forms')).some((f) => f.public_key === publicKey); i++) {
      await new Promise((ok) => setTimeout(ok, 250));
    }
    assert.ok((await readStore(page, 'forms')).some((f) => f.version === '2' && f.public_key === publicKey), 'the keyed version reached the phone');

    // Its interviews need a PIN: chosen at the first one, asked again after a restart, and a
    // wrong one says how many tries are left.
    await page.click('[data-action=new-interview]');
    await page.locator('[data-pin=set]').waitFor();
    await page.fill('#pin', '246813');
    await page.fill('#pin-again', '246813');
    await page.click('[data-action=pin-submit]');
    await page.locator('main.survey .screen').waitFor({ timeout: 30_000 });
    await answer(page, 'governorate', 'ninewa');
    // A clock the test can move, for the ten idle minutes below.
    await page.clock.install();
    await page.reload();
    await page.locator('[data-pin=enter]').waitFor({ timeout: 30_000 });
    await screenshot(page, 'sealed-pin-360');
    await page.click('.lang-switch button[lang=ar]');
    await page.locator('html[dir=rtl]').waitFor({ state: 'attached' });
    await screenshot(page, 'sealed-pin-ar-360');
    await page.click('.lang-switch button[lang=en]');
    await page.fill('#pin', '135702');
    await page.click('[data-action=pin-submit]');
    await page.locator('[data-pin-left="4"]').waitFor({ timeout: 30_000 });
    await page.fill('#pin', '٢٤٦٨١٣');
    await page.click('[data-action=pin-submit]');
    await page.locator('main.survey .screen').waitFor({ timeout: 30_000 });
    const screen = await page.locator('main.survey .screen').getAttribute('data-screen');

    // Ten minutes untouched: the interview hides behind the PIN, and comes back on the same
    // screen once it is entered.
    await page.clock.fastForward('09:00');
    await page.waitForTimeout(300);
    assert.equal(await page.locator('[data-pin=enter]').count(), 0, 'nine idle minutes do not lock');
    await page.clock.fastForward('01:30');
    await page.locator('[data-pin=enter]').waitFor({ timeout: 30_000 });
    assert.ok(await page.locator('main.survey').evaluate((m) => m.classList.contains('hidden')), 'the interview is hidden while locked');
    assert.equal(await page.locator('main.survey fieldset[data-question]').count(), 0, 'and its questions and answers are out of the page');
    await page.fill('#pin', '246813');
    await page.click('[data-action=pin-submit]');
    await page.locator('main.survey:not(.hidden) .screen').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('main.survey .screen').getAttribute('data-screen'), screen);
    const drafts = await readStore(page, 'drafts');
    assert.equal(drafts.length, 1);
    assert.ok(drafts[0].locked && !drafts[0].answers, 'the draft is stored sealed under the PIN');

    // The keyed form brought the encryption module, which no first load carries, and the
    // service worker keeps it: the phone seals and unlocks with no signal from now on.
    assert.ok(await poll(() => page.evaluate(cachesHoldingEncryption).then((names) => names.length > 0)),
      'the service worker keeps the encryption module');

    // The interview goes on to its end, the canary in its comment, and is finalized from the
    // review screen: sealed inside the transaction that moves it to the outbox. Offline, so
    // that it stays there to be looked at.
    await phone.context.setOffline(true);
    for (const [name, value] of FULL_INTERVIEW) await answer(page, name, name === 'comment' ? CANARY : value);
    assert.equal(await finish(page), 'review');
    await page.click('[data-action=finalize]');
    await page.locator('[data-done=true]').waitFor();
    // Another is left in progress, for the wrong PINs at the end.
    await openApp(page, server.url + '/');
    await page.click('[data-action=new-interview]');
    await page.locator('[data-pin=enter]').waitFor({ timeout: 30_000 });
    await page.fill('#pin', '246813');
    await page.click('[data-action=pin-submit]');
    await page.locator('main.survey .screen').waitFor({ timeout: 30_000 });
    await answer(page, 'governorate', 'ninewa');

    await openApp(page, server.url + '/');
    await page.waitForFunction(() => typeof window.qabulSetPin === 'function');
    assert.equal(await page.evaluate(() => window.qabulSetPin('246813')), true);
    await phone.context.setOffline(true);
    await page.locator('[data-status=network][data-value=offline]').waitFor();
    assert.equal(await page.evaluate((c) => window.qabulQueueSynthetic(5, c), CANARY), 5);
    const outbox = await readStore(page, 'outbox');
    assert.equal(outbox.length, 6);
    for (const entry of outbox) {
      assert.equal(entry.submission.form_version, '2');
      assert.ok(entry.submission.sealed && !entry.submission.answers && !entry.submission.paradata);
    }
    assert.ok(!JSON.stringify(outbox).includes(CANARY), 'the outbox holds no answer in the clear');
    // A control: what the app does keep in the clear (the form's public key, saved with the
    // form) is found by the same search, so an empty result means something.
    assert.ok(filesContaining(phone.profile, publicKey).length > 0, 'the search reads what IndexedDB wrote');
    assert.deepEqual(filesContaining(phone.profile, CANARY), [], 'after finalize, the phone\'s browser profile holds no canary');

    // Online again: everything is sent and stored as sealed bytes.
    await page.goto(server.url + '/outbox');
    await phone.context.setOffline(false);
    await page.locator('[data-receipts="6"]').waitFor({ timeout: 60_000 });
    const stored = await queryRows(server, "SELECT content FROM submissions WHERE form_version = '2'");
    assert.equal(stored.length, 6);
    assert.deepEqual(filesContaining(server.dir, CANARY), [], 'the server\'s database files never see the canary');
    assert.deepEqual(filesContaining(phone.profile, CANARY), [], 'nor does the phone\'s browser profile: drafts under the PIN, the outbox sealed');

    // The supervisor: nothing readable until the key is loaded.
    const review = desk.page;
    // Everything the review page sends, to show that the private key never leaves it.
    const sent = [];
    review.on('request', (request) => sent.push(`${request.url()}\n${request.postData() ?? ''}`));
    await review.goto(server.url + '/review');
    await review.fill('#supervisor-name', 'admin');
    await review.fill('#supervisor-password', firstPassword(server));
    await review.click('[data-action=sign-in]');
    await review.locator('[data-total="6"]').waitFor();
    await review.locator('tr[data-id]').first().click();
    await review.locator('[data-sealed-error=missing_key]').waitFor();
    assert.ok(!(await review.content()).includes(CANARY));

    // The wrong key: a clear error, nothing shown.
    const other = join(server.dir, 'other-key.txt');
    await qabul(server, 'keygen', '--output', other);
    await review.click('[data-key-panel] > summary');
    await review.fill('#private-key', readFileSync(other, 'utf8'));
    await review.click('[data-action=load-key]');
    await review.locator('[data-keys-loaded="1"]').waitFor();
    await review.locator('[data-sealed-error=missing_key]').waitFor();
    assert.match(await review.locator('[data-sealed-error]').innerText(), /None of the loaded keys/);
    assert.ok(!(await review.content()).includes(CANARY));
    await screenshot(review, 'sealed-wrong-key-1280');

    // Loading a key folds the panel away; not a key at all is refused as such.
    assert.equal(await review.locator('[data-key-panel]').evaluate((d) => d.open), false);
    await review.click('[data-key-panel] > summary');
    await review.fill('#private-key', 'qabul-pk1:' + 'A'.repeat(43));
    await review.click('[data-action=load-key]');
    await review.locator('[data-key-error]').waitFor();

    // The right key, from its file: the answers open in the page, the canary among them.
    await review.click('[data-action=forget-keys]');
    await review.setInputFiles('[data-action=key-file]', keyFile);
    await review.locator('[data-keys-loaded="1"]').waitFor();
    await review.locator('[data-sealed=opened]').waitFor();
    await review.click('[data-action=back-to-list]');

    // The table is now made in the page from the opened submissions: their places show, and
    // filters that look inside them work.
    await review.locator('[data-opened="6"][data-unopened="0"]').waitFor();
    await review.locator('[data-total="6"]').waitFor();
    const districts = await review.locator('tr[data-id]').evaluateAll((rows) => rows.map((r) => r.dataset.district));
    assert.equal(districts.length, 6);
    assert.ok(districts.every((d) => d !== ''), `every opened row names its district: ${districts}`);
    await review.selectOption('[data-filter=district]', districts[0]);
    const inDistrict = districts.filter((d) => d === districts[0]).length;
    await review.locator(`[data-total="${inDistrict}"]`).waitFor();
    assert.equal(await review.locator(`tr[data-id][data-district="${districts[0]}"]`).count(), inDistrict);
    await review.selectOption('[data-filter=district]', '');
    // Six interviews finalized together from one phone: the server flagged the bursts on
    // arrival, and the flag filter narrows the opened table to them.
    await review.click('.more-filters > summary');
    await review.selectOption('[data-filter=flag]', 'burst');
    await review.locator('[data-total]:not([data-total="6"])').waitFor();
    const bursts = await review.locator('[data-total]').getAttribute('data-total');
    assert.ok(Number(bursts) >= 1 && Number(bursts) < 6, `some but not all are bursts: ${bursts}`);
    assert.equal(await review.locator('tr[data-id]').count(), await review.locator('tr[data-id] [data-flag=burst]').count());
    await review.selectOption('[data-filter=flag]', '');
    await review.locator('[data-total="6"]').waitFor();
    await screenshot(review, 'sealed-table-1280');
    // The server's own list is a tap away, with no place in its rows.
    await review.click('[data-action=toggle-opened]');
    await review.waitForFunction(() => [...document.querySelectorAll('tr[data-id]')].length === 6
      && [...document.querySelectorAll('tr[data-id]')].every((r) => r.dataset.district === ''));
    await review.click('[data-action=toggle-opened]');
    await review.locator('tr[data-id][data-district]:not([data-district=""])').first().waitFor();

    let found = false;
    const rows = await review.locator('tr[data-id]').count();
    assert.equal(rows, 6);
    for (let i = 0; i < rows && !found; i++) {
      await review.locator('tr[data-id]').nth(i).click();
      await review.locator('[data-sealed=opened]').waitFor();
      found = (await review.locator('.answer[data-question=comment] dd').count()) > 0
        && (await review.locator('.answer[data-question=comment] dd').innerText()).includes(CANARY);
      if (!found) {
        await review.click('[data-action=back-to-list]');
        await review.locator('[data-total="6"]').waitFor();
      }
    }
    assert.ok(found, 'the supervisor reads the canary once the key is loaded');
    await screenshot(review, 'sealed-opened-1280');
    // A decision on an opened submission shows in the opened table at once.
    await review.click('[data-decide=approved]');
    await review.locator('.history [data-status=approved]').waitFor();
    await review.click('[data-action=back-to-list]');
    await review.locator('tr[data-id] [data-review=approved]').waitFor();

    // Exports of the encrypted form, made in the page: every submission opened, the canary in
    // each format.
    const download = async (format) => {
      const [file] = await Promise.all([review.waitForEvent('download'), review.click(`[data-action=download-decrypted-${format}]`)]);
      return readFileSync(await file.path());
    };
    const csv = (await download('csv')).toString('utf8').replace(/^\uFEFF/, '');
    assert.ok(csv.includes(CANARY), 'the canary is in the decrypted CSV');
    assert.equal(csv.trimEnd().split('\r\n').length, 7, 'a header and six submissions');
    await review.locator('[data-decrypted="6"]').waitFor();
    const json = JSON.parse((await download('json')).toString('utf8'));
    assert.equal(json.length, 6);
    // The test hook writes the canary into the comment of every completed interview (a few
    // synthetic respondents refuse or are under 18, and never reach the comment).
    const completed = json.filter((row) => row.outcome === 'completed');
    assert.ok(completed.length >= 1);
    assert.ok(completed.every((row) => String(row.comment ?? '').includes(CANARY)), 'the canary in every completed JSON row');
    assert.ok(json.every((row, i) => i === 0 || json[i - 1].finalized_at <= row.finalized_at), 'oldest first, as the server exports');
    assert.equal(json.filter((row) => row.review_status === 'approved').length, 1);
    const xlsx = await download('xlsx');
    assert.equal(xlsx.subarray(0, 2).toString('latin1'), 'PK', 'the XLSX is a zip');
    assert.ok(zipEntry(xlsx, 'xl/worksheets/sheet1.xml').includes(CANARY), 'the canary is in the decrypted XLSX');

    // The dashboard of the encrypted form, computed in the page from what it opened.
    await review.click('[data-tab=dashboard]');
    await review.locator('[data-sealed-dashboard="6"][data-unopened="0"]').waitFor();
    assert.equal(await review.locator('[data-sealed-dashboard] [data-dashboard]').getAttribute('data-dashboard'), '6');
    await screenshot(review, 'sealed-dashboard-1280');
    await review.setViewportSize({ width: 360, height: 740 });
    await screenshot(review, 'sealed-opened-360');

    // The key stays in the page's memory: never in a request, never in the page's storage,
    // and neither it nor anything it opened is written into the supervisor's browser profile.
    const secret = readFileSync(keyFile, 'utf8').trim();
    // And the wrong key, which was pasted rather than picked from its file.
    const pasted = readFileSync(other, 'utf8').trim();
    assert.ok(sent.length > 10, 'requests were watched');
    assert.ok(!sent.some((r) => r.includes(secret) || r.includes(pasted) || r.includes(CANARY)), 'no request carries a key or what it opened');
    const pageStorage = await review.evaluate(async () => JSON.stringify({
      local: { ...localStorage }, session: { ...sessionStorage }, idb: await indexedDB.databases(),
    }));
    assert.ok(!pageStorage.includes(secret.slice(10)), 'nothing of the key in the page\'s storage');
    // A control: the browser does write what it keeps of the page (its address) to the profile.
    assert.ok(filesContaining(desk.profile, new URL(server.url).host).length > 0, 'the search reads the profile\'s files');
    assert.ok(!pageStorage.includes(pasted.slice(10)), 'nor of the pasted one');
    assert.deepEqual(filesContaining(desk.profile, secret.slice(10)), [], 'nor in the supervisor\'s browser profile');
    assert.deepEqual(filesContaining(desk.profile, pasted.slice(10)), [], 'the pasted key neither');
    assert.deepEqual(filesContaining(desk.profile, CANARY), [], 'nor anything it opened');

    // The opened table on a phone, in Arabic, right to left.
    await review.click('.lang-switch button[lang=ar]');
    await review.locator('html[dir=rtl]').waitFor({ state: 'attached' });
    await review.click('[data-tab=submissions]');
    await review.locator('[data-opened="6"]').scrollIntoViewIfNeeded();
    await review.locator('text=عدد الاستمارات المطابقة: 6').waitFor();
    // Regression: the pager and the key's id were wider than a phone in Arabic, and the whole
    // page scrolled sideways (`screenshot` refuses that on a phone).
    await screenshot(review, 'sealed-table-ar-360');

    // Back on the phone, after a restart: five wrong PINs in a row erase the interview left
    // in progress, after warning before the last.
    await openApp(page, server.url + '/');
    await page.locator('[data-locked-drafts="1"]').waitFor();
    await page.click('.lang-switch button[lang=ar]');
    await page.locator('html[dir=rtl]').waitFor({ state: 'attached' });
    await page.locator('[data-locked-drafts]').scrollIntoViewIfNeeded();
    await screenshot(page, 'sealed-locked-drafts-ar-360');
    await page.click('.lang-switch button[lang=en]');
    await page.click('[data-action=unlock]');
    for (const left of [4, 3, 2, 1]) {
      await page.fill('#pin', '000000');
      await page.click('[data-action=pin-submit]');
      await page.locator(`[data-pin-left="${left}"]`).waitFor({ timeout: 30_000 });
    }
    assert.match(await page.locator('[data-pin-left="1"]').innerText(), /erases the interviews in progress/);
    await page.fill('#pin', '000000');
    await page.click('[data-action=pin-submit]');
    await page.locator('[data-pin=wiped]').waitFor({ timeout: 30_000 });
    assert.deepEqual(await readStore(page, 'drafts'), [], 'the locked draft is gone');
    await page.locator('[data-locked-drafts]').waitFor({ state: 'detached' });
    assert.equal((await readStore(page, 'device')).some((r) => r.key === 'lock'), false, 'and so is the PIN\'s record');
    await screenshot(page, 'sealed-pin-wiped-360');
  } finally {
    await desk.close();
    await phone.close();
    await server.stop();
  }
});

test('thousands of sealed submissions open a slice at a time, the page showing how far it is', async () => {
  const server = await startServer();
  const desk = await launchPhone({ viewport: { width: 360, height: 740 } });
  try {
    const keyFile = join(server.dir, 'private-key.txt');
    const publicKey = (await qabul(server, 'keygen', '--output', keyFile)).match(/Public key: (\S+)/)[1];
    assert.match(await qabul(server, 'seed', '--demo', '3000', '--sealed-to', publicKey), /Added 3000 synthetic sealed submissions/);

    const review = desk.page;
    await review.goto(server.url + '/review');
    await review.click('.lang-switch button[lang=ar]');
    await review.fill('#supervisor-name', 'admin');
    await review.fill('#supervisor-password', firstPassword(server));
    await review.click('[data-action=sign-in]');
    await review.locator('tr[data-id]').first().waitFor();
    // Every progress the page shows while opening, and how many frames it drew meanwhile.
    await review.evaluate(() => {
      window.progressSeen = [];
      window.framesWhileOpening = 0;
      const frame = () => {
        if (document.querySelector('[data-opening]')) window.framesWhileOpening++;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      new MutationObserver(() => {
        const at = document.querySelector('[data-open-total]');
        if (at) window.progressSeen.push([Number(at.dataset.openDone), Number(at.dataset.openTotal)]);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    // A phone-class CPU, so that opening lasts long enough to be seen.
    const cdp = await desk.context.newCDPSession(review);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await review.setInputFiles('[data-action=key-file]', keyFile);
    await review.locator('[data-open-total="3000"]').scrollIntoViewIfNeeded();
    await screenshot(review, 'sealed-opening-ar-360');
    await review.locator('[data-opened="3000"][data-unopened="0"]').waitFor({ timeout: 120_000 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    const seen = await review.evaluate(() => window.progressSeen);
    const between = seen.filter(([done, total]) => total === 3000 && done > 0 && done < total);
    assert.ok(between.length >= 2, `the page showed its progress between slices: ${JSON.stringify(seen)}`);
    const done = between.map(([d]) => d);
    assert.deepEqual(done, [...done].sort((a, b) => a - b), 'and it only went forward');
    assert.ok(await review.evaluate(() => window.framesWhileOpening) >= between.length, 'the page drew frames while opening');
    assert.match(await review.locator('[data-opened]').innerText(), /3000/);
    assert.equal(await review.locator('tr[data-id]').evaluateAll((rows) => rows.filter((r) => r.dataset.district === '').length), 0, 'every opened row names its district');
  } finally {
    await desk.close();
    await server.stop();
  }
});
