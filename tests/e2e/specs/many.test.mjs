// A wallet of 10,000 credentials in the real window: imported as one folder with
// progress, then listed, sorted, filtered and searched while only the cards in view
// exist in the page (the list is windowed).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchApp } from '../harness.mjs';
import { createWalletThroughUi, makeFixtures } from '../fixtures.mjs';

const COUNT = Number(process.env.CAIRN_E2E_MANY ?? 10_000);

describe(`a wallet of ${COUNT} credentials`, () => {
  let app;
  before(async () => {
    const inbox = makeFixtures(['--count', String(COUNT)]);
    app = await launchApp({ env: { CAIRN_E2E_PICK: inbox } });
    await createWalletThroughUi(app);
  });
  after(async () => {
    await app?.stop();
  });

  it('imports them all from one folder, showing progress', async () => {
    await app.click('nav-import');
    await app.click('pick-folder');
    await app.visible('import-progress');
    await app.screenshot('12-import-progress');
    const imported = await app.visible('count-imported', 600_000);
    assert.equal(await imported.getText(), `${COUNT} imported`);
  });

  it('lists them with only the visible cards in the page', async () => {
    await app.click('nav-credentials');
    const count = await app.visible('credential-count', 60_000);
    assert.equal(await count.getText(), String(COUNT));
    const rendered = (await app.all('card')).length;
    assert.ok(rendered > 0 && rendered < 100, `${rendered} cards in the DOM`);
    await app.screenshot('13-many-credentials');
  });

  it('scrolls to the end and shows the last cards', async () => {
    const before = await app.driver.executeScript(
      'return [...document.querySelectorAll("[data-testid=card]")].map((c) => c.dataset.id)',
    );
    await app.driver.executeScript(
      'const s = document.querySelector("[data-testid=card-scroller]"); s.scrollTop = s.scrollHeight;',
    );
    await app.until(async () => {
      const now = await app.driver.executeScript(
        'return [...document.querySelectorAll("[data-testid=card]")].map((c) => c.dataset.id)',
      );
      return now.length > 0 && now.length < 100 && !now.includes(before[0]);
    }, 'other cards after scrolling');
    const last = await app.driver.executeScript(
      'const l = document.querySelectorAll("[role=listitem]"); return l[l.length - 1].getAttribute("aria-posinset")',
    );
    assert.equal(last, String(COUNT));
  });

  it('searches and filters the whole wallet', async () => {
    await app.type('search', 'carpentry');
    await app.until(
      async () => (await (await app.find('credential-count')).getText()) === `${COUNT / 8} of ${COUNT}`,
      'one in eight is carpentry',
      30_000,
    );
    await app.type('search', ' ');
    const issuer = await app.visible('filter-issuer');
    await app.driver.executeScript(
      'const s = document.querySelector("[data-testid=filter-issuer]"); s.value = "Open Skills Network"; s.dispatchEvent(new Event("change", { bubbles: true }));',
    );
    await app.until(
      async () => (await (await app.find('credential-count')).getText()) === `${COUNT / 5} of ${COUNT}`,
      'one in five from that issuer',
    );
    assert.ok(issuer);
  });
});
