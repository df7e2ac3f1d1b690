// The viewer on a 10-credential portfolio in Chromium: time from navigation to rendered
// cards, and the WASM `open_share` (decrypted payload → verified JSON) alone.
// A measurement, not a test: `npm --prefix tests/browser run bench` after `make cli
// relay-binary viewer`; figures go to BENCHMARKS.md ("Sharing (issue 6)").
import { browser, settled, startRelay, wallet } from './harness.mjs';

const CREDENTIALS = [
  'dbjs-signed/eddsa-rdfc-2022.json',
  'dbjs-signed/eddsa-jcs-2022.json',
  'dbjs-signed/Ed25519Signature2020.json',
  'dbjs-signed/jwt-EdDSA.jwt',
  'dbjs-signed/jwt-RS256.jwt',
  'ssi-signed/ob3-eddsa-rdfc-2022.json',
  'ssi-signed/v2plain-eddsa-rdfc-2022.json',
  'w3c-vc-di-eddsa/eddsa-rdfc-2022.didkey.json',
  'w3c-vc-di-eddsa/eddsa-jcs-2022.didkey.json',
  'w3c-vc-di-eddsa/ed25519-signature-2020.didkey.json',
];
const RUNS = Number(process.env.RUNS ?? 7);

// node:test's `t.after` stand-in: clean up when the script ends.
const cleanups = [];
const t = { after: (fn) => cleanups.push(fn) };
try {
  const relay = await startRelay(t, { CAIRN_RELAY_RATE_LIMIT: '0' });
  const w = wallet(t);
  const ids = w.import(...CREDENTIALS);
  const shared = w.share(w.portfolio('Ten credentials', ids), relay.url);
  const chromium = await browser(t);
  const rows = [];
  for (let i = 0; i < RUNS; i++) {
    // A fresh page each time, cache included: a registrar opens a link once.
    const context = await chromium.newContext();
    const page = await context.newPage();
    await page.goto(shared.link);
    const state = await settled(page);
    if (state !== 'share') throw new Error(`the viewer settled on "${state}"`);
    const cards = await page.locator('article.card').count();
    const { rendered, openShare } = await page.evaluate(() => ({
      rendered: Number(document.body.dataset.renderedMs),
      openShare: Number(document.body.dataset.openShareMs),
    }));
    rows.push({ rendered, openShare, cards });
    await context.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${RUNS} cold loads of a ${rows[0].cards}-credential share (first load included):`);
  console.table(rows);
  console.log(`median navigation → rendered: ${median(rows.map((r) => r.rendered)).toFixed(1)} ms`);
  console.log(`median open_share (WASM):     ${median(rows.map((r) => r.openShare)).toFixed(1)} ms`);
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
