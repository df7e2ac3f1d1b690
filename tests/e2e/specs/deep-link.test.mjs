// A `cairn://import?url=…` link that starts the app: the OS hands it over as the
// app's argument (on Linux), the deep-link handler keeps it while the wallet is
// created, and the learner is asked before the credential is fetched and imported.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchApp } from '../harness.mjs';
import { createWalletThroughUi, makeFixtures } from '../fixtures.mjs';

describe('cairn:// import link', () => {
  let app;
  let server;
  let url;

  before(async () => {
    const inbox = makeFixtures();
    const body = readFileSync(path.join(inbox, 'welding-fundamentals.json'));
    // An issuer's server on loopback (the core allows plain http only there).
    server = http.createServer((req, res) => {
      res.writeHead(req.url === '/badges/welding.json' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(req.url === '/badges/welding.json' ? body : '{}');
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${server.address().port}/badges/welding.json`;
    app = await launchApp({ args: [`cairn://import?url=${encodeURIComponent(url)}`] });
  });
  after(async () => {
    await app?.stop();
    server?.close();
  });

  it('asks, once the wallet is open, whether to import from the link', async () => {
    await createWalletThroughUi(app);
    const offer = await app.visible('link-offer', 30_000);
    assert.equal(await (await app.find('link-offer-url')).getText(), url);
    assert.ok(offer);
    await app.screenshot('20-deep-link-offer');
    await app.checkAccessibility('import from a link');
  });

  it('fetches and imports the credential when the learner says yes', async () => {
    await app.click('link-offer-accept');
    assert.equal(await (await app.visible('count-imported', 60_000)).getText(), '1 imported');
    await app.click('nav-credentials');
    await app.until(async () => (await app.all('card')).length === 1, 'the imported card');
    assert.equal(await (await app.find('card')).getAttribute('data-verdict'), 'verified');
  });
});
