import canonicalize from 'canonicalize';
import { createHash, generateKeyPairSync } from 'node:crypto';
import vectors from '../../journal/chain/hash-vectors.json';
import { canonicalBytes, chainHash, EntryDocument, GENESIS_HASH } from '../../journal/chain/entry-document';
import {
  checkpointBody,
  inclusionProof,
  MemorySubtreeStore,
  signCheckpoint,
  verifyInclusion as nodeVerifyInclusion,
} from '../../journal/merkle';
import { cosign, formatVkey, keyIdOf, rawPublicKey, SIG_COSIGNATURE_V1, signatureLine } from '../../witness/note';
import * as browser from './verify';

// The browser script checked in Node 20 (globalThis.crypto.subtle has SHA-256 and Ed25519)
// against the published vectors and against proofs and checkpoints made by the server's own code.

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const BOOK = '411103000000';
const NOTICE_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';

describe('verify.js primitives against docs/hash-scheme.md vectors', () => {
  it('recomputes every entry hash and leaf hash of the vector chain', async () => {
    for (const [i, v] of vectors.chain.entries()) {
      const h = await browser.entryHash(browser.hexToBytes(v.prevHash), new TextEncoder().encode(v.canonical));
      expect(hex(h)).toBe(v.hash);
      expect(hex(await browser.leafHash(h))).toBe(vectors.merkle.leafHashes[i]);
    }
  });

  it('checks the vector inclusion proof and the RFC 8032 test-key checkpoint signature', async () => {
    const { inclusion, checkpoint } = vectors.merkle;
    const leaf = browser.hexToBytes(vectors.merkle.leafHashes[inclusion.leafIndex]);
    const proof = inclusion.proof.map(browser.hexToBytes);
    const cp = browser.parseCheckpoint(checkpoint.body);
    expect(hex(cp.rootHash)).toBe(vectors.merkle.root);
    expect(await browser.verifyInclusion(leaf, inclusion.leafIndex, cp.size, proof, cp.rootHash)).toBe(true);
    expect(await browser.verifySignature(checkpoint.publicKeyRaw, checkpoint.body, checkpoint.signature)).toBe(true);
    expect(await browser.keyIdOf(checkpoint.publicKeyRaw)).toBe(checkpoint.keyId);
    const forged = checkpoint.body.replace('\n5\n', '\n6\n');
    expect(await browser.verifySignature(checkpoint.publicKeyRaw, forged, checkpoint.signature)).toBe(false);
  });

  it('accepts only canonical checkpoint bodies and base64', () => {
    const body = vectors.merkle.checkpoint.body;
    expect(() => browser.parseCheckpoint(body.slice(0, -1))).toThrow();
    expect(() => browser.parseCheckpoint(body.replace('\n5\n', '\n05\n'))).toThrow();
    expect(() => browser.parseCheckpoint(body + 'extra\n')).toThrow();
    expect(() => browser.parseCheckpoint(body.replace('=\n', '\n'))).toThrow();
    // Non-zero padding bits.
    expect(() => browser.base64ToBytes('PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgx=')).toThrow();
  });
});

describe('verify.js inclusion agrees with the server for every seq and size up to 33', () => {
  const entries = Array.from({ length: 33 }, (_, i) => createHash('sha256').update(`entry ${i}`).digest());
  it('accepts every server proof; rejects each with a flipped byte, a wrong index or a dropped hash', async () => {
    for (let size = 1; size <= entries.length; size++) {
      const store = new MemorySubtreeStore(entries.slice(0, size));
      const root = store.root();
      for (let index = 0; index < size; index++) {
        const proof = await inclusionProof(index, size, store);
        const leaf = await browser.leafHash(entries[index]);
        expect(nodeVerifyInclusion(Buffer.from(leaf), index, size, proof, root)).toBe(true);
        expect(
          await browser.verifyInclusion(
            leaf,
            index,
            size,
            proof.map((p) => new Uint8Array(p)),
            root,
          ),
        ).toBe(true);
        for (let k = 0; k < proof.length; k++) {
          const bad = proof.map((p, j) => (j === k ? Buffer.from(p.map((b, n) => (n === 31 ? b ^ 1 : b))) : p));
          expect(await browser.verifyInclusion(leaf, index, size, bad, root)).toBe(false);
        }
        if (size > 1) {
          expect(await browser.verifyInclusion(leaf, (index + 1) % size, size, proof, root)).toBe(false);
          expect(await browser.verifyInclusion(leaf, index, size, proof.slice(0, -1), root)).toBe(false);
        }
        expect(await browser.verifyInclusion(leaf, index, size, [...proof, root], root)).toBe(false);
      }
    }
  });
});

/** A small book like the server writes it: test entries, then the notice.published entry. */
async function bookWithNotice(extraAfter = 2) {
  const content = {
    version: 1,
    type: 'approval',
    title: '刘庄村道路硬化项目批复公示',
    fields: [{ label: '金额', value: '1,409.50', amountYuan: '1409.50' }],
  };
  const contentBytes = Buffer.from(canonicalize(content) as string, 'utf8');
  const contentHash = createHash('sha256').update(contentBytes).digest('hex');
  const docs: EntryDocument[] = [];
  const base = {
    v: 1 as const,
    book: BOOK,
    occurredOn: '2026-11-20',
    recordedAt: '2026-11-20T02:00:00.000Z',
    actor: 'test',
    postings: [],
  };
  for (let seq = 1; seq <= 3; seq++) docs.push({ ...base, seq, type: 'test.noted', subjects: [], payload: { n: seq } });
  docs.push({
    ...base,
    seq: 4,
    type: 'notice.published',
    subjects: [`notice:${NOTICE_ID}`],
    payload: { noticeId: NOTICE_ID, contentHash },
  });
  for (let i = 0; i < extraAfter; i++)
    docs.push({ ...base, seq: 5 + i, type: 'test.noted', subjects: [], payload: {} });
  const bodies = docs.map(canonicalBytes);
  const hashes: Buffer[] = [];
  bodies.forEach((b, i) => hashes.push(chainHash(i === 0 ? GENESIS_HASH : hashes[i - 1], b)));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyRaw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
  const store = new MemorySubtreeStore(hashes);
  const body = checkpointBody({
    origin: `sunshine-ledger/${BOOK}`,
    size: hashes.length,
    rootHash: store.root(),
    timestamp: new Date(),
  });
  const input: browser.VerifyInput = {
    noticeId: NOTICE_ID,
    book: BOOK,
    seq: 4,
    prevHash: hashes[2].toString('hex'),
    contentBytes,
    entryBytes: bodies[3],
    publicKeyRaw,
    checkpoint: { body, signature: signCheckpoint(body, privateKey) },
    proof: (await inclusionProof(3, hashes.length, store)).map((p) => p.toString('hex')),
  };
  return { input, hashes, privateKey };
}

describe('verifyNotice: the three checks of the verify page', () => {
  it('passes content, signature and inclusion for an untouched notice', async () => {
    const { input, hashes } = await bookWithNotice();
    const out = await browser.verifyNotice(input);
    expect(out.overall).toBe('ok');
    expect([out.content.ok, out.signature.ok, out.inclusion.ok]).toEqual([true, true, true]);
    expect(out.entryHash).toBe(hashes[3].toString('hex'));
    expect(out.treeSize).toBe(6);
  });

  it('fails only the inclusion step when one byte of the proof is flipped', async () => {
    const { input } = await bookWithNotice();
    const proof = [...input.proof!];
    proof[1] = (proof[1][0] === 'a' ? 'b' : 'a') + proof[1].slice(1);
    const out = await browser.verifyNotice({ ...input, proof });
    expect(out.overall).toBe('fail');
    expect([out.content.ok, out.signature.ok, out.inclusion.ok]).toEqual([true, true, false]);
    expect(out.inclusion.reason).toContain('包含证明不成立');
  });

  it('fails the content step when the served content differs by one character', async () => {
    const { input } = await bookWithNotice();
    const tampered = Buffer.from(
      Buffer.from(input.contentBytes).toString('utf8').replace('1409.50', '1499.50'),
      'utf8',
    );
    const out = await browser.verifyNotice({ ...input, contentBytes: tampered });
    expect(out.overall).toBe('fail');
    expect(out.content).toMatchObject({ ok: false });
    expect(out.content.reason).toContain('内容被改动过');
    expect(out.inclusion.ok).toBe(true);
  });

  it('fails when the entry bytes were rewritten (hash changes, so the leaf is not in the signed tree)', async () => {
    const { input } = await bookWithNotice();
    const rewritten = Buffer.from(
      Buffer.from(input.entryBytes).toString('utf8').replace('2026-11-20', '2026-11-21'),
      'utf8',
    );
    const out = await browser.verifyNotice({ ...input, entryBytes: rewritten });
    expect(out.content.ok).toBe(true);
    expect(out.inclusion.ok).toBe(false);
    expect(out.overall).toBe('fail');
  });

  it('fails the signature step for another key, a re-signed root or another book', async () => {
    const { input, privateKey } = await bookWithNotice();
    const other = generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'der' })
      .subarray(-32)
      .toString('base64');
    expect((await browser.verifyNotice({ ...input, publicKeyRaw: other })).signature.ok).toBe(false);
    const body = input.checkpoint!.body.replace(
      /\n[A-Za-z0-9+/=]{44}\n/,
      `\n${Buffer.alloc(32, 7).toString('base64')}\n`,
    );
    const forged = await browser.verifyNotice({
      ...input,
      checkpoint: { body, signature: input.checkpoint!.signature },
    });
    expect([forged.signature.ok, forged.overall]).toEqual([false, 'fail']);
    const otherBook = input.checkpoint!.body.replace(BOOK, '411121000000');
    const moved = await browser.verifyNotice({
      ...input,
      checkpoint: { body: otherBook, signature: signCheckpoint(otherBook, privateKey) },
    });
    expect(moved.signature.reason).toContain('另一本账簿');
  });

  it('fails when the entry belongs to another notice', async () => {
    const { input } = await bookWithNotice();
    const out = await browser.verifyNotice({ ...input, noticeId: '11111111-2222-4333-8444-555555555555' });
    expect(out.content.reason).toContain('另一份公示');
  });

  it('is pending, not passed, when no checkpoint covers the entry yet, and still checks the content', async () => {
    const { input } = await bookWithNotice();
    const none = await browser.verifyNotice({ ...input, checkpoint: null, proof: null });
    expect(none.overall).toBe('pending');
    expect([none.content.ok, none.signature.ok, none.inclusion.ok]).toEqual([true, null, null]);
    const bad = await browser.verifyNotice({
      ...input,
      contentBytes: Buffer.from('{}'),
      checkpoint: null,
      proof: null,
    });
    expect(bad.overall).toBe('fail');
  });

  it('is pending when the latest signed checkpoint is older than the entry', async () => {
    const { input, hashes, privateKey } = await bookWithNotice();
    const store = new MemorySubtreeStore(hashes.slice(0, 3));
    const body = checkpointBody({
      origin: `sunshine-ledger/${BOOK}`,
      size: 3,
      rootHash: store.root(),
      timestamp: new Date(),
    });
    const out = await browser.verifyNotice({
      ...input,
      checkpoint: { body, signature: signCheckpoint(body, privateKey) },
      proof: null,
    });
    expect([out.content.ok, out.signature.ok, out.inclusion.ok, out.overall]).toEqual([true, true, null, 'pending']);
    expect(out.inclusion.reason).toContain('等待下一次签名检查点');
  });

  it('does not call a genuine checkpoint forged in a browser without Ed25519', async () => {
    const { input } = await bookWithNotice();
    const subtle = globalThis.crypto.subtle;
    const noEd25519 = {
      subtle: {
        digest: subtle.digest.bind(subtle),
        importKey: () => Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError')),
        verify: subtle.verify.bind(subtle),
      },
    };
    const out = await browser.withCrypto(noEd25519).verifyNotice(input);
    expect([out.content.ok, out.signature.ok, out.inclusion.ok, out.overall]).toEqual([true, null, true, 'pending']);
    expect(out.signature.reason).toContain('不支持 Ed25519');
  });
});

describe('verifyNotice: the witnesses’ cosignatures (cosignature/v1) and the quorum', () => {
  const witness = (name: string) => {
    const { privateKey } = generateKeyPairSync('ed25519');
    return { name, privateKey, vkey: formatVkey(name, SIG_COSIGNATURE_V1, rawPublicKey(privateKey)) };
  };
  const audit = witness('audit.yancheng.example/w1');
  const city = witness('city.finance.example/w2');
  const line = (w: typeof audit, body: string, t: bigint) =>
    signatureLine(
      w.name,
      keyIdOf(w.name, SIG_COSIGNATURE_V1, rawPublicKey(w.privateKey)),
      cosign(body, w.privateKey, t),
    );
  const roster = (quorum: number) => ({
    quorum,
    witnesses: [
      { name: audit.name, displayName: '郾城区审计局', vkey: audit.vkey },
      { name: city.name, displayName: '漯河市财政局', vkey: city.vkey },
    ],
  });
  const T = 1_765_000_000n; // 2025-12-06 05:46:40 UTC

  async function witnessed(lines: (body: string) => string[], quorum: number) {
    const { input } = await bookWithNotice();
    const cp = input.checkpoint!;
    const countyLine = `— sunshine-ledger/${BOOK} ${cp.signature}\n`; // not checked here: step (c) checks it
    const note = `${cp.body}\n${countyLine}${lines(cp.body).join('')}`;
    return browser.verifyNotice({ ...input, checkpoint: { ...cp, note }, witnesses: roster(quorum) });
  }

  it('names who witnessed, with key ID and Beijing time, when the quorum is met', async () => {
    const out = await witnessed((body) => [line(audit, body, T)], 1);
    expect(out.overall).toBe('ok');
    expect(out.witness.ok).toBe(true);
    const keyId = keyIdOf(audit.name, SIG_COSIGNATURE_V1, rawPublicKey(audit.privateKey)).toString('hex');
    expect(out.witness.detail).toBe(`经 郾城区审计局 见证（公钥编号 ${keyId}，2025-12-06 13:46:40（北京时间））`);
    expect(out.cosigners).toEqual([{ name: audit.name, displayName: '郾城区审计局', keyId, time: Number(T) }]);
  });

  it('says plainly that the quorum is missing, and does not pass the notice', async () => {
    const out = await witnessed((body) => [line(audit, body, T)], 2);
    expect(out.overall).toBe('pending');
    expect(out.witness.ok).toBeNull();
    expect(out.witness.reason).toMatch(/^见证不足：需要 2 个见证方联署，只核验到 1 个（1 个见证方尚未联署该检查点）/);
  });

  it('fails on a cosignature over another checkpoint; ignores a signer of the same name with another key', async () => {
    const other = await witnessed((body) => [line(audit, body.replace(/\n\d+\n/, '\n7\n'), T)], 1);
    expect([other.witness.ok, other.overall]).toEqual([false, 'fail']);
    expect(other.witness.reason).toContain('郾城区审计局');
    const stranger = witness(audit.name); // the same name, another key: its line is not the audit bureau's
    const ignored = await witnessed((body) => [line(stranger, body, T)], 1);
    expect([ignored.witness.ok, ignored.overall]).toEqual([null, 'pending']);
  });

  it('rejects a published witness key whose key ID does not match its key', async () => {
    const bad = audit.vkey.replace(
      /\+([0-9a-f]{8})\+/,
      // The first hex digit changed, whatever it was (a random key's ID starts with 0 one time in 16).
      (_, id: string) => `+${id[0] === '0' ? '1' : '0'}${id.slice(1)}+`,
    );
    await expect(browser.parseCosignerKey(bad)).rejects.toThrow('公钥编号');
  });
});
