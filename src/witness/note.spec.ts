import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import {
  cosign,
  cosignedMessage,
  formatVkey,
  keyIdOf,
  parseNote,
  parseSignatureLine,
  parseVkey,
  rawPublicKey,
  SIG_COSIGNATURE_V1,
  signatureLine,
  verifyCosignature,
  verifyEd25519,
} from './note';

/** Examples and rules quoted from c2sp.org/signed-note and c2sp.org/tlog-cosignature (../shared/standards/c2sp). */
describe('signed-note (c2sp.org/signed-note)', () => {
  const vkey = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
  const note =
    'This is an example message.\n\n' +
    '— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

  it('parses the spec’s verifier key and recomputes its key ID as SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4]', () => {
    const v = parseVkey(vkey);
    expect(v).toMatchObject({ name: 'example.com/foo', type: 0x01 });
    const id = createHash('sha256')
      .update(Buffer.concat([Buffer.from('example.com/foo\n'), Buffer.of(0x01), v.publicKey]))
      .digest()
      .subarray(0, 4);
    expect(id.toString('hex')).toBe('530d903a');
    expect(formatVkey(v.name, v.type, v.publicKey)).toBe(vkey);
  });

  it('verifies the spec’s example note, and not a changed text', () => {
    const v = parseVkey(vkey);
    const parsed = parseNote(note);
    expect(parsed.text).toBe('This is an example message.\n');
    const [sig] = parsed.signatures;
    expect(sig.keyId.toString('hex')).toBe('530d903a');
    expect(verifyEd25519(parsed.text, v, sig.signature)).toBe(true);
    expect(verifyEd25519('This is an example message!\n', v, sig.signature)).toBe(false);
  });

  it('refuses a vkey whose key ID does not match, and malformed notes', () => {
    expect(() => parseVkey(vkey.replace('530d903a', '530d903b'))).toThrow('does not match');
    expect(() => parseNote('no signatures\n')).toThrow();
    expect(() => parseNote(note.replace('\n\n', '\n\u0007\n'))).toThrow('control character');
    expect(() => parseNote(note.replace('— ', '- '))).toThrow('malformed');
  });
});

describe('cosignature/v1 (c2sp.org/tlog-cosignature)', () => {
  const checkpoint = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

  it('reads the spec’s example cosignature line: 4-byte key ID, u64 big-endian timestamp, 64-byte signature', () => {
    const line =
      '— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5' +
      'nNo0xUe+mbIUBkBIfZ+qnA==';
    const sig = parseSignatureLine(line)!;
    expect(sig.name).toBe('witness.example.com/w1');
    expect(sig.keyId).toHaveLength(4);
    expect(sig.signature).toHaveLength(8 + 64);
    // The spec's example message carries "time 1679315147": the same instant as this line's timestamp.
    expect(sig.signature.readBigUInt64BE(0)).toBe(1679315147n);
  });

  it('signs exactly the spec’s message: header line, time line, then the checkpoint text', () => {
    expect(cosignedMessage(checkpoint, 1679315147n).toString()).toBe(
      'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n' +
        'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
  });

  it('makes cosignatures an independent Ed25519 verifier accepts, with the spec’s key ID and timestamp', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const name = 'audit.yancheng.example/w1';
    const pub = rawPublicKey(privateKey);
    const keyId = keyIdOf(name, SIG_COSIGNATURE_V1, pub);
    const expectedId = createHash('sha256')
      .update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from('\n'), Buffer.of(0x04), pub]))
      .digest()
      .subarray(0, 4);
    expect(keyId.equals(expectedId)).toBe(true);
    const t = 1_765_000_000n;
    const sig = cosign(checkpoint, privateKey, t);
    expect(sig.subarray(0, 8).toString('hex')).toBe('000000006933c340'); // 1765000000 = 0x6933c340
    const message = Buffer.from(`cosignature/v1\ntime 1765000000\n${checkpoint}`);
    expect(verify(null, message, publicKey, sig.subarray(8))).toBe(true);
    const v = parseVkey(formatVkey(name, SIG_COSIGNATURE_V1, pub));
    expect(v.type).toBe(0x04);
    expect(verifyCosignature(checkpoint, v, sig)).toBe(t);
    // A different checkpoint, a moved timestamp or a plain Ed25519 key type: no cosignature.
    expect(verifyCosignature(checkpoint.replace('20852163', '20852164'), v, sig)).toBeNull();
    const moved = Buffer.from(sig);
    moved.writeBigUInt64BE(t + 1n, 0);
    expect(verifyCosignature(checkpoint, v, moved)).toBeNull();
    expect(verifyCosignature(checkpoint, { ...v, type: 0x01 }, sig)).toBeNull();
    const line = signatureLine(name, keyId, sig);
    expect(line).toMatch(/^— audit\.yancheng\.example\/w1 [A-Za-z0-9+/]+=*\n$/);
    expect(parseSignatureLine(line.slice(0, -1))!.signature.equals(sig)).toBe(true);
  });

  it('refuses a zero timestamp (the witness protocol forbids omitting it)', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(() => cosign(checkpoint, privateKey, 0n)).toThrow(RangeError);
  });
});
