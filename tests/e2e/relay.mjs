// The far side of sharing, for the journey: the real cairn-relay on a loopback port
// serving the built viewer, and Debian's Chromium (playwright-core, no browser
// download) to open a link the way a registrar does.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { relayStarted } from '../support/relay-started.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Starts cairn-relay on 127.0.0.1:0; resolves to `{ url, stop() }`. */
export async function startRelay() {
  const binary = process.env.CAIRN_RELAY;
  if (!binary || !existsSync(binary)) throw new Error(`CAIRN_RELAY must name the built cairn-relay (got ${binary ?? 'nothing'}); run \`make e2e\``);
  const viewer = path.join(root, 'ui/dist-viewer');
  if (!existsSync(path.join(viewer, 'index.html'))) throw new Error('ui/dist-viewer is missing: run `make viewer`');
  const store = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-relay-'));
  const child = spawn(binary, ['--listen', '127.0.0.1:0', '--store', store, '--viewer', viewer], {
    env: { ...process.env, RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await relayStarted(child);
  return {
    url,
    stop() {
      child.kill();
      rmSync(store, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium with nothing reaching out on its own. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless'],
  });
}

/** Opens `url` and waits until the viewer settles; returns the page and its state. */
export async function openInViewer(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state && document.body.dataset.state !== 'loading', null, {
    timeout: 30_000,
  });
  return { page, state: await page.evaluate(() => document.body.dataset.state) };
}
