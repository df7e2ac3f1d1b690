// The real pieces a registrar meets: cairn-relay serving the built viewer, shares made
// by the cairn CLI, Debian's Chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { relayStarted } from '../support/relay-started.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');
export const artifacts = join(here, 'artifacts');
const targetDir = process.env.CARGO_TARGET_DIR ?? join(homedir(), '.cache/cairn-target');
export const bin = (name) => {
  const path = join(targetDir, 'debug', name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`make cli relay-binary viewer-fixtures\``);
  return path;
};

/// The shared test vectors: `shared/vectors` beside the checkout (or an ancestor).
export const vectors = (() => {
  for (let dir = root; dir !== dirname(dir); dir = dirname(dir)) {
    for (const candidate of [join(dir, 'shared/vectors'), join(dir, '../shared/vectors')]) {
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error('the shared test vectors (../shared/vectors) are missing');
})();

export function tempDir(t, prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Retries: a relay being stopped may still be flushing its view counts into the store.
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));
  return dir;
}

/// Starts cairn-relay on a free loopback port; resolves to its base URL and store dir.
export async function startRelay(t, extraEnv = {}) {
  const store = tempDir(t, 'cairn-relay-');
  const viewer = join(root, 'ui/dist-viewer');
  if (!existsSync(join(viewer, 'index.html'))) throw new Error('ui/dist-viewer is missing: run `make viewer`');
  const child = spawn(bin('cairn-relay'), ['--listen', '127.0.0.1:0', '--store', store, '--viewer', viewer], {
    env: { ...process.env, RUST_LOG: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Wait for it to exit: it folds view counts into the store as it stops, and removing
  // the store meanwhile fails (ENOTEMPTY).
  t.after(
    () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill();
      }),
  );
  const url = await relayStarted(child);
  return { url, store };
}

/// A fresh wallet driven through the real CLI.
export function wallet(t) {
  const dir = tempDir(t, 'cairn-wallet-');
  const env = { ...process.env, CAIRN_WALLET: join(dir, 'wallet'), CAIRN_PASSPHRASE: 'browser-test passphrase' };
  const cairn = (...args) => execFileSync(bin('cairn'), ['--json', ...args], { env, encoding: 'utf8' });
  cairn('init');
  return {
    /// Imports vector files (paths relative to the vectors, or absolute) and returns
    /// their ids, in order.
    import(...files) {
      const out = JSON.parse(cairn('import', ...files.map((f) => resolve(vectors, f))));
      return out.items.map((item) => {
        if (!item.id) throw new Error(`import of ${item.source} failed: ${item.error}`);
        return item.id;
      });
    },
    portfolio(title, ids, note) {
      return JSON.parse(cairn('portfolio', 'create', title, ...ids, ...(note ? ['--note', note] : []))).id;
    },
    share(portfolio, relay) {
      return JSON.parse(cairn('share', portfolio, '--relay', relay, '--expires', '1d'));
    },
    /// `cairn share --save FILE`: the signed presentation in a file, not uploaded.
    save(portfolio, file) {
      return JSON.parse(cairn('share', portfolio, '--save', file, '--expires', '1d'));
    },
    unshare(id) {
      cairn('unshare', id);
    },
  };
}

/// Debian's Chromium, headless, with nothing reaching out on its own.
export async function browser(t) {
  mkdirSync(artifacts, { recursive: true });
  const instance = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless'],
  });
  t.after(() => instance.close());
  return instance;
}

/// Opens `url` and waits until the viewer has settled on a page (data-state on body).
export async function view(instance, url, { width = 1000, height = 900, ignoreHTTPSErrors = false } = {}) {
  const page = await instance.newPage({ viewport: { width, height }, ignoreHTTPSErrors });
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  await page.goto(url);
  return { page, problems };
}

export async function settled(page) {
  await page.waitForFunction(() => document.body.dataset.state && document.body.dataset.state !== 'loading', null, {
    timeout: 30_000,
  });
  return page.evaluate(() => document.body.dataset.state);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}
