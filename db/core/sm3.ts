// SM3 (GB/T 32905) three ways, with the same digests: OpenSSL's through node:crypto where the runtime has it (Node:
// the CLI, the browser host, tests, the bench), WebAssembly from hash-wasm where it does not (the desktop shell:
// Electron's BoringSSL has no SM3), and sm-crypto-v2's pure JavaScript until the WebAssembly module is ready (it
// is compiled once, asynchronously, when this module loads; await sm3Ready() before hashing many). A unit test
// compares the three on random inputs.
import { createHash, getHashes } from 'node:crypto';
import { createSM3, type IHasher } from 'hash-wasm';
import { sm3 as jsSm3 } from 'sm-crypto-v2';

/** auto: OpenSSL, else WebAssembly, else JS. The others force one (for measuring and for the equality test). */
export type Sm3Implementation = 'auto' | 'openssl' | 'wasm' | 'js';

export const OPENSSL_SM3 = getHashes().includes('sm3');

let wasm: IHasher | null = null;
const ready: Promise<void> = createSM3().then(
  (h) => {
    wasm = h;
  },
  () => undefined, // no WebAssembly: the pure-JS SM3 serves
);

/** Resolves once the WebAssembly SM3 is compiled (or known to be unavailable). */
export function sm3Ready(): Promise<void> {
  return ready;
}

/** The implementation 'auto' uses now. */
export function sm3Engine(): Exclude<Sm3Implementation, 'auto'> {
  return OPENSSL_SM3 ? 'openssl' : wasm ? 'wasm' : 'js';
}

const utf8 = new TextEncoder();
let scratch = new Uint8Array(4096);

/** SM3 of bytes, or of a string's UTF-8 bytes, as 64 lower-case hex digits. */
export function sm3Of(data: string | Uint8Array, implementation: Sm3Implementation = 'auto'): string {
  const engine = implementation === 'auto' ? sm3Engine() : implementation;
  if (engine === 'openssl') {
    if (!OPENSSL_SM3) throw new Error('OpenSSL SM3 is not available in this runtime');
    return typeof data === 'string'
      ? createHash('sm3').update(data, 'utf8').digest('hex')
      : createHash('sm3').update(data).digest('hex');
  }
  if (engine === 'wasm') {
    if (!wasm) throw new Error('WebAssembly SM3 is not ready (await sm3Ready())');
    wasm.init();
    wasm.update(data);
    return wasm.digest('hex');
  }
  if (typeof data !== 'string') return jsSm3(data);
  // One reused buffer: no allocation per entry when a whole chain is walked.
  if (scratch.length < data.length * 3) scratch = new Uint8Array(data.length * 3);
  const { written } = utf8.encodeInto(data, scratch);
  return jsSm3(scratch.subarray(0, written));
}
