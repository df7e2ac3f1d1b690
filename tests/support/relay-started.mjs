// Waits for a cairn-relay child process to say where it listens (it binds port 0 and
// prints `cairn-relay listening on http://…`); fails with its output if it exits or is
// silent for 20 s. Shared by the e2e and the browser tests.
export function relayStarted(child) {
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`cairn-relay did not start: ${out}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /cairn-relay listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (code) => fail(new Error(`cairn-relay exited (${code}): ${out}`)));
  });
}
