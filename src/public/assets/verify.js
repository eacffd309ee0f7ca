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
 * The hashing and signature primitives are in verify-primitives.js, step (d) in verify-witness.js; the page
 * loads both before this script, which gathers the material, runs the steps and shows the verdict.
 * Works as a browser script (window.SunshineVerify) and as a CommonJS module (unit tests in Node).
 */
(function (root, factory) {
  const commonJs = typeof module === 'object' && module.exports;
  /* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS in Node, where no bundler runs */
  const primitives = commonJs ? require('./verify-primitives') : root.SunshineVerifyPrimitives;
  const witness = commonJs ? require('./verify-witness') : root.SunshineVerifyWitness;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const make = (crypto) => {
    const p = primitives(crypto, root.TextEncoder);
    return factory(crypto, root.TextDecoder, p, witness(crypto, root.TextEncoder, p));
  };
  const api = make(root.crypto);
  // For tests: the same functions over another Web Crypto (e.g. one without Ed25519).
  api.withCrypto = make;
  if (commonJs) module.exports = api;
  else {
    root.SunshineVerify = api;
    if (root.document)
      root.document.addEventListener('DOMContentLoaded', () => api.runPage(root.document, root.fetch.bind(root)));
  }
})(typeof window !== 'undefined' ? window : globalThis, function (crypto, TextDecoder, primitives, witness) {
  'use strict';
  const subtle = crypto && crypto.subtle;
  const { hexToBytes, bytesToHex, base64ToBytes, sha256, leafHash, nodeHash, entryHash, verifyInclusion } = primitives;
  const { parseCheckpoint, verifySignature, keyIdOf, pass, fail, pending } = primitives;
  const { parseCosignerKey, verifyCosignature, checkWitnesses } = witness;

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
