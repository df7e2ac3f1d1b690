// Launches the real, built Cairn app under tauri-driver (which drives WebKitGTK's
// WebKitWebDriver) and hands tests a Selenium session on its window.
//
// Environment:
//   CAIRN_APP              the built app binary (required; `make e2e` sets it)
//   CAIRN_E2E_ARTIFACTS    where screenshots go (default: tests/e2e/artifacts)
//   TAURI_DRIVER           the tauri-driver binary (default: from PATH)
//   WEBKIT_WEBDRIVER       the native driver (default: /usr/bin/WebKitWebDriver)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Builder, By, Capabilities, until } from 'selenium-webdriver';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// axe-core's browser build, injected into the window for accessibility checks.
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const artifacts = process.env.CAIRN_E2E_ARTIFACTS ?? path.join(here, 'artifacts');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited early with code ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on port ${port} within ${timeoutMs} ms`);
}

/**
 * Starts the app with a fresh wallet directory (unless `walletDir` is given) and
 * extra environment `env` (e.g. `CAIRN_E2E_PICK`, the answer to the file dialog),
 * and returns `{ driver, walletDir, screenshot(name), find(testId), stop() }`.
 */
export async function launchApp({ walletDir, env = {}, args = [] } = {}) {
  const application = process.env.CAIRN_APP;
  if (!application || !existsSync(application)) {
    throw new Error(`CAIRN_APP must name the built Cairn binary (got ${application ?? 'nothing'}); run \`make e2e\``);
  }
  const wallet = walletDir ?? mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-wallet-'));
  mkdirSync(artifacts, { recursive: true });
  // tauri-driver is chatty (it logs every retry while the native driver starts):
  // keep its output beside the screenshots instead of in the test report.
  const driverLog = openSync(path.join(artifacts, 'tauri-driver.log'), 'a');
  const port = await freePort();
  const nativePort = await freePort();
  const driverProcess = spawn(
    process.env.TAURI_DRIVER ?? 'tauri-driver',
    [
      '--port', String(port),
      '--native-port', String(nativePort),
      '--native-driver', process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver',
    ],
    // The app inherits this environment through the native driver: that is how a
    // test chooses the wallet the app opens.
    { env: { ...process.env, ...env, CAIRN_WALLET: wallet }, stdio: ['ignore', driverLog, driverLog] },
  );
  try {
    await waitForPort(port, driverProcess, 20_000);
    const capabilities = new Capabilities();
    capabilities.setBrowserName('wry');
    // `args` reach the app as its command line, the way the OS hands it a
    // `cairn://` link.
    capabilities.set('tauri:options', { application, args });
    const driver = await new Builder()
      .withCapabilities(capabilities)
      .usingServer(`http://127.0.0.1:${port}/`)
      .build();
    return {
      driver,
      walletDir: wallet,
      /** Waits for an element with `data-testid` and returns it. */
      async find(testId, timeoutMs = 15_000) {
        return driver.wait(until.elementLocated(By.css(`[data-testid="${testId}"]`)), timeoutMs);
      },
      /** Waits for an element with `data-testid` to be visible, and returns it. */
      async visible(testId, timeoutMs = 15_000) {
        const element = await driver.wait(until.elementLocated(By.css(`[data-testid="${testId}"]`)), timeoutMs);
        await driver.wait(until.elementIsVisible(element), timeoutMs);
        return element;
      },
      /** All elements with `data-testid` (possibly none). */
      async all(testId) {
        return driver.findElements(By.css(`[data-testid="${testId}"]`));
      },
      /** Clicks the element with `data-testid`. */
      async click(testId) {
        const element = await this.visible(testId);
        await element.click();
        return element;
      },
      /** Clears the field with `data-testid` and types `text` into it. */
      async type(testId, text) {
        const element = await this.visible(testId);
        await element.clear();
        await element.sendKeys(text);
        return element;
      },
      /** Waits until `check()` returns a truthy value, and returns it. */
      async until(check, message, timeoutMs = 15_000) {
        return driver.wait(async () => {
          try {
            return await check();
          } catch {
            return false;
          }
        }, timeoutMs, message);
      },
      /**
       * Runs axe-core on the page and fails on serious or critical violations,
       * naming each rule and the elements it found.
       */
      async checkAccessibility(screen) {
        await driver.executeScript(axeSource);
        const result = await driver.executeAsyncScript(`
          const done = arguments[arguments.length - 1];
          axe.run(document, { resultTypes: ['violations'] })
            .then((r) => done(JSON.stringify(r.violations)))
            .catch((e) => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }])));
        `);
        const bad = JSON.parse(result).filter((v) => v.impact === 'serious' || v.impact === 'critical');
        if (bad.length > 0) {
          const lines = bad.map(
            (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`,
          );
          throw new Error(`accessibility problems on the ${screen} screen:\n  ${lines.join('\n  ')}`);
        }
      },
      /** Saves a PNG of the window as artifacts/NAME.png and returns its path. */
      async screenshot(name) {
        const file = path.join(artifacts, `${name}.png`);
        // WebKit's snapshot can be a frame behind the DOM the test just checked: let
        // two frames paint first, so the picture shows what was asserted.
        await driver.executeAsyncScript(
          'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));',
        );
        writeFileSync(file, Buffer.from(await driver.takeScreenshot(), 'base64'));
        console.log(`screenshot: ${file}`);
        return file;
      },
      async stop() {
        try {
          await driver.quit();
        } finally {
          driverProcess.kill();
        }
      },
    };
  } catch (error) {
    driverProcess.kill();
    throw error;
  }
}
