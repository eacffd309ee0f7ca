/* global window */
/**
 * 阳光台账 — checks a public notice in the reader's own browser, so a villager does not have to
 * trust the server's word. Port of src/journal/verify/proof-verifier.ts and the hash scheme of
 * docs/hash-scheme.md to Web Crypto (SHA-256 and Ed25519), no libraries:
 *   (a) SHA-256(canonical notice content) = payload.contentHash of the notice.published entry;
 *   (b) entry hash = SHA-256(prev_hash ‖ canonical entry bytes), leaf = SHA-256(0x00 ‖ entry hash),
 *       and the RFC 9162 inclusion proof leads from that leaf to the checkpoint's root;
 *   (c) the checkpoint body is signed with the service's Ed25519 key;
 *   (d) the county's witnesses cosigned that checkpoint (C2SP cosignature/v1), at least the quorum of them.
 * Works as a browser script (window.SunshineVerify) and as a CommonJS module (unit tests in Node).
 */
(function (root, factory) {
  const api = factory(root.crypto, root.TextEncoder, root.TextDecoder);
  // For tests: the same functions over another Web Crypto (e.g. one without Ed25519).
  api.withCrypto = (crypto) => factory(crypto, root.TextEncoder, root.TextDecoder);
  if (typeof module === 'object' && module.exports) module.exports = api;
  else {
    root.SunshineVerify = api;
    if (root.document)
      root.document.addEventListener('DOMContentLoaded', () => api.runPage(root.document, root.fetch.bind(root)));
  }
})(typeof window !== 'undefined' ? window : globalThis, function (crypto, TextEncoder, TextDecoder) {
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

  // ---- witnesses (c2sp.org/signed-note vkeys, c2sp.org/tlog-cosignature v1) ----
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

  const pass = (detail) => ({ ok: true, detail });
  const fail = (reason) => ({ ok: false, reason });
  const pending = (reason) => ({ ok: null, reason });

  /**
   * Every check from raw material, nothing taken on the server's word:
   * in = { noticeId, book, seq, prevHash (hex), contentBytes, entryBytes, publicKeyRaw (b64),
   *        checkpoint: {body, signature} | null, proof: [hex] | null }
   * Returns { content, signature, inclusion, entryHash, leafHash, treeSize, overall: 'ok'|'fail'|'pending' }.
   */
  async function verifyNotice(input) {
    const out = {
      content: null,
      signature: null,
      inclusion: null,
      witness: null,
      cosigners: [],
      entryHash: null,
      leafHash: null,
      treeSize: null,
    };
    let doc = null;
    try {
      doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(input.entryBytes));
    } catch {
      out.content = fail('账簿记录不是合法的 JSON');
    }
    if (doc) out.content = await checkContent(input, doc);
    let leaf = null;
    try {
      const prev = hexToBytes(input.prevHash);
      if (prev.length !== 32) throw new Error('bad prev hash');
      const h = await entryHash(prev, input.entryBytes);
      out.entryHash = bytesToHex(h);
      leaf = await leafHash(h);
      out.leafHash = bytesToHex(leaf);
    } catch {
      out.inclusion = fail('无法计算记录哈希（上一条记录哈希格式错误）');
    }
    if (!input.checkpoint) {
      out.signature = pending('该账簿尚无覆盖本条记录的签名检查点，等待下一次签名检查点');
      out.inclusion = out.inclusion || pending('等待下一次签名检查点');
    } else {
      let cp = null;
      try {
        cp = parseCheckpoint(input.checkpoint.body);
      } catch (e) {
        out.signature = fail(e.message);
      }
      if (cp) {
        out.treeSize = cp.size;
        let signed = false;
        let unsupported = false;
        try {
          signed = await verifySignature(input.publicKeyRaw, input.checkpoint.body, input.checkpoint.signature);
        } catch (e) {
          // An old browser without Ed25519 must not make a genuine checkpoint look forged.
          unsupported = !!e && e.name === 'NotSupportedError';
        }
        if (cp.origin !== 'sunshine-ledger/' + input.book) out.signature = fail('检查点属于另一本账簿：' + cp.origin);
        else if (unsupported)
          out.signature = pending(
            '您的浏览器不支持 Ed25519 签名核验，请更新浏览器（Chrome 137、Safari 17、Firefox 129 及以上）或换一台设备核验',
          );
        else if (!signed) out.signature = fail('签名与公钥不符：检查点可能被伪造或篡改');
        else out.signature = pass('签名有效（Ed25519），树大小 ' + cp.size);
        if (!out.inclusion) out.inclusion = await checkInclusion(input, leaf, cp);
        if (out.signature.ok === true) {
          try {
            const w = await checkWitnesses(input);
            out.witness = w.step;
            out.cosigners = w.cosigners;
          } catch (e) {
            out.witness =
              e && e.name === 'NotSupportedError'
                ? pending('您的浏览器不支持 Ed25519，无法核验见证签名')
                : fail('见证签名无法核验');
          }
        }
      } else if (!out.inclusion) {
        out.inclusion = fail('签名检查点无法解析');
      }
    }
    out.witness = out.witness || pending('等待检查点签名核验后再核验见证');
    const steps = [out.content, out.signature, out.inclusion, out.witness];
    out.overall = steps.some((s) => s.ok === false) ? 'fail' : steps.every((s) => s.ok === true) ? 'ok' : 'pending';
    return out;
  }

  async function checkContent(input, doc) {
    const computed = bytesToHex(await sha256(input.contentBytes));
    const payload = doc && typeof doc.payload === 'object' && doc.payload ? doc.payload : {};
    if (doc.book !== input.book || doc.seq !== input.seq) return fail('账簿记录的账簿/序号与本公示不符');
    if (doc.type !== 'notice.published') return fail('账簿记录不是公示发布记录（' + String(doc.type) + '）');
    const subjects = Array.isArray(doc.subjects) ? doc.subjects : [];
    if (payload.noticeId !== input.noticeId && !subjects.includes('notice:' + input.noticeId))
      return fail('账簿记录属于另一份公示');
    if (payload.contentHash !== computed) {
      return fail(
        '公示内容的哈希 ' +
          computed.slice(0, 16) +
          '… 与账簿记录中的 ' +
          String(payload.contentHash).slice(0, 16) +
          '… 不一致：内容被改动过',
      );
    }
    return pass('内容哈希 ' + computed + ' 与账簿记录一致');
  }

  async function checkInclusion(input, leaf, cp) {
    if (!leaf) return fail('无法计算记录哈希');
    if (input.seq > cp.size)
      return pending('最新签名检查点（树大小 ' + cp.size + '）尚未包含本条记录，等待下一次签名检查点');
    if (!Array.isArray(input.proof)) return fail('缺少包含证明');
    let proof;
    try {
      proof = input.proof.map(hexToBytes);
    } catch {
      return fail('包含证明格式错误');
    }
    const ok = await verifyInclusion(leaf, input.seq - 1, cp.size, proof, cp.rootHash);
    return ok
      ? pass('第 ' + input.seq + ' 条记录在签名的默克尔树（大小 ' + cp.size + '）中')
      : fail('包含证明不成立：记录不在签名的默克尔树中，或证明被篡改');
  }

  // ---- the page ----
  async function fetchBytes(fetchFn, url) {
    const res = await fetchFn(url, { cache: 'no-store' });
    if (!res.ok) throw new Error(url + ' → HTTP ' + res.status);
    return new Uint8Array(await res.arrayBuffer());
  }
  async function fetchJson(fetchFn, url) {
    const res = await fetchFn(url, { cache: 'no-store' });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(url + ' → HTTP ' + res.status);
    return res.json();
  }

  /** Gathers the raw material from the URLs in the page's data-* attributes. */
  async function gather(d, fetchFn) {
    const q = '?book=' + encodeURIComponent(d.book);
    const [contentBytes, entryBytes, key, latest, witnesses] = await Promise.all([
      fetchBytes(fetchFn, d.contentUrl),
      fetchBytes(fetchFn, d.entryUrl),
      fetchJson(fetchFn, d.apiBase + '/ledger/public-key'),
      fetchJson(fetchFn, d.apiBase + '/ledger/checkpoints/latest' + q),
      fetchJson(fetchFn, d.apiBase + '/ledger/witnesses' + q),
    ]);
    const seq = Number(d.seq);
    let proof = null;
    if (latest && latest.treeSize >= seq) {
      const inc = await fetchJson(
        fetchFn,
        d.apiBase + '/ledger/proofs/inclusion' + q + '&seq=' + seq + '&size=' + latest.treeSize,
      );
      proof = inc ? inc.proof : null;
    }
    return {
      noticeId: d.noticeId,
      book: d.book,
      seq,
      prevHash: d.prevHash,
      contentBytes,
      entryBytes,
      publicKeyRaw: key ? key.publicKeyRaw : '',
      checkpoint: latest ? { body: latest.body, signature: latest.signature, note: latest.note } : null,
      proof,
      witnesses,
    };
  }

  function show(doc, id, step) {
    const el = doc.getElementById(id);
    if (!el) return;
    el.className = 'step ' + (step.ok === true ? 'ok' : step.ok === false ? 'bad' : 'wait');
    el.querySelector('.mark').textContent = step.ok === true ? '✓' : step.ok === false ? '✗' : '…';
    el.querySelector('.why').textContent = step.ok === true ? step.detail : step.reason;
  }

  function firstPending(result) {
    const step = [result.content, result.inclusion, result.signature, result.witness].find((s) => s.ok === null);
    return step ? step.reason : '';
  }

  async function runPage(doc, fetchFn) {
    const box = doc.getElementById('verify');
    if (!box) return;
    const verdict = doc.getElementById('verdict');
    if (!subtle) {
      // Web Crypto exists only in secure contexts: HTTPS, or localhost.
      verdict.className = 'verdict wait';
      verdict.textContent = '无法在本浏览器中核验：请通过 HTTPS 打开本页（浏览器只在安全连接下提供 Web Crypto）';
      box.setAttribute('data-result', 'unsupported');
      return;
    }
    let result;
    try {
      const input = await gather(box.dataset, fetchFn);
      result = await verifyNotice(input);
      result.keyId = input.publicKeyRaw ? await keyIdOf(input.publicKeyRaw) : '';
    } catch (e) {
      result = { overall: 'fail', error: '无法取得核验材料：' + e.message };
    }
    if (result.error) {
      verdict.className = 'verdict bad';
      verdict.textContent = '✗ 核验失败 — ' + result.error;
    } else {
      show(doc, 'step-content', result.content);
      show(doc, 'step-signature', result.signature);
      show(doc, 'step-inclusion', result.inclusion);
      show(doc, 'step-witness', result.witness);
      const computed = doc.getElementById('computed');
      if (computed)
        computed.textContent =
          '浏览器计算的记录哈希：' +
          result.entryHash +
          '\n叶子哈希：' +
          result.leafHash +
          '\n公钥编号：' +
          result.keyId;
      verdict.className = 'verdict ' + (result.overall === 'ok' ? 'ok' : result.overall === 'fail' ? 'bad' : 'wait');
      verdict.textContent =
        result.overall === 'ok'
          ? '✓ 核验通过' +
            (result.cosigners.length
              ? '，' + result.cosigners.map((c) => '经 ' + c.displayName + ' 见证').join('、')
              : '')
          : result.overall === 'fail'
            ? '✗ 核验失败'
            : '… 尚未全部核验：' + firstPending(result);
    }
    box.setAttribute('data-result', result.overall);
  }

  return {
    hexToBytes,
    bytesToHex,
    base64ToBytes,
    sha256,
    leafHash,
    nodeHash,
    entryHash,
    verifyInclusion,
    parseCheckpoint,
    verifySignature,
    keyIdOf,
    parseCosignerKey,
    verifyCosignature,
    verifyNotice,
    gather,
    runPage,
  };
});
