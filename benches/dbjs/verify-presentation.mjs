#!/usr/bin/env node
// Independent check of a Cairn share's presentation with the Digital Bazaar stack.
//
//   node benches/dbjs/verify-presentation.mjs FILE --challenge CHALLENGE [--now ISO-8601]
//
// FILE holds a Verifiable Presentation as Cairn signs it (eddsa-rdfc-2022 holder proof
// for `authentication`). `@digitalbazaar/vc`'s `verify` checks the holder's proof with
// the challenge and every embedded credential's eddsa-rdfc-2022 proof, offline.
// Prints one JSON line {"verified": bool, "error"?: text}; exits 0 when verified, 1
// when not, 2 on bad usage.
import {readFile} from 'node:fs/promises';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

import {describeError, makeDocumentLoader} from './offline-loader.mjs';

function usage(message) {
  console.error(`verify-presentation: ${message}`);
  console.error(
    'usage: node verify-presentation.mjs FILE --challenge C [--now ISO-8601]');
  process.exit(2);
}

const args = process.argv.slice(2);
let file = null;
let challenge = null;
let now = new Date().toISOString();
for(let i = 0; i < args.length; ++i) {
  if(args[i] === '--challenge') {
    challenge = args[++i];
  } else if(args[i] === '--now') {
    now = args[++i];
  } else if(file === null) {
    file = args[i];
  } else {
    usage(`unexpected argument ${args[i]}`);
  }
}
if(!file || !challenge) {
  usage('FILE and --challenge are required');
}

const presentation = JSON.parse(await readFile(file, 'utf8'));
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const result = await vc.verify({
  presentation,
  challenge,
  suite,
  documentLoader: await makeDocumentLoader(),
  now: new Date(now)
});
const out = {verified: Boolean(result.verified)};
if(!result.verified) {
  out.error = describeError(result.presentationResult || result).slice(0, 2000);
  if(result.credentialResults) {
    out.credentials = result.credentialResults.map(r => r.verified);
  }
}
console.log(JSON.stringify(out));
process.exit(result.verified ? 0 : 1);
