// The start screen in the real Cairn window: its text comes from the core through
// the `app_info` command, so this proves UI → IPC → core → UI end to end.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchApp } from '../harness.mjs';

describe('start screen', () => {
  let app;
  before(async () => {
    app = await launchApp();
  });
  after(async () => {
    await app?.stop();
  });

  it('shows the window title Cairn', async () => {
    assert.equal(await app.driver.getTitle(), 'Cairn');
  });

  it('reports no wallet yet at the location the app was given', async () => {
    const state = await app.find('wallet-state');
    assert.equal(await state.getText(), 'No wallet yet');
    const dir = await app.find('wallet-dir');
    assert.equal(await dir.getText(), app.walletDir);
    await app.screenshot('start-no-wallet');
  });

  it("shows the core's version", async () => {
    const version = await app.find('core-version');
    assert.match(await version.getText(), /^Cairn core \d+\.\d+\.\d+/);
  });
});

describe('start screen with an existing wallet', () => {
  let app;
  before(async () => {
    const { mkdtempSync } = await import('node:fs');
    const os = await import('node:os');
    const walletDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-existing-'));
    writeFileSync(path.join(walletDir, 'wallet.db'), '');
    app = await launchApp({ walletDir });
  });
  after(async () => {
    await app?.stop();
  });

  it('says the wallet is there', async () => {
    const state = await app.find('wallet-state');
    assert.equal(await state.getText(), 'Your wallet is here');
    await app.screenshot('start-existing-wallet');
  });
});
