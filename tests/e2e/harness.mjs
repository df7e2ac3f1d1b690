// Launches the real, built Cairn app under tauri-driver (which drives WebKitGTK's
// WebKitWebDriver) and hands tests a Selenium session on its window.
//
// Environment:
//   CAIRN_APP              the built app binary (required; `make e2e` sets it)
//   CAIRN_E2E_ARTIFACTS    where screenshots go (default: tests/e2e/artifacts)
//   TAURI_DRIVER           the tauri-driver binary (default: from PATH)
//   WEBKIT_WEBDRIVER       the native driver (default: /usr/bin/WebKitWebDriver)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, openSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Builder, By, Capabilities, until } from 'selenium-webdriver';

const here = path.dirname(fileURLToPath(import.meta.url));
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
 * returns `{ driver, walletDir, screenshot(name), find(testId), stop() }`.
 */
export async function launchApp({ walletDir } = {}) {
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
    { env: { ...process.env, CAIRN_WALLET: wallet }, stdio: ['ignore', driverLog, driverLog] },
  );
  try {
    await waitForPort(port, driverProcess, 20_000);
    const capabilities = new Capabilities();
    capabilities.setBrowserName('wry');
    capabilities.set('tauri:options', { application });
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
      /** Saves a PNG of the window as artifacts/NAME.png and returns its path. */
      async screenshot(name) {
        const file = path.join(artifacts, `${name}.png`);
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
