// The learner's whole first session in the real window: create a wallet and confirm
// the recovery code, import a folder holding valid, tampered, expired, revoked (its
// issuer's status list served on loopback), unchecked and non-credential files, see
// each state and why, search, open a credential, save its
// original, build a portfolio, share it through a real relay on loopback, open the
// link in Chromium, withdraw it, lock, mistype the passphrase, unlock.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { By, Key } from 'selenium-webdriver';
import { artifacts, launchApp } from '../harness.mjs';
import { launchChromium, openInViewer, startRelay } from '../relay.mjs';
import { PASSPHRASE, makeFixtures, tempDir } from '../fixtures.mjs';

// WebKitWebDriver reads clipped (ellipsis) text as empty: read the DOM's text instead.
const text = async (element) => ((await element.getAttribute('textContent')) ?? '').replace(/\s+/g, ' ').trim();

describe('first session', () => {
  let app;
  let inbox;
  let saves;
  let recoveryCode;
  let relay;
  let chromium;
  let link;
  let issuerServer;

  before(async () => {
    // The issuer's status list, on loopback (the core allows plain http only there);
    // the generator writes the signed list outside the folder the learner imports.
    const statusList = path.join(tempDir('status'), 'list.json');
    issuerServer = http.createServer((req, res) => {
      const found = req.url === '/status/1';
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(found ? readFileSync(statusList) : '{}');
    });
    await new Promise((ok) => issuerServer.listen(0, '127.0.0.1', ok));
    const listUrl = `http://127.0.0.1:${issuerServer.address().port}/status/1`;
    inbox = makeFixtures(['--revocation-list', listUrl, statusList]);
    saves = tempDir('saves');
    relay = await startRelay();
    chromium = await launchChromium();
    app = await launchApp({ env: { CAIRN_E2E_PICK: inbox, CAIRN_E2E_SAVE_DIR: saves } });
  });
  after(async () => {
    await app?.stop();
    await chromium?.close();
    relay?.stop();
    issuerServer?.close();
  });

  const setTheme = async (theme) => {
    await app.click('nav-settings');
    const select = await app.visible('theme');
    await select.findElement(By.css(`option[value="${theme}"]`)).click();
  };
  const entryNames = async () =>
    Promise.all((await app.all('portfolio-entry')).map(async (e) => text(await e.findElement(By.css('.name')))));

  const cardByName = async (name) => {
    for (const card of await app.all('card')) {
      if ((await text(await card.findElement(By.css('[data-testid="card-name"]')))) === name) return card;
    }
    return null;
  };

  it('asks for a passphrase first and says when it is too weak', async () => {
    await app.type('setup-passphrase', 'password');
    const strength = await app.visible('setup-passphrase-strength');
    assert.match(await strength.getText(), /Very weak/);
    assert.ok(await app.visible('setup-weak'));
    assert.equal(await (await app.find('setup-create')).isEnabled(), false);
    await app.screenshot('01-setup-weak-passphrase');
    await app.checkAccessibility('setup');
  });

  it('creates the wallet and shows the recovery code once', async () => {
    await app.type('setup-passphrase', PASSPHRASE);
    await app.type('setup-confirm', PASSPHRASE);
    await app.click('setup-create');
    const code = await app.visible('recovery-code', 60_000);
    recoveryCode = (await code.getText()).replace(/\s+/g, '-');
    assert.match(recoveryCode, /^([0-9A-Z]{4}-){6}[0-9A-Z]{2}$/);
    await app.screenshot('02-recovery-code');
    await app.checkAccessibility('recovery code');
  });

  it('saves the recovery code to a file the learner chooses', async () => {
    await app.click('save-code');
    await app.visible('code-saved');
    const file = path.join(saves, 'cairn-recovery-code.txt');
    assert.ok(readFileSync(file, 'utf8').includes(recoveryCode));
  });

  it('opens the wallet only once the last group is retyped', async () => {
    await app.click('code-next');
    await app.type('confirm-last-group', 'ZZZZ');
    await app.click('confirm-done');
    assert.match(await (await app.visible('confirm-error')).getText(), /not the last group/);
    await app.type('confirm-last-group', recoveryCode.split('-').at(-1).toLowerCase());
    await app.click('confirm-done');
    await app.visible('empty');
    await app.screenshot('03-empty-wallet');
    await app.checkAccessibility('empty credentials');
  });

  it('imports a folder and lists each file with what became of it', async () => {
    await app.click('nav-import');
    await app.checkAccessibility('import');
    await app.click('pick-folder');
    const results = await app.visible('import-results', 60_000);
    await app.screenshot('04-import-results');
    assert.equal(await (await app.find('count-imported')).getText(), '6 imported');
    assert.equal(await (await app.find('count-duplicate')).getText(), '1 already in your wallet');
    assert.equal(await (await app.find('count-error')).getText(), '1 not imported');
    const items = await Promise.all((await app.all('import-item')).map(text));
    assert.ok(items.some((t) => /shopping-list\.json Not imported: .*not a credential/.test(t)), items.join('\n'));
    assert.ok(items.some((t) => /welding-fundamentals(-copy)?\.json Already in your wallet/.test(t)), items.join('\n'));
    assert.ok(results);
    await app.checkAccessibility('import results');
  });

  it('shows every credential with the state its report gives and why', async () => {
    await app.click('nav-credentials');
    await app.until(async () => (await app.all('card')).length === 6, 'six cards');
    await app.until(async () => (await app.all('badge-image')).length >= 3, 'badge pictures');
    await app.screenshot('05-credentials');
    const expected = {
      'Welding Fundamentals': 'verified',
      'Workplace First Aid': 'warning',
      'Forklift Operation (Advanced)': 'failed',
      'Food Hygiene Level 2': 'failed',
      'Scaffolding Safety': 'failed',
      'Data Literacy': 'unknown',
    };
    for (const [name, verdict] of Object.entries(expected)) {
      const card = await cardByName(name);
      assert.ok(card, `a card for ${name}`);
      assert.equal(await card.getAttribute('data-verdict'), verdict, name);
    }
    const reason = async (name) =>
      text(await (await cardByName(name)).findElement(By.css('[data-testid="card-reason"]')));
    assert.match(await reason('Food Hygiene Level 2'), /expired/);
    assert.match(await reason('Scaffolding Safety'), /revoked/);
    assert.match(await reason('Forklift Operation (Advanced)'), /signature|proof/i);
    assert.match(await reason('Workplace First Aid'), /could not be fetched/);
    // The picture embedded in the credential is shown (a data: URL, nothing remote).
    await app.until(async () => (await app.all('badge-image')).length >= 3, 'badge pictures');
    for (const img of await app.all('badge-image')) {
      assert.match(await img.getAttribute('src'), /^data:image\/svg\+xml;base64,/);
    }
    await app.screenshot('05-credentials');
    await app.checkAccessibility('credentials');
  });

  it('filters by state and searches the full text', async () => {
    await app.click('filter-failed');
    await app.until(async () => (await app.all('card')).length === 3, 'three failed cards');
    await app.click('filter-failed');
    await app.type('search', 'weld');
    await app.until(async () => (await app.all('card')).length === 1, 'one match for "weld"');
    assert.ok(await cardByName('Welding Fundamentals'));
    await app.type('search', 'resuscitation');
    await app.until(async () => (await cardByName('Workplace First Aid')) && (await app.all('card')).length === 1, 'skill search');
    await app.type('search', 'no such thing anywhere');
    await app.visible('no-match');
    await app.screenshot('06-search-no-match');
    await app.type('search', ' ');
    await app.until(async () => (await app.all('card')).length === 6, 'all cards again');
  });

  it('explains a tampered credential check by check', async () => {
    await (await cardByName('Forklift Operation (Advanced)')).click();
    const proof = await app.visible('check-proof');
    assert.equal(await proof.getAttribute('data-status'), 'fail');
    assert.equal(await (await app.find('check-validity')).getAttribute('data-status'), 'pass');
    await app.screenshot('07-detail-tampered');
    await app.click('back');
  });

  it('says a revoked credential was revoked by its issuer', async () => {
    await app.until(async () => cardByName('Scaffolding Safety'), 'the scaffolding card');
    await (await cardByName('Scaffolding Safety')).click();
    const status = await app.visible('check-status');
    assert.equal(await status.getAttribute('data-status'), 'fail');
    assert.match(await text(status), /revoked/);
    assert.equal(await (await app.find('check-proof')).getAttribute('data-status'), 'pass');
    await app.screenshot('07-detail-revoked');
    await app.click('back');
  });

  it('shows a verified credential in full and saves its original bytes', async () => {
    await app.until(async () => cardByName('Welding Fundamentals'), 'the welding card');
    await (await cardByName('Welding Fundamentals')).click();
    assert.equal(await (await app.visible('detail-name')).getText(), 'Welding Fundamentals');
    assert.match(await (await app.find('detail-description')).getText(), /MIG welding/);
    for (const id of ['proof', 'issuer', 'validity']) {
      assert.equal(await (await app.find(`check-${id}`)).getAttribute('data-status'), 'pass', id);
    }
    assert.match(await (await app.find('checked-at')).getText(), /^As of /);
    await app.screenshot('08-detail-verified');
    await app.checkAccessibility('credential detail');
    await app.click('reverify');
    await app.visible('detail-note');
    await app.click('export');
    await app.until(async () => /Saved the original/.test(await (await app.find('detail-note')).getText()), 'saved note');
    const saved = readFileSync(path.join(saves, (await app.driver.executeScript(
      'return document.querySelector("[data-testid=detail-note]").textContent',
    )).match(/credential-[0-9a-f]+\.json/)[0]));
    assert.deepEqual(saved, readFileSync(path.join(inbox, 'welding-fundamentals.json')));
  });

  it('deletes a credential only after confirmation', async () => {
    await app.click('back');
    await app.until(async () => cardByName('Data Literacy'), 'the data card');
    await (await cardByName('Data Literacy')).click();
    await app.click('delete');
    await app.visible('confirm-delete');
    await app.click('keep');
    assert.equal(await (await app.find('confirm-delete')).isDisplayed(), false);
    await app.click('delete');
    await app.click('confirm-delete-button');
    assert.match(await (await app.visible('flash')).getText(), /Deleted “Data Literacy”/);
    await app.until(async () => (await app.all('card')).length === 5, 'five cards left');
  });

  it('builds a portfolio: picks, orders by keyboard, and adds a note', async () => {
    await app.click('nav-settings');
    await app.type('relay-url', relay.url);
    await app.click('relay-save');
    await app.visible('relay-saved');
    await app.checkAccessibility('settings with sharing and backup');
    await app.click('nav-portfolios');
    await app.type('new-portfolio-title', 'Application to Hillside College');
    await app.click('create-portfolio');
    await app.until(async () => (await app.all('pick-credential')).length === 5, 'the picker lists the five credentials');
    const pick = async (name) => {
      for (const box of await app.all('pick-credential')) {
        const label = await box.findElement(By.xpath('./..'));
        if ((await text(label)).startsWith(name)) return box.click();
      }
      throw new Error(`no ${name} in the picker`);
    };
    await pick('Welding Fundamentals');
    await app.until(async () => (await app.all('portfolio-entry')).length === 1, 'one entry');
    await pick('Workplace First Aid');
    await app.until(async () => (await app.all('portfolio-entry')).length === 2, 'two entries');
    assert.deepEqual(await entryNames(), ['Welding Fundamentals', 'Workplace First Aid']);
    // Keyboard: the second handle, Alt+Up, becomes first; the move is announced.
    const handles = await app.all('portfolio-handle');
    await handles[1].sendKeys(Key.chord(Key.ALT, Key.ARROW_UP));
    await app.until(async () => (await entryNames())[0] === 'Workplace First Aid', 'moved up by keyboard');
    assert.match(await text(await app.find('portfolio-announcement')), /Workplace First Aid moved to position 1 of 2/);
    assert.equal(
      await app.driver.executeScript('return document.activeElement.dataset.testid'),
      'portfolio-handle',
      'focus stays on the moved item',
    );
    await app.type('portfolio-note', 'I finished both during my apprenticeship in 2025.');
    await app.click('portfolio-save-note');
    await app.until(async () => !(await (await app.find('portfolio-save-note')).isEnabled()), 'note saved');
    await app.screenshot('10-portfolio');
    await app.checkAccessibility('portfolio');
  });

  it('previews the portfolio as the viewer will show it', async () => {
    await app.click('portfolio-preview');
    const preview = await app.visible('preview');
    await app.until(async () => (await preview.findElements(By.css('article.card'))).length === 2, 'two preview cards');
    assert.match(await text(preview), /Note from the learner.*apprenticeship/);
    await app.screenshot('11-portfolio-preview');
    await app.checkAccessibility('portfolio preview');
  });

  it('shares through the relay and shows the link and its QR code', async () => {
    await app.click('portfolio-share');
    await app.visible('share-dialog');
    await app.checkAccessibility('share dialog');
    const expiry = await app.visible('share-expiry');
    await expiry.findElement(By.css('option[value="1d"]')).click();
    await app.click('share-submit');
    const field = await app.visible('share-link', 60_000);
    link = await field.getAttribute('value');
    assert.ok(link.startsWith(`${relay.url}/s/`), link);
    assert.match(link, /#k=[A-Za-z0-9_-]{43}$/);
    assert.match(await (await app.find('share-qr')).getAttribute('src'), /^data:image\/svg\+xml;base64,/);
    await app.screenshot('12-share-dialog');
    await app.checkAccessibility('shared link');
    await app.click('share-save-png');
    await app.visible('share-saved');
    const png = readFileSync(path.join(saves, (await text(await app.find('share-saved'))).match(/cairn-share-[^ ]+\.png/)[0]));
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  it('opens the link in Chromium as a verified share', async () => {
    const { page, state } = await openInViewer(chromium, link);
    assert.equal(state, 'share');
    assert.match(await page.textContent('h1'), /Application to Hillside College/);
    assert.equal(await page.locator('article.card').count(), 2);
    assert.match(await page.textContent('.verdict'), /verified/);
    await page.screenshot({ path: path.join(artifacts, '13-viewer-in-chromium.png'), fullPage: true });
    await page.close();
  });

  it('lists the share with its views and withdraws it', async () => {
    await app.click('share-done');
    await app.click('nav-shares');
    const row = await app.visible('share-row', 30_000);
    assert.equal(await row.getAttribute('data-state'), 'active');
    assert.match(await text(await app.find('share-views')), /\d+ views?|Views unknown/);
    await app.screenshot('14-shared-links');
    await app.checkAccessibility('shared links');
    await app.click('share-revoke');
    await app.visible('revoke-dialog');
    await app.click('revoke-confirm');
    await app.until(async () => (await (await app.find('share-row')).getAttribute('data-state')) === 'withdrawn', 'withdrawn');
    // The relay answers a withdrawn share itself (410 and a page saying so), before
    // any viewer code runs.
    const page = await chromium.newPage();
    const response = await page.goto(link);
    assert.equal(response.status(), 410);
    assert.match(await page.textContent('body'), /no longer available/);
    await page.close();
  });

  it('looks right in the dark theme too', async () => {
    await setTheme('dark');
    await app.click('nav-portfolios');
    await app.visible('portfolio-order');
    await app.screenshot('15-portfolio-dark');
    await app.checkAccessibility('portfolio (dark)');
    await app.click('portfolio-preview');
    await app.until(async () => (await (await app.find('preview')).findElements(By.css('article.card'))).length === 2, 'preview cards');
    await app.screenshot('16-portfolio-preview-dark');
    await app.click('nav-shares');
    await app.visible('share-row');
    await app.screenshot('17-shared-links-dark');
    await setTheme('light');
  });

  it('locks, refuses a wrong passphrase with a clear message, and unlocks', async () => {
    await app.click('lock');
    await app.type('unlock-passphrase', 'lantern orbit basil');
    await app.click('unlock-submit');
    const error = await app.visible('unlock-error', 30_000);
    assert.match(await error.getText(), /does not unlock this wallet/);
    assert.equal(await (await app.find('unlock-passphrase')).getAttribute('value'), '');
    await app.screenshot('09-unlock-wrong-passphrase');
    await app.checkAccessibility('unlock');
    await app.type('unlock-passphrase', PASSPHRASE);
    await app.click('unlock-submit');
    await app.until(async () => (await app.all('card')).length === 5, 'the cards after unlocking', 30_000);
    assert.ok(existsSync(path.join(app.walletDir, 'wallet.db')));
  });
});
