/**
 * C2SP signed notes (https://c2sp.org/signed-note), verifier keys, and the Ed25519 cosignature/v1 of
 * https://c2sp.org/tlog-cosignature: shared by the witness, the log side and the offline CLI.
 */
import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/** Signature type bytes of signed-note §Signature types. */
export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;

export interface NoteSignature {
  name: string;
  /** The uint32 key ID, big-endian, as 4 bytes. */
  keyId: Buffer;
  /** The bytes after the key ID. */
  signature: Buffer;
}

export interface Note {
  /** The signed text, with its final newline, without the separating blank line. */
  text: string;
  signatures: NoteSignature[];
}

export interface Verifier {
  name: string;
  keyId: Buffer;
  type: number;
  /** 32-byte Ed25519 public key. */
  publicKey: Buffer;
}

const MAX_SIGNATURES = 64;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (RFC 4648 §4): only the canonical encoding decodes. */
export function decodeBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** key ID = SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4]. */
export function keyIdOf(name: string, type: number, publicKey: Uint8Array): Buffer {
  const h = createHash('sha256');
  h.update(Buffer.from(name, 'utf8')).update(Buffer.of(0x0a, type)).update(publicKey);
  return h.digest().subarray(0, 4);
}

/** True when the text holds a C0 control character other than newline (signed-note §Format). */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return true;
  }
  return false;
}

/** Key names are non-empty, without Unicode spaces or '+'. */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !hasControl(name);
}

/** The 32 raw bytes of an Ed25519 public key (of a private key: of its public half). */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return pub.export({ type: 'spki', format: 'der' }).subarray(-32);
}

export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new Error('an Ed25519 public key has 32 bytes');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });
}

export function ed25519PrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 private key');
  return key;
}

/** `<name>+<hex key ID>+<base64(type ‖ public key)>`. */
export function formatVkey(name: string, type: number, publicKey: Uint8Array): string {
  const material = Buffer.concat([Buffer.of(type), publicKey]).toString('base64');
  return `${name}+${keyIdOf(name, type, publicKey).toString('hex')}+${material}`;
}

/** Parses an Ed25519 (0x01) or cosignature/v1 (0x04) vkey; throws on anything else or a key ID that disagrees. */
export function parseVkey(vkey: string): Verifier {
  const parts = vkey.trim().split('+');
  // The base64 part may itself hold '+': the name is first, the hex ID second, the rest is the key.
  if (parts.length < 3) throw new Error(`verifier key "${vkey}" must be <name>+<key id>+<key>`);
  const [name, idHex] = parts;
  const material = decodeBase64(parts.slice(2).join('+'));
  if (!isKeyName(name)) throw new Error(`verifier key name "${name}" is not a valid key name`);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new Error(`verifier key ID "${idHex}" must be 8 lower-case hex digits`);
  if (!material || material.length !== 33) throw new Error(`verifier key of ${name}: expected 33 bytes of key`);
  const type = material[0];
  if (type !== SIG_ED25519 && type !== SIG_COSIGNATURE_V1) throw new Error(`verifier key type 0x${type} unsupported`);
  const publicKey = material.subarray(1);
  const keyId = Buffer.from(idHex, 'hex');
  if (!keyId.equals(keyIdOf(name, type, publicKey))) throw new Error(`verifier key ID of ${name} does not match`);
  return { name, keyId, type, publicKey };
}

/** `— <name> base64(key ID ‖ signature)\n` */
export function signatureLine(name: string, keyId: Uint8Array, signature: Uint8Array): string {
  return `\u2014 ${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;
}

/** Parses one signature line without its newline; null when it is not one. */
export function parseSignatureLine(line: string): NoteSignature | null {
  if (!line.startsWith('\u2014 ')) return null;
  const rest = line.slice(2);
  const space = rest.indexOf(' ');
  if (space <= 0) return null;
  const name = rest.slice(0, space);
  const bytes = decodeBase64(rest.slice(space + 1));
  if (!isKeyName(name) || !bytes || bytes.length < 5) return null;
  return { name, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
}

/** Splits a signed note into text and signatures (signed-note §Format); throws when malformed. */
export function parseNote(note: string): Note {
  if (Buffer.from(note, 'utf8').toString('utf8') !== note) throw new Error('note is not valid UTF-8');
  if (hasControl(note)) throw new Error('note holds a control character');
  if (!note.endsWith('\n')) throw new Error('note must end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('note has no signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new Error('note has too many signatures');
  const signatures = lines.map((line) => {
    const sig = parseSignatureLine(line);
    if (!sig) throw new Error('malformed note signature line');
    return sig;
  });
  return { text, signatures };
}

export function formatNote(text: string, lines: string[]): string {
  return `${text}\n${lines.join('')}`;
}

/** The signatures of a note made by this verifier (same name and key ID). */
export function signaturesBy(note: Note, v: Pick<Verifier, 'name' | 'keyId'>): NoteSignature[] {
  return note.signatures.filter((s) => s.name === v.name && s.keyId.equals(v.keyId));
}

/** A plain Ed25519 note signature (type 0x01) over the note text. */
export function verifyEd25519(text: string, v: Verifier, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  return verify(null, Buffer.from(text, 'utf8'), ed25519PublicKey(v.publicKey), signature);
}

/** "cosignature/v1\ntime <t>\n" followed by the whole checkpoint text (tlog-cosignature §Ed25519 signed message). */
export function cosignedMessage(checkpointText: string, timestamp: bigint): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp.toString()}\n${checkpointText}`, 'utf8');
}

const MAX_TIMESTAMP = 2n ** 63n - 1n;

/** The `timestamped_signature`: u64 big-endian POSIX seconds ‖ 64-byte Ed25519 signature. */
export function cosign(checkpointText: string, privateKey: KeyObject, timestamp: bigint): Buffer {
  if (timestamp <= 0n || timestamp > MAX_TIMESTAMP) throw new RangeError('cosignature timestamp out of range');
  const out = Buffer.alloc(8 + 64);
  out.writeBigUInt64BE(timestamp, 0);
  sign(null, cosignedMessage(checkpointText, timestamp), privateKey).copy(out, 8);
  return out;
}

/** The timestamp of a valid cosignature/v1 by `v` over `checkpointText`, else null. */
export function verifyCosignature(checkpointText: string, v: Verifier, signature: Buffer): bigint | null {
  if (v.type !== SIG_COSIGNATURE_V1 || signature.length !== 72) return null;
  const timestamp = signature.readBigUInt64BE(0);
  if (timestamp > MAX_TIMESTAMP) return null;
  const ok = verify(
    null,
    cosignedMessage(checkpointText, timestamp),
    ed25519PublicKey(v.publicKey),
    signature.subarray(8),
  );
  return ok ? timestamp : null;
}
