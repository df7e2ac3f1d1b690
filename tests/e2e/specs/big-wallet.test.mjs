// 10,000 credentials: made by the fixtures generator, imported by the real `cairn`
// CLI into the wallet the app then opens. The grid shows its first page, scrolls to
// the end, and search finds one credential among them. Times are printed for
// BENCHMARKS.md, never asserted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchApp } from '../harness.mjs';
import { PASSPHRASE, makeFixtures, tempDir } from '../fixtures.mjs';

const COUNT = Number(process.env.CAIRN_E2E_BIG ?? 10_000);

describe(`a wallet of ${COUNT} credentials`, () => {
  let app;

  before(async () => {
    const cli = process.env.CAIRN_CLI;
    if (!cli) throw new Error('CAIRN_CLI must name the built cairn binary; run `make e2e`');
    const inbox = makeFixtures(['--count', String(COUNT)]);
    const walletDir = path.join(tempDir('big'), 'wallet');
    const env = { ...process.env, CAIRN_WALLET: walletDir, CAIRN_PASSPHRASE: PASSPHRASE };
    execFileSync(cli, ['init'], { env, stdio: 'ignore' });
    const started = Date.now();
    execFileSync(cli, ['--offline', '--json', 'import', inbox], { env, stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 28 });
    console.log(`bench: cairn import of ${COUNT} credentials: ${Date.now() - started} ms`);
    app = await launchApp({ walletDir });
  });
  after(async () => {
    await app?.stop();
  });

  it('shows the first page soon after unlocking', async () => {
    await app.type('unlock-passphrase', PASSPHRASE);
    const started = Date.now();
    await app.click('unlock-submit');
    await app.visible('card', 120_000);
    console.log(`bench: unlock to first page of ${COUNT} cards: ${Date.now() - started} ms`);
    assert.equal(await (await app.find('credential-count')).getText(), String(COUNT));
    // Windowed: only the rows in view are in the page.
    assert.ok((await app.all('card')).length < 100, 'only visible rows are rendered');
    await app.screenshot('30-ten-thousand');
    await app.checkAccessibility(`${COUNT} credentials`);
  });

  it('scrolls to the end and back', async () => {
    const scroller = await app.find('card-scroller');
    const started = Date.now();
    await app.driver.executeScript('arguments[0].scrollTop = arguments[0].scrollHeight', scroller);
    await app.until(async () => {
      const ids = await Promise.all((await app.all('card')).map((c) => c.getAttribute('data-id')));
      return ids.length > 0 && (await app.driver.executeScript(
        'const s = arguments[0]; return s.scrollTop + s.clientHeight >= s.scrollHeight - 2', scroller));
    }, 'the last rows');
    console.log(`bench: jump to the end of ${COUNT} cards: ${Date.now() - started} ms`);
    assert.ok((await app.all('card')).length > 0);
    await app.driver.executeScript('arguments[0].scrollTop = 0', scroller);
  });

  it('finds one credential by search among them all', async () => {
    const started = Date.now();
    await app.type('search', '7777');
    await app.until(async () => (await app.all('card')).length >= 1 && (await app.find('credential-count')).getText().then((t) => t.startsWith('1 of')), 'one match');
    console.log(`bench: search among ${COUNT} cards: ${Date.now() - started} ms`);
  });
});
