// What the viewer fetches from the browser (did:web keys and status lists from an
// issuer's server on the loopback, over HTTPS), and presentations saved to a file
// (`cairn share --save`) opened through "Open a file".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { join } from 'node:path';
import { bin, browser, settled, shot, startRelay, tempDir, view, wallet } from '../harness.mjs';

async function cardStates(page) {
  return page.locator('article.card .state').evaluateAll((els) => els.map((e) => e.dataset.state));
}

/// An issuer's web server on https://localhost:PORT with a certificate made for this
/// run (Chromium is told to accept it). `/` serves the "open" issuer's DID document and
/// revocation list with CORS; `/closed/` serves the "closed" issuer's without, as a
/// server that does not let other sites' pages read it.
async function issuerServer(t) {
  const dir = tempDir(t, 'cairn-issuer-');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost',
  ], { stdio: 'ignore' });
  const routes = new Map();
  const hits = [];
  const server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (req, res) => {
      hits.push(req.url);
      const route = routes.get(req.url);
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      const headers = { 'content-type': 'application/json' };
      if (route.cors) headers['access-control-allow-origin'] = '*';
      res.writeHead(200, headers).end(route.body);
    },
  );
  await new Promise((ok) => server.listen(0, 'localhost', ok));
  t.after(() => server.close());
  const host = `localhost:${server.address().port}`;
  const fixtures = join(dir, 'fixtures');
  execFileSync(bin('examples/viewer_fixtures'), [host, fixtures]);
  const file = (name) => join(fixtures, name);
  for (const [prefix, base, cors] of [['open', '', true], ['closed', '/closed', false]]) {
    routes.set(base ? `${base}/did.json` : '/.well-known/did.json', { body: readFileSync(file(`${prefix}-did.json`)), cors });
    routes.set(`${base}/status/1`, { body: readFileSync(file(`${prefix}-status.json`)), cors });
  }
  return { file, hits };
}

test('did:web keys and status lists are fetched by the browser: verified, revoked, or unknown when blocked', async (t) => {
  const issuer = await issuerServer(t);
  const relay = await startRelay(t);
  const w = wallet(t);
  const ids = w.import(issuer.file('open-good.json'), issuer.file('open-revoked.json'), issuer.file('closed-good.json'));
  const shared = w.share(w.portfolio('From the web', ids), relay.url);
  const chromium = await browser(t);

  const { page, problems } = await view(chromium, shared.link, { ignoreHTTPSErrors: true });
  assert.equal(await settled(page), 'share');
  await shot(page, 'share-did-web');
  assert.deepEqual(await cardStates(page), ['verified', 'not_verified', 'could_not_check']);
  const cards = page.locator('article.card');
  assert.match(await cards.nth(0).textContent(), /did:web document/);
  assert.match(await cards.nth(1).locator('.check.fail').first().textContent(), /revoked/);
  assert.match(await cards.nth(2).textContent(), /could not be reached from this browser/);
  assert.ok(issuer.hits.includes('/.well-known/did.json'), `${issuer.hits}`);
  assert.ok(issuer.hits.includes('/status/1'), `${issuer.hits}`);
  // The blocked fetches are the only console errors (Chromium reports CORS refusals).
  assert.deepEqual(problems.filter((p) => !/CORS|Failed to load resource/.test(p)), []);
});

const GOOD = ['dbjs-signed/eddsa-rdfc-2022.json', 'dbjs-signed/jwt-EdDSA.jwt'];

test('a presentation saved to a file opens verified through "Open a file"; a changed one fails', async (t) => {
  const relay = await startRelay(t);
  const w = wallet(t);
  const dir = tempDir(t, 'cairn-saved-');
  const saved = join(dir, 'for-the-registrar.json');
  const portfolio = w.portfolio('Saved application', w.import(...GOOD), 'Printed and saved.');
  w.save(portfolio, saved);
  const chromium = await browser(t);

  const { page, problems } = await view(chromium, `${relay.url}/open`);
  assert.equal(await settled(page), 'pick');
  await shot(page, 'file-pick');
  await page.locator('[data-testid=open-file]').setInputFiles(saved);
  assert.equal(await settled(page), 'share');
  await shot(page, 'file-verified');
  assert.equal(await page.locator('h1').textContent(), 'Saved application');
  assert.match(await page.locator('.eyebrow').textContent(), /Saved presentation/);
  assert.deepEqual(await cardStates(page), ['verified', 'verified']);
  assert.match(await page.locator('.verdict').textContent(), /All 2 credentials verified/);
  assert.deepEqual(problems, []);

  // One credential's name changed inside the saved file: both the learner's signature
  // and the issuer's fail.
  const text = readFileSync(saved, 'utf8');
  const payload = JSON.parse(text);
  const first = payload.presentation.verifiableCredential[0];
  first.name = `${first.name} (with honours)`;
  const tampered = join(dir, 'changed.json');
  writeFileSync(tampered, JSON.stringify(payload));
  const again = await view(chromium, `${relay.url}/open`);
  assert.equal(await settled(again.page), 'pick');
  await again.page.locator('[data-testid=open-file]').setInputFiles(tampered);
  assert.equal(await settled(again.page), 'share');
  await shot(again.page, 'file-tampered');
  assert.match(await again.page.locator('.verdict').textContent(), /signature on this share does not hold/);
  assert.deepEqual(await cardStates(again.page), ['not_verified', 'verified']);

  // Not a presentation at all.
  const other = join(dir, 'credential.json');
  writeFileSync(other, '{"hello": "world"}');
  const third = await view(chromium, `${relay.url}/open`);
  await third.page.locator('[data-testid=open-file]').setInputFiles(other);
  assert.equal(await settled(third.page), 'not-a-presentation');
  assert.match(await third.page.locator('h1').textContent(), /not a Cairn presentation/);
});
