/* global window */
/**
 * 阳光台账 — step (d) of the verify page: the county's witnesses cosigned the checkpoint, at least the quorum of
 * them (c2sp.org/signed-note vkeys, c2sp.org/tlog-cosignature v1), checked with Web Crypto's Ed25519.
 * Loaded after verify-primitives.js and before verify.js; exports a factory over a Web Crypto and the primitives.
 * Works as a browser script (window.SunshineVerifyWitness) and as a CommonJS module (unit tests in Node).
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory;
  else root.SunshineVerifyWitness = factory;
})(typeof window !== 'undefined' ? window : globalThis, function (crypto, TextEncoder, primitives) {
  'use strict';
  const subtle = crypto && crypto.subtle;
  const utf8 = new TextEncoder();
  const { base64ToBytes, bytesToHex, concat, bytesEqual, sha256, pass, fail, pending } = primitives;

  /** `<name>+<hex key ID>+base64(0x04 ‖ key)`; the key ID must be SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4]. */
  async function parseCosignerKey(vkey) {
    const parts = String(vkey).split('+');
    if (parts.length < 3) throw new Error('见证方公钥格式错误');
    const name = parts[0];
    const material = base64ToBytes(parts.slice(2).join('+'));
    if (material.length !== 33 || material[0] !== 0x04) throw new Error('见证方公钥不是 cosignature/v1 公钥');
    const publicKey = material.slice(1);
    const id = (await sha256(concat(utf8.encode(name + '\n'), Uint8Array.of(0x04), publicKey))).slice(0, 4);
    if (bytesToHex(id) !== parts[1]) throw new Error('见证方公钥编号与公钥不符');
    return { name, keyId: id, publicKey };
  }

  /** Signature lines after the last blank line of a signed note: [{name, bytes}]. */
  function noteSignatures(note, body) {
    if (typeof note !== 'string' || !note.startsWith(body + '\n')) throw new Error('检查点原文与签名说明不一致');
    return note
      .slice(body.length + 1)
      .split('\n')
      .filter((l) => l !== '')
      .map((line) => {
        const m = /^\u2014 (\S+) (\S+)$/.exec(line);
        if (!m) throw new Error('签名行格式错误');
        return { name: m[1], bytes: base64ToBytes(m[2]) };
      });
  }

  /** The timestamp (POSIX seconds) of a valid cosignature/v1 over the checkpoint body, else null. */
  async function verifyCosignature(publicKey, body, sigBytes) {
    if (sigBytes.length !== 4 + 8 + 64) return null;
    const view = new DataView(sigBytes.buffer, sigBytes.byteOffset + 4, 8);
    const t = view.getUint32(0) * 2 ** 32 + view.getUint32(4);
    if (!Number.isSafeInteger(t)) return null;
    const message = utf8.encode('cosignature/v1\ntime ' + t + '\n' + body);
    const key = await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    return (await subtle.verify({ name: 'Ed25519' }, key, sigBytes.slice(12), message)) ? t : null;
  }

  function beijing(seconds) {
    const t = new Date((seconds + 8 * 3600) * 1000).toISOString();
    return t.slice(0, 10) + ' ' + t.slice(11, 19) + '（北京时间）';
  }

  /** roster = { quorum, witnesses: [{ name, displayName, vkey }] } as the county publishes it. */
  async function checkWitnesses(input) {
    const roster = input.witnesses || { quorum: 0, witnesses: [] };
    const quorum = Number(roster.quorum) || 0;
    if (!roster.witnesses.length && quorum === 0)
      return {
        step: pass('本账簿未配置见证方：检查点只有县里自己的签名，无法排除"对不同的人展示不同的历史"'),
        cosigners: [],
      };
    let lines;
    try {
      lines = noteSignatures(input.checkpoint.note, input.checkpoint.body);
    } catch (e) {
      return { step: fail(e.message), cosigners: [] };
    }
    const cosigners = [];
    for (const w of roster.witnesses) {
      let key;
      try {
        key = await parseCosignerKey(w.vkey);
      } catch (e) {
        return { step: fail((w.displayName || w.name) + '：' + e.message), cosigners };
      }
      const mine = lines.filter((l) => l.name === key.name && bytesEqual(l.bytes.slice(0, 4), key.keyId));
      if (!mine.length) continue;
      const t = await verifyCosignature(key.publicKey, input.checkpoint.body, mine[0].bytes);
      if (t === null)
        return { step: fail('见证签名无效：' + (w.displayName || w.name) + ' 的联署与检查点不符'), cosigners };
      cosigners.push({ name: key.name, displayName: w.displayName || key.name, keyId: bytesToHex(key.keyId), time: t });
    }
    const named = cosigners
      .map((c) => '经 ' + c.displayName + ' 见证（公钥编号 ' + c.keyId + '，' + beijing(c.time) + '）')
      .join('；');
    if (cosigners.length >= quorum && cosigners.length > 0) return { step: pass(named), cosigners };
    if (cosigners.length >= quorum) return { step: pass('本账簿不要求见证方联署'), cosigners };
    const missing = roster.witnesses.length - cosigners.length;
    return {
      step: pending(
        '见证不足：需要 ' +
          quorum +
          ' 个见证方联署，只核验到 ' +
          cosigners.length +
          ' 个' +
          (missing ? '（' + missing + ' 个见证方尚未联署该检查点）' : '') +
          (named ? '。' + named : ''),
      ),
      cosigners,
    };
  }

  return { parseCosignerKey, noteSignatures, verifyCosignature, checkWitnesses };
});
