/* global window */
/**
 * 阳光台账 — the primitives of the verify page (loaded first, then verify-witness.js, then verify.js):
 * the hash scheme of docs/hash-scheme.md and the checkpoint signature in Web Crypto (SHA-256, Ed25519),
 * no libraries. Exports a factory over a Web Crypto, so verify.js can rebuild everything over another one.
 * Works as a browser script (window.SunshineVerifyPrimitives) and as a CommonJS module (unit tests in Node).
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory;
  else root.SunshineVerifyPrimitives = factory;
})(typeof window !== 'undefined' ? window : globalThis, function (crypto, TextEncoder) {
  'use strict';
  const subtle = crypto && crypto.subtle;
  const utf8 = new TextEncoder();

  // ---- bytes ----
  function hexToBytes(hex) {
    if (typeof hex !== 'string' || !/^([0-9a-f]{2})*$/.test(hex)) throw new Error('not lower-case hex');
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  function bytesToHex(bytes) {
    let s = '';
    for (const b of bytes) s += b.toString(16).padStart(2, '0');
    return s;
  }
  /** Strict standard base64: rejects what atob would quietly accept in a non-canonical form. */
  function base64ToBytes(text) {
    if (typeof text !== 'string' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text))
      throw new Error('not base64');
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    if (bytesToBase64(out) !== text) throw new Error('not canonical base64');
    return out;
  }
  function bytesToBase64(bytes) {
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin);
  }
  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
  function bytesEqual(a, b) {
    if (a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
  }

  // ---- hashing (RFC 6962 §2.1 with SHA-256) ----
  async function sha256(bytes) {
    return new Uint8Array(await subtle.digest('SHA-256', bytes));
  }
  const leafHash = (entryHash) => sha256(concat(Uint8Array.of(0), entryHash));
  const nodeHash = (left, right) => sha256(concat(Uint8Array.of(1), left, right));
  /** hash(seq) = SHA-256(prev_hash ‖ canonical bytes); prev_hash is 32 zero bytes for seq 1. */
  const entryHash = (prevHash, canonicalBytes) => sha256(concat(prevHash, canonicalBytes));

  /** RFC 9162 §2.1.3.2, step by step as in src/journal/merkle/verify.ts; false on malformed input. */
  async function verifyInclusion(leaf, leafIndex, size, proof, expectedRoot) {
    const isCount = (n) => Number.isSafeInteger(n) && n >= 0;
    const isHash = (h) => h instanceof Uint8Array && h.length === 32;
    if (!isCount(leafIndex) || !isCount(size) || !isHash(leaf) || !isHash(expectedRoot)) return false;
    if (!Array.isArray(proof) || !proof.every(isHash) || leafIndex >= size) return false;
    const odd = (n) => n % 2 === 1;
    const half = (n) => Math.floor(n / 2);
    let fn = leafIndex;
    let sn = size - 1;
    let r = leaf;
    for (const p of proof) {
      if (sn === 0) return false; // proof too long
      if (odd(fn) || fn === sn) {
        r = await nodeHash(p, r);
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      } else {
        r = await nodeHash(r, p);
      }
      fn = half(fn);
      sn = half(sn);
    }
    return sn === 0 && bytesEqual(r, expectedRoot); // sn > 0: proof too short
  }

  /** C2SP checkpoint body: exactly four LF-terminated lines; only the canonical encoding is accepted. */
  function parseCheckpoint(body) {
    if (typeof body !== 'string' || !body.endsWith('\n')) throw new Error('签名检查点格式错误：应以换行结尾');
    const lines = body.slice(0, -1).split('\n');
    if (lines.length !== 4) throw new Error('签名检查点格式错误：应为 4 行');
    const [origin, sizeText, rootText, tsLine] = lines;
    if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
      throw new Error('签名检查点格式错误：树大小');
    const rootHash = base64ToBytes(rootText);
    if (rootHash.length !== 32) throw new Error('签名检查点格式错误：根哈希');
    if (!/^timestamp \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(tsLine))
      throw new Error('签名检查点格式错误：时间');
    return { origin, size: Number(sizeText), rootHash, timestamp: tsLine.slice('timestamp '.length) };
  }

  /** Ed25519 over the body's UTF-8 bytes with the raw 32-byte public key (base64). */
  async function verifySignature(publicKeyRawB64, body, signatureB64) {
    const raw = base64ToBytes(publicKeyRawB64);
    const sig = base64ToBytes(signatureB64);
    if (raw.length !== 32 || sig.length !== 64) return false;
    const key = await subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
    return subtle.verify({ name: 'Ed25519' }, key, sig, utf8.encode(body));
  }

  async function keyIdOf(publicKeyRawB64) {
    return bytesToHex(await sha256(base64ToBytes(publicKeyRawB64))).slice(0, 16);
  }

  // ---- step results, as the page shows them: passed, failed, or not decidable yet ----
  const pass = (detail) => ({ ok: true, detail });
  const fail = (reason) => ({ ok: false, reason });
  const pending = (reason) => ({ ok: null, reason });

  return {
    hexToBytes,
    bytesToHex,
    base64ToBytes,
    concat,
    bytesEqual,
    sha256,
    leafHash,
    nodeHash,
    entryHash,
    verifyInclusion,
    parseCheckpoint,
    verifySignature,
    keyIdOf,
    pass,
    fail,
    pending,
  };
});
