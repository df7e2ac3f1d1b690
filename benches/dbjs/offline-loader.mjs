// The Digital Bazaar stack's offline document loader, shared by the benchmark and
// the presentation interoperability check: JSON-LD contexts from Cairn's bundled
// files (the URL -> file table in crates/cairn-core/contexts/SOURCES.md), did:key
// derived locally, and nothing ever fetched from the network.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as didKey from '@digitalbazaar/did-method-key';
import {JsonLdDocumentLoader} from 'jsonld-document-loader';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONTEXTS_DIR = path.resolve(HERE, '../../crates/cairn-core/contexts');

// URL -> file rows of the table in SOURCES.md: | `URL` | `file` | ...
async function loadContexts() {
  const table = await readFile(path.join(CONTEXTS_DIR, 'SOURCES.md'), 'utf8');
  const contexts = new Map();
  for(const line of table.split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|/.exec(line);
    if(!m) {
      continue;
    }
    const [, url, file] = m;
    const text = await readFile(path.join(CONTEXTS_DIR, file), 'utf8');
    contexts.set(url, JSON.parse(text));
  }
  if(contexts.size === 0) {
    throw new Error(`no contexts found in ${CONTEXTS_DIR}/SOURCES.md`);
  }
  return contexts;
}

export async function makeDocumentLoader() {
  const loader = new JsonLdDocumentLoader();
  loader.addDocuments({documents: await loadContexts()});

  // did:key -> DID document / verification method, derived locally.
  const didKeyDriver = didKey.driver();
  didKeyDriver.use({
    multibaseMultikeyHeader: 'z6Mk',
    fromMultibase: Ed25519Multikey.from
  });
  loader.setDidResolver(didKeyDriver);

  const load = loader.build();
  // Anything not bundled is an error: never fall back to the network.
  return async url => {
    try {
      return await load(url);
    } catch(e) {
      throw new Error(`offline document loader: cannot load "${url}"`,
        {cause: e});
    }
  };
}

export function describeError(result) {
  const errors = [];
  if(result.error) {
    errors.push(result.error);
  }
  for(const r of result.results || []) {
    if(r.error) {
      errors.push(r.error);
    }
  }
  const e = errors[0];
  if(!e) {
    return JSON.stringify(result, null, 2);
  }
  const parts = [];
  for(let cur = e; cur; cur = cur.cause) {
    parts.push(cur.errors ?
      cur.errors.map(x => x.stack || String(x)).join('\n') :
      (cur.stack || String(cur)));
  }
  return parts.join('\ncaused by: ');
}

