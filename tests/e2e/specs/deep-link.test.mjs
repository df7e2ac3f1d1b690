// A `cairn://import?url=…` link that starts the app: the OS hands it over as the
// app's argument (on Linux), the deep-link handler keeps it while the wallet is
// created, and the learner is asked before the credential is fetched and imported.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchApp } from '../harness.mjs';
import { PASSPHRASE, createWalletThroughUi, makeFixtures } from '../fixtures.mjs';

describe('cairn:// import link', () => {
  let app;
  let server;
  let url;
  let inbox;
  const hits = {};
  const PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle cx="4" cy="4" r="4" fill="#2a7"/></svg>';

  before(async () => {
    inbox = makeFixtures();
    const body = readFileSync(path.join(inbox, 'welding-fundamentals.json'));
    // An issuer's server on loopback (the core allows plain http only there): the
    // credential, and a badge picture some credentials name by its address.
    server = http.createServer((req, res) => {
      hits[req.url] = (hits[req.url] ?? 0) + 1;
      if (req.url === '/badges/welding.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      } else if (req.url === '/images/badge.svg') {
        res.writeHead(200, { 'content-type': 'image/svg+xml' });
        res.end(PICTURE);
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{}');
      }
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

  it("shows a badge picture at a web address, fetched by the core and remembered", async () => {
    const picturedUrl = `http://127.0.0.1:${server.address().port}/images/badge.svg`;
    const doc = JSON.parse(readFileSync(path.join(inbox, 'first-aid.json'), 'utf8'));
    doc.credentialSubject.achievement.image = { id: picturedUrl, type: 'Image' };
    // Changing the credential breaks its signature: it is kept, and shown, as failed.
    doc.name = doc.credentialSubject.achievement.name = 'Pictured Badge';
    await app.click('nav-import');
    await app.visible('paste');
    await app.driver.executeScript(
      'const t = document.querySelector("[data-testid=paste]"); t.value = arguments[0]; t.dispatchEvent(new Event("input", { bubbles: true }));',
      JSON.stringify(doc),
    );
    await app.click('paste-import');
    assert.equal(await (await app.visible('count-imported', 30_000)).getText(), '1 imported');
    await app.click('nav-credentials');
    const src = await app.until(
      () =>
        app.driver.executeScript(`
          for (const card of document.querySelectorAll('[data-testid=card]')) {
            if (card.querySelector('[data-testid=card-name]')?.textContent.trim() !== 'Pictured Badge') continue;
            return card.querySelector('[data-testid=badge-image]')?.getAttribute('src') ?? null;
          }
          return null;`),
      'the fetched picture on the card',
      30_000,
    );
    assert.ok(src.startsWith('data:image/svg+xml;base64,'), src.slice(0, 40));
    assert.equal(Buffer.from(src.split(',')[1], 'base64').toString(), PICTURE);
    assert.equal(hits['/images/badge.svg'], 1, 'fetched once, by the core');
    await app.screenshot('21-remote-picture');

    // Locking forgets every picture the window held; after unlocking, the wallet's
    // remembered copy is shown without asking the issuer's server again.
    await app.click('lock');
    await app.type('unlock-passphrase', PASSPHRASE);
    await app.click('unlock-submit');
    await app.until(
      () => app.driver.executeScript(`return [...document.querySelectorAll('[data-testid=badge-image]')].some((i) => i.src.startsWith('data:image/svg+xml'))`),
      'the remembered picture after unlocking',
    );
    assert.equal(hits['/images/badge.svg'], 1, 'answered from the wallet, not fetched again');
  });
});
