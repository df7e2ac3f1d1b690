// Test credentials, made by the `e2e_fixtures` example (signed by the core's own
// signer), in a fresh temporary folder per call.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeFixtures(args = []) {
  const bin = process.env.CAIRN_E2E_FIXTURES;
  if (!bin) throw new Error('CAIRN_E2E_FIXTURES must name the built e2e_fixtures example; run `make e2e`');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-inbox-'));
  execFileSync(bin, [dir, ...args], { stdio: 'inherit' });
  return dir;
}

export function tempDir(prefix) {
  return mkdtempSync(path.join(os.tmpdir(), `cairn-e2e-${prefix}-`));
}

export const PASSPHRASE = 'lantern orbit basil quarry';

/** Walks the first-run screens and returns the recovery code shown. */
export async function createWalletThroughUi(app, passphrase = PASSPHRASE) {
  await app.type('setup-passphrase', passphrase);
  await app.type('setup-confirm', passphrase);
  await app.click('setup-create');
  const code = (await (await app.visible('recovery-code', 60_000)).getText()).replace(/\s+/g, '-');
  await app.click('code-next');
  await app.type('confirm-last-group', code.split('-').at(-1));
  await app.click('confirm-done');
  await app.visible('shell');
  return code;
}
