import { createPublicKey, KeyObject } from 'node:crypto';
import {
  leafHash,
  parseCheckpointBody,
  verifyCheckpointSignature,
  verifyConsistency,
  verifyInclusion,
} from '../merkle';

/**
 * What a villager's phone or an auditor's laptop runs: given only the service's public key, check that a signed
 * checkpoint is genuine and that an entry (or an older checkpoint) is inside it.
 */
export interface SignedCheckpoint {
  body: string;
  signature: string;
}

export interface VerifyResult {
  ok: boolean;
  reason?: string;
}

/** Accepts the 32 raw bytes in base64 (as served) or a PEM SPKI key. */
export function publicKeyFrom(key: string): KeyObject {
  if (key.includes('BEGIN PUBLIC KEY')) return createPublicKey(key);
  const raw = Buffer.from(key, 'base64');
  if (raw.length !== 32) throw new Error('an Ed25519 public key has 32 bytes');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

function signedRoot(publicKey: KeyObject, cp: SignedCheckpoint) {
  if (!verifyCheckpointSignature(cp.body, cp.signature, publicKey)) return null;
  return parseCheckpointBody(cp.body);
}

export function verifyEntryInclusion(
  publicKey: KeyObject,
  input: { checkpoint: SignedCheckpoint; entryHash: string; seq: number; proof: string[] },
): VerifyResult {
  let head;
  try {
    head = signedRoot(publicKey, input.checkpoint);
  } catch {
    return { ok: false, reason: 'malformed checkpoint' };
  }
  if (!head) return { ok: false, reason: 'checkpoint signature is not valid for this key' };
  const included = verifyInclusion(
    leafHash(Buffer.from(input.entryHash, 'hex')),
    input.seq - 1,
    head.size,
    input.proof.map((h) => Buffer.from(h, 'hex')),
    head.rootHash,
  );
  return included
    ? { ok: true }
    : { ok: false, reason: `entry ${input.seq} is not in the signed tree of size ${head.size}` };
}

export function verifyCheckpointConsistency(
  publicKey: KeyObject,
  input: { older: SignedCheckpoint; newer: SignedCheckpoint; proof: string[] },
): VerifyResult {
  let older;
  let newer;
  try {
    older = signedRoot(publicKey, input.older);
    newer = signedRoot(publicKey, input.newer);
  } catch {
    return { ok: false, reason: 'malformed checkpoint' };
  }
  if (!older || !newer) return { ok: false, reason: 'checkpoint signature is not valid for this key' };
  if (older.origin !== newer.origin) return { ok: false, reason: 'checkpoints of different books' };
  const consistent = verifyConsistency(
    older.size,
    newer.size,
    older.rootHash,
    newer.rootHash,
    input.proof.map((h) => Buffer.from(h, 'hex')),
  );
  return consistent
    ? { ok: true }
    : { ok: false, reason: `the tree of size ${newer.size} does not extend the tree of size ${older.size}` };
}
