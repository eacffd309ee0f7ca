import { generateKeyPairSync } from 'node:crypto';
import { checkpointBody, parseCheckpointBody, signCheckpoint, verifyCheckpointSignature } from './checkpoint';

const ROOT8 = Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex');
const TS = '2025-01-31T08:00:00.000Z';
const BODY = `sunshine-ledger.example/book/42\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntimestamp ${TS}\n`;

describe('checkpoint body', () => {
  it('has the exact C2SP layout', () => {
    expect(checkpointBody({ origin: 'sunshine-ledger.example/book/42', size: 8, rootHash: ROOT8, timestamp: TS })).toBe(
      BODY,
    );
    expect(
      checkpointBody({ origin: 'sunshine-ledger.example/book/42', size: 8, rootHash: ROOT8, timestamp: new Date(TS) }),
    ).toBe(BODY);
  });

  it('round-trips through parseCheckpointBody', () => {
    expect(parseCheckpointBody(BODY)).toEqual({
      origin: 'sunshine-ledger.example/book/42',
      size: 8,
      rootHash: ROOT8,
      timestamp: TS,
    });
    const unicode = checkpointBody({ origin: '阳光台账/村/7', size: 0, rootHash: ROOT8, timestamp: TS });
    expect(parseCheckpointBody(unicode).origin).toBe('阳光台账/村/7');
  });

  it.each([
    ['missing final newline', BODY.slice(0, -1)],
    ['extra line', `${BODY}extra\n`],
    ['blank line', BODY.replace('\n8\n', '\n\n8\n')],
    ['leading zero size', BODY.replace('\n8\n', '\n08\n')],
    ['signed size', BODY.replace('\n8\n', '\n+8\n')],
    ['hex size', BODY.replace('\n8\n', '\n0x8\n')],
    ['size above 2^53', BODY.replace('\n8\n', '\n9007199254740993\n')],
    ['unpadded base64', BODY.replace('Qyg=', 'Qyg')],
    ['url-safe base64', BODY.replace('+Nw7/', '-Nw7_')],
    ['short root', BODY.replace('XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=', 'AAAA')],
    ['missing timestamp', BODY.replace(`timestamp ${TS}`, `time ${TS}`)],
    ['non-UTC timestamp', BODY.replace(TS, '2025-01-31T08:00:00+08:00')],
    ['garbage timestamp', BODY.replace(TS, 'yesterday')],
    ['CRLF', BODY.replace(/\n/g, '\r\n')],
  ])('rejects %s', (_name, text) => {
    expect(() => parseCheckpointBody(text)).toThrow();
  });

  it('refuses values that would make the body ambiguous', () => {
    const base = { origin: 'o', size: 1, rootHash: ROOT8, timestamp: TS };
    expect(() => checkpointBody({ ...base, origin: 'a\nb' })).toThrow(/origin/);
    expect(() => checkpointBody({ ...base, origin: '' })).toThrow(/origin/);
    expect(() => checkpointBody({ ...base, origin: 'bad\ud800' })).toThrow(/origin/);
    expect(() => checkpointBody({ ...base, size: -1 })).toThrow(RangeError);
    expect(() => checkpointBody({ ...base, size: 1.5 })).toThrow(RangeError);
    expect(() => checkpointBody({ ...base, rootHash: ROOT8.subarray(1) })).toThrow(/32-byte/);
    expect(() => checkpointBody({ ...base, timestamp: new Date(NaN) })).toThrow();
  });
});

describe('checkpoint signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('sign / verify round-trip with a KeyObject and with PEM', () => {
    const sig = signCheckpoint(BODY, privateKey);
    expect(Buffer.from(sig, 'base64')).toHaveLength(64);
    expect(verifyCheckpointSignature(BODY, sig, publicKey)).toBe(true);
    expect(verifyCheckpointSignature(BODY, sig, pem)).toBe(true);
  });

  it('rejects tampered bodies, tampered signatures, wrong keys and junk', () => {
    const sig = signCheckpoint(BODY, privateKey);
    const sigBytes = Buffer.from(sig, 'base64');
    sigBytes[10] ^= 1;
    expect(verifyCheckpointSignature(BODY.replace('\n8\n', '\n9\n'), sig, publicKey)).toBe(false);
    expect(verifyCheckpointSignature(BODY.replace('Qyg=', 'Qyk='), sig, publicKey)).toBe(false);
    expect(verifyCheckpointSignature(BODY.slice(0, -1), sig, publicKey)).toBe(false);
    expect(verifyCheckpointSignature(BODY, sigBytes.toString('base64'), publicKey)).toBe(false);
    expect(verifyCheckpointSignature(BODY, sig.slice(0, -4), publicKey)).toBe(false);
    expect(verifyCheckpointSignature(BODY, `${sig}\n`, publicKey)).toBe(false);
    expect(verifyCheckpointSignature(BODY, 'not base64!', publicKey)).toBe(false);
    expect(verifyCheckpointSignature(BODY, sig, other.publicKey)).toBe(false);
    expect(verifyCheckpointSignature(BODY, sig, 'not a pem')).toBe(false);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(verifyCheckpointSignature(BODY, sig, rsa.publicKey)).toBe(false);
    expect(() => signCheckpoint(BODY, rsa.privateKey)).toThrow(/Ed25519/);
    expect(() => signCheckpoint(BODY, publicKey)).toThrow(/Ed25519/);
  });
});
