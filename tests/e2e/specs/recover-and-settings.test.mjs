// Settings and the forgotten-passphrase path in the real window: the holder DID,
// the lock timeout kept in the wallet, pasting a credential, changing the
// passphrase, a backup saved and merged back, and recovering with the recovery code.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchApp } from '../harness.mjs';
import { PASSPHRASE, createWalletThroughUi, makeFixtures, tempDir } from '../fixtures.mjs';

describe('settings and recovery', () => {
  let app;
  let code;
  let inbox;
  let saves;
  let backupFile;
  const changed = 'copper meadow violin tundra';
  const recovered = 'saffron glacier pocket lyric';

  before(async () => {
    inbox = makeFixtures();
    saves = tempDir('saves');
    // The save dialog answers with the suggested name in `saves`; the open dialog
    // with the backup that will be saved there (named for today, in UTC).
    backupFile = path.join(saves, `cairn-${new Date().toISOString().slice(0, 10)}.cairnbackup`);
    app = await launchApp({ env: { CAIRN_E2E_SAVE_DIR: saves, CAIRN_E2E_PICK: backupFile } });
    code = await createWalletThroughUi(app);
  });
  after(async () => {
    await app?.stop();
  });

  it('imports a credential pasted as text', async () => {
    await app.click('nav-import');
    // Typed key by key a credential takes seconds; a paste puts it in at once.
    await app.visible('paste');
    await app.driver.executeScript(
      'const t = document.querySelector("[data-testid=paste]"); t.value = arguments[0]; t.dispatchEvent(new Event("input", { bubbles: true }));',
      readFileSync(path.join(inbox, 'welding-fundamentals.json'), 'utf8'),
    );
    await app.click('paste-import');
    assert.equal(await (await app.visible('count-imported', 30_000)).getText(), '1 imported');
    await app.type('paste', 'not a credential at all');
    await app.click('paste-import');
    await app.until(async () => (await (await app.find('count-error')).getText()) === '1 not imported', 'an error item');
  });

  it("shows the learner's holder DID and keeps the lock timeout in the wallet", async () => {
    await app.click('nav-settings');
    assert.match(await (await app.visible('holder-did')).getText(), /^did:key:z6Mk/);
    const select = await app.visible('lock-minutes');
    assert.equal(await select.getAttribute('value'), '10');
    await app.driver.executeScript(
      'const s = document.querySelector("[data-testid=lock-minutes]"); s.value = "30"; s.dispatchEvent(new Event("change", { bubbles: true }));',
    );
    await app.until(async () => (await app.driver.getPageSource()).includes('lock after 30 minutes'), 'saved note');
    await app.screenshot('10-settings');
    await app.checkAccessibility('settings');
  });

  it('keeps issuer registries and email addresses, refusing ones that are not', async () => {
    const registry = 'https://registry.example.org/registry.json';
    await app.visible('registry-empty');
    await app.type('registry-input', 'ftp://registry.example.org/list');
    await app.click('registry-add');
    assert.match(await (await app.visible('registry-error')).getText(), /not a registry address Cairn can fetch/);
    await app.type('registry-input', registry);
    await app.click('registry-add');
    await app.until(async () => (await (await app.find('registry-list')).getText()).includes(registry), 'the registry listed');

    await app.type('email-input', 'ada at home');
    await app.click('email-add');
    assert.match(await (await app.visible('email-error')).getText(), /is not an email address/);
    await app.type('email-input', 'Ada@Example.org');
    await app.click('email-add');
    await app.until(async () => /ada@example\.org/i.test(await (await app.find('email-list')).getText()), 'the address listed');

    // What is shown is what the wallet keeps: leave Settings and come back.
    await app.click('nav-credentials');
    await app.click('nav-settings');
    assert.match(await (await app.visible('registry-list')).getText(), /registry\.example\.org/);
    await app.screenshot('10-settings-checking');
    await app.checkAccessibility('settings with registries');
    await app.driver.executeScript('document.querySelector("[aria-label^=\\"Remove https\\"]").click()');
    await app.visible('registry-empty');
  });

  it('saves a backup and merges it back without duplicating anything', async () => {
    await app.click('backup');
    assert.match(await (await app.visible('backup-done', 60_000)).getText(), /Saved 1 credential/);
    assert.equal(readFileSync(backupFile).subarray(0, 8).toString('latin1'), 'CAIRNBAK');
    await app.type('restore-passphrase', 'not the passphrase');
    await app.click('restore');
    assert.match(await (await app.visible('restore-error', 60_000)).getText(), /does not open this backup/);
    await app.type('restore-passphrase', PASSPHRASE);
    await app.click('restore');
    assert.match(await (await app.visible('restore-done', 60_000)).getText(), /0 new credentials \(1 you already had\)/);
    await app.screenshot('12-settings-backup');
    await app.checkAccessibility('settings after a restore');
  });

  it('refuses a wrong current passphrase, then changes it', async () => {
    await app.type('old-passphrase', 'not it at all');
    await app.type('new-passphrase', changed);
    await app.type('new-passphrase-confirm', changed);
    await app.click('change-pass-submit');
    assert.match(await (await app.visible('change-pass-error', 30_000)).getText(), /does not unlock/);
    await app.type('old-passphrase', PASSPHRASE);
    await app.type('new-passphrase', changed);
    await app.type('new-passphrase-confirm', changed);
    await app.click('change-pass-submit');
    await app.visible('change-pass-done', 30_000);
  });

  it('recovers with the recovery code and a new passphrase when the passphrase is forgotten', async () => {
    await app.click('lock');
    await app.click('forgot');
    await app.type('recover-code', 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG');
    await app.type('recover-passphrase', recovered);
    await app.type('recover-confirm', recovered);
    await app.click('recover-submit');
    assert.match(await (await app.visible('recover-error', 30_000)).getText(), /recovery code does not unlock/);
    await app.screenshot('11-recover-wrong-code');
    await app.checkAccessibility('recover');
    await app.type('recover-code', code.toLowerCase().replaceAll('-', ' '));
    await app.click('recover-submit');
    await app.until(async () => (await app.all('card')).length === 1, 'the wallet open again', 30_000);
  });

  it('keeps the lock timeout and unlocks with the new passphrase only', async () => {
    await app.click('lock');
    await app.type('unlock-passphrase', changed);
    await app.click('unlock-submit');
    await app.visible('unlock-error', 30_000);
    await app.type('unlock-passphrase', recovered);
    await app.click('unlock-submit');
    await app.click('nav-settings');
    await app.until(async () => (await (await app.find('lock-minutes')).getAttribute('value')) === '30', 'timeout kept');
    assert.deepEqual(readdirSync(app.walletDir).filter((f) => f.endsWith('.tmp')), []);
  });
});
