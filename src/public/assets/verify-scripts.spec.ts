import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import vectors from '../../journal/chain/hash-vectors.json';
import { formatVkey, rawPublicKey, SIG_COSIGNATURE_V1 } from '../../witness/note';
import * as required from './verify';

// verify.spec.ts requires verify.js as a CommonJS module; the page instead runs the three scripts as plain
// browser scripts sharing window globals, in the order of verify.view.ts. This checks that path in a vm context.

const SCRIPTS = ['verify-primitives.js', 'verify-witness.js', 'verify.js'];

function browserWindow(scripts: string[]) {
  const listeners: string[] = [];
  const document = { addEventListener: (type: string) => listeners.push(type) };
  const window = createContext({ crypto: globalThis.crypto, TextEncoder, TextDecoder, atob, btoa, document });
  for (const file of scripts) runInContext(readFileSync(join(__dirname, file), 'utf8'), window, { filename: file });
  return { window: window as { SunshineVerify?: typeof required }, listeners };
}

describe('the verify page scripts loaded as browser scripts, in page order', () => {
  it('expose window.SunshineVerify with the same functions as the CommonJS module, and hook the page', async () => {
    const { window, listeners } = browserWindow(SCRIPTS);
    const api = window.SunshineVerify!;
    // `import * as` adds the interop `default`; the module's own keys are the rest.
    expect(Object.keys(api).sort()).toEqual(
      Object.keys(required)
        .filter((k) => k !== 'default')
        .sort(),
    );
    expect(listeners).toEqual(['DOMContentLoaded']);
    const v = vectors.chain[0];
    const h = await api.entryHash(api.hexToBytes(v.prevHash), new TextEncoder().encode(v.canonical));
    expect(api.bytesToHex(h)).toBe(v.hash);
    const name = 'audit.yancheng.example/w1';
    const publicKey = rawPublicKey(generateKeyPairSync('ed25519').privateKey);
    const key = await api.parseCosignerKey(formatVkey(name, SIG_COSIGNATURE_V1, publicKey));
    expect([key.name, Buffer.from(key.publicKey).equals(publicKey)]).toEqual([name, true]);
  });

  it('needs verify-primitives.js and verify-witness.js loaded before verify.js', () => {
    // The vm context's TypeError is another realm's class, so match the message.
    expect(() => browserWindow(['verify.js'])).toThrow(/is not a function/);
  });
});
