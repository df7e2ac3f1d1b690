#!/usr/bin/env node
// Digital Bazaar JavaScript side of Cairn's verification throughput benchmark.
//
//   node benches/dbjs/verify-bench.mjs DIR [--repeat N] [--now ISO-8601]
//
// Verifies every `*.json` credential in DIR with `@digitalbazaar/vc`
// (`verifyCredential`, `DataIntegrityProof` + `eddsa-rdfc-2022`), fully offline:
// JSON-LD contexts come from Cairn's bundled files (the URL -> file table in
// crates/cairn-core/contexts/SOURCES.md) and `did:key` verification methods
// are derived locally by `@digitalbazaar/did-method-key`. Every credential
// must verify (else exit 1 with the first error). One warm-up pass, then
// `--repeat` timed passes, single-threaded, sequential; prints one JSON line.
import {readFile, readdir} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {describeError, makeDocumentLoader} from './offline-loader.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Fixed verification time, so results do not depend on the wall clock.
const DEFAULT_NOW = '2030-01-01T00:00:00Z';
const PACKAGES = [
  '@digitalbazaar/vc',
  '@digitalbazaar/data-integrity',
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite',
  '@digitalbazaar/ed25519-multikey',
  '@digitalbazaar/did-method-key',
  'jsonld-document-loader',
  'jsonld-signatures',
  'jsonld',
  'rdf-canonize'
];

function usage(message) {
  if(message) {
    console.error(`verify-bench: ${message}`);
  }
  console.error(
    'usage: node verify-bench.mjs DIR [--repeat N] [--now ISO-8601]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {dir: null, repeat: 1, now: DEFAULT_NOW};
  for(let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if(arg === '--repeat') {
      const n = Number(argv[++i]);
      if(!Number.isInteger(n) || n < 1) {
        usage('--repeat needs a positive integer');
      }
      opts.repeat = n;
    } else if(arg === '--now') {
      const now = argv[++i];
      if(!now || Number.isNaN(Date.parse(now))) {
        usage('--now needs an ISO 8601 date-time');
      }
      opts.now = now;
    } else if(arg === '-h' || arg === '--help') {
      usage();
    } else if(arg.startsWith('-')) {
      usage(`unknown option ${arg}`);
    } else if(opts.dir === null) {
      opts.dir = arg;
    } else {
      usage(`unexpected argument ${arg}`);
    }
  }
  if(opts.dir === null) {
    usage('DIR is required');
  }
  return opts;
}

async function readCredentials(dir) {
  const names = (await readdir(dir))
    .filter(name => name.endsWith('.json'))
    .sort();
  const credentials = [];
  for(const name of names) {
    // keep the bytes; each verification parses them (as a verifier would)
    const text = await readFile(path.join(dir, name), 'utf8');
    JSON.parse(text); // fail early on a file that is not JSON
    credentials.push({name, text});
  }
  return credentials;
}

async function verifyAll({credentials, suite, documentLoader, now}) {
  for(const {name, text} of credentials) {
    const credential = JSON.parse(text);
    const result = await vc.verifyCredential({
      credential, suite, documentLoader, now
      // no checkStatus: credentials with credentialStatus are rejected by vc
    });
    if(!result.verified) {
      console.error(`verify-bench: ${name} did not verify:`);
      console.error(describeError(result));
      process.exit(1);
    }
  }
}

function packageVersions() {
  const require = createRequire(import.meta.url);
  const versions = {};
  for(const name of PACKAGES) {
    // walk up from the resolved entry point to the package's package.json
    let dir;
    try {
      dir = path.dirname(require.resolve(name));
    } catch{
      // ESM-only packages without a "require" export
      dir = path.join(HERE, 'node_modules', name);
    }
    for(;;) {
      try {
        const pkg = require(path.join(dir, 'package.json'));
        if(pkg.name === name) {
          versions[name] = pkg.version;
          break;
        }
      } catch{}
      const up = path.dirname(dir);
      if(up === dir) {
        break;
      }
      dir = up;
    }
  }
  return versions;
}

async function main() {
  const {dir, repeat, now} = parseArgs(process.argv.slice(2));
  const credentials = await readCredentials(dir);
  if(credentials.length === 0) {
    usage(`no *.json files in ${dir}`);
  }
  const documentLoader = await makeDocumentLoader();
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  const args = {credentials, suite, documentLoader, now: new Date(now)};

  // warm-up pass (JIT, lazy module state); also checks every one verifies
  await verifyAll(args);

  const start = process.hrtime.bigint();
  for(let i = 0; i < repeat; ++i) {
    await verifyAll(args);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const verified = credentials.length * repeat;

  console.log(JSON.stringify({
    stack: 'digitalbazaar-js',
    credentials: verified,
    seconds: Number(seconds.toFixed(6)),
    per_second: Number((verified / seconds).toFixed(2)),
    node: process.version,
    packages: packageVersions()
  }));
}

main().catch(e => {
  console.error(`verify-bench: ${e.stack || e}`);
  process.exit(1);
});
