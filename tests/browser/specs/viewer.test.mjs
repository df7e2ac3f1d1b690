// A registrar opens share links in Chromium: verified cards, a credential that fails
// among ones that verify, and each page for a link that cannot be shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { browser, settled, shot, startRelay, view, wallet } from '../harness.mjs';

const GOOD = ['dbjs-signed/eddsa-rdfc-2022.json', 'dbjs-signed/jwt-EdDSA.jwt', 'ssi-signed/ob3-eddsa-rdfc-2022.json'];
const NOTE = 'I am applying for the welding programme. <b>not bold</b>';

async function cardStates(page) {
  return page.locator('article.card .state').evaluateAll((els) => els.map((e) => e.dataset.state));
}

test('a share of verifying credentials shows one verified card each, the note as the learner\'s words', async (t) => {
  const relay = await startRelay(t);
  const w = wallet(t);
  const ids = w.import(...GOOD);
  const shared = w.share(w.portfolio('Welding application', ids, NOTE), relay.url);
  const chromium = await browser(t);

  const { page, problems } = await view(chromium, shared.link);
  assert.equal(await settled(page), 'share');
  await shot(page, 'share-verified');
  assert.equal(await page.locator('h1').textContent(), 'Welding application');
  assert.match(await page.locator('.verdict').textContent(), /All 3 credentials verified/);
  assert.deepEqual(await cardStates(page), ['verified', 'verified', 'verified']);
  // The note is text, never markup, and labelled as unverified.
  assert.equal(await page.locator('.note blockquote').textContent(), NOTE);
  assert.equal(await page.locator('.note b').count(), 0);
  assert.match(await page.locator('.note').textContent(), /own words.*does not verify/);
  assert.match(await page.locator('.holder code').textContent(), /^did:key:z6Mk/);
  assert.deepEqual(problems, [], 'no console errors (a CSP violation would be one)');

  // Phone width: same content, nothing wider than the screen.
  const phone = await view(chromium, shared.link, { width: 375, height: 800 });
  assert.equal(await settled(phone.page), 'share');
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
  await shot(phone.page, 'share-phone');
});

test('a tampered credential shows as not verified while the others verify', async (t) => {
  const relay = await startRelay(t);
  const w = wallet(t);
  const ids = w.import(GOOD[0], 'tampered/ob3-eddsa-rdfc-2022-name.json', GOOD[1]);
  const shared = w.share(w.portfolio('Mixed', ids), relay.url);
  const chromium = await browser(t);
  const { page } = await view(chromium, shared.link);
  assert.equal(await settled(page), 'share');
  await shot(page, 'share-one-tampered');
  assert.deepEqual(await cardStates(page), ['verified', 'not_verified', 'verified']);
  assert.match(await page.locator('.verdict').textContent(), /2 of 3 credentials verified/);
  const failed = page.locator('article.card').nth(1);
  assert.match(await failed.locator('.check.fail').first().textContent(), /Issuer's signature: Failed/);
});

test('links that cannot be shown get a clear page each', async (t) => {
  const relay = await startRelay(t);
  const w = wallet(t);
  const [id] = w.import(GOOD[0]);
  const portfolio = w.portfolio('Pages', [id]);
  const shared = w.share(portfolio, relay.url);
  const other = w.share(portfolio, relay.url);
  const chromium = await browser(t);
  const [base, key] = shared.link.split('#');

  const expect = async (url, state, heading, name) => {
    const { page } = await view(chromium, url);
    assert.equal(await settled(page), state, url);
    assert.match(await page.locator('h1').textContent(), heading);
    await shot(page, name);
  };
  await expect(base, 'no-key', /missing its key/, 'page-no-key');
  await expect(`${base}#k=`, 'no-key', /missing its key/, 'page-empty-key');
  // Another share's key: AES-GCM refuses it.
  await expect(`${base}#${other.link.split('#')[1]}`, 'cannot-decrypt', /could not be decrypted/, 'page-wrong-key');

  // One byte of the stored ciphertext changed on the relay's disk.
  const blob = join(relay.store, 'shares', `${shared.id}.blob`);
  const bytes = readFileSync(blob);
  bytes[bytes.length - 20] ^= 0x01;
  writeFileSync(blob, bytes);
  await expect(`${base}#${key}`, 'cannot-decrypt', /could not be decrypted/, 'page-tampered');

  // Withdrawn: the relay answers 410 with its own page (no script runs).
  w.unshare(other.id);
  const gone = await view(chromium, other.link);
  assert.match(await gone.page.locator('h1').textContent(), /no longer available/);
  await shot(gone.page, 'page-unshared');

  // An id the relay never issued.
  const unknown = await view(chromium, `${relay.url}/s/AAAAAAAAAAAAAAAAAAAAAA#${key}`);
  assert.match(await unknown.page.locator('h1').textContent(), /No such share/);
  await shot(unknown.page, 'page-unknown');
});

test('a share the relay stops serving between page load and fetch gets the viewer\'s page', async (t) => {
  const relay = await startRelay(t);
  const w = wallet(t);
  const shared = w.share(w.portfolio('Race', w.import(GOOD[0])), relay.url);
  const chromium = await browser(t);
  // The page loads while the share is live; its fetch of the ciphertext then meets
  // 410 (withdrawn), 404 (unknown) or no relay at all.
  for (const [status, state, heading] of [
    [410, 'gone', /no longer available/],
    [404, 'not-found', /No such share/],
    [0, 'unreachable', /could not be reached/],
  ]) {
    const page = await chromium.newPage();
    await page.route('**/api/shares/**', (route) =>
      status ? route.fulfill({ status, body: '{}' }) : route.abort('connectionrefused'),
    );
    await page.goto(shared.link);
    assert.equal(await settled(page), state);
    assert.match(await page.locator('h1').textContent(), heading);
    await shot(page, `page-fetch-${state}`);
  }
});

test('a share past its expiry on the relay is refused', async (t) => {
  const relay = await startRelay(t, { CAIRN_RELAY_MIN_EXPIRES: '1' });
  const upload = await fetch(`${relay.url}/api/shares?expires=1`, { method: 'POST', body: new Uint8Array(64) });
  assert.equal(upload.status, 201);
  const { url } = await upload.json();
  await new Promise((ok) => setTimeout(ok, 2100));
  const chromium = await browser(t);
  const { page } = await view(chromium, `${url}#k=${'A'.repeat(43)}`);
  assert.match(await page.locator('h1').textContent(), /no longer available/);
  await shot(page, 'page-expired');
});
