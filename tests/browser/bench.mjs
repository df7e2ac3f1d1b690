// The viewer on a 10-credential portfolio in Chromium: time from navigation to rendered
// cards, and the WASM verifier (decrypted payload → verified JSON, every round) alone.
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
    const { rendered, openShare, rounds } = await page.evaluate(() => ({
      rendered: Number(document.body.dataset.renderedMs),
      openShare: Number(document.body.dataset.openShareMs),
      rounds: Number(document.body.dataset.verifyRounds),
    }));
    rows.push({ rendered, openShare, rounds, cards });
    await context.close();
  }
  // Nearest-rank percentiles.
  const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];
  const line = (label, xs) =>
    console.log(
      `${label} median ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)}, ` +
        `min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}`,
    );
  console.log(`${RUNS} cold loads of a ${rows[0].cards}-credential share (first load included):`);
  console.table(rows);
  line('navigation → rendered:', rows.map((r) => r.rendered));
  line('verifier (WASM):      ', rows.map((r) => r.openShare));
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
