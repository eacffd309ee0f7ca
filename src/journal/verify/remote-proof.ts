import type { KeyObject } from 'node:crypto';
import { parseNote, rawPublicKey, SIG_ED25519, keyIdOf } from '../../witness/note';
import { checkWitnessed, WitnessedResult } from '../../witness/witnessed';
import { originOf } from '../witnesses/checkpoint-note';
import { publicKeyFrom, verifyEntryInclusion, VerifyResult } from './proof-verifier';

/** The witness keys a reader trusts and how many of them must have cosigned (`--witness-key`, `--quorum`). */
export interface WitnessRequirement {
  keys: string[];
  quorum: number;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Checks, against a running service, that entry book/seq is in the book's latest signed checkpoint. */
export async function verifyRemoteEntry(
  server: string,
  book: string,
  seq: number,
  trustedKey?: string,
  witnesses: WitnessRequirement = { keys: [], quorum: 0 },
): Promise<VerifyResult & { treeSize?: number; keySource: string; witnessed?: WitnessedResult }> {
  const base = server.replace(/\/$/, '') + '/api/v1/ledger';
  let key: KeyObject;
  let keySource = 'given';
  if (trustedKey) key = publicKeyFrom(trustedKey);
  else {
    key = publicKeyFrom((await getJson<{ publicKeyRaw: string }>(`${base}/public-key`)).publicKeyRaw);
    keySource = 'server (not independently trusted)';
  }
  const proof = await getJson<{
    entryHash: string;
    proof: string[];
    treeSize: number;
    checkpoint: { body: string; signature: string; note?: string } | null;
  }>(`${base}/proofs/inclusion?book=${book}&seq=${seq}`);
  if (!proof.checkpoint) return { ok: false, reason: 'no signed checkpoint at that size', keySource };
  const included = verifyEntryInclusion(key, {
    checkpoint: proof.checkpoint,
    entryHash: proof.entryHash,
    seq,
    proof: proof.proof,
  });
  const result = { ...included, treeSize: proof.treeSize, keySource };
  if (!witnesses.keys.length && !witnesses.quorum) return result;
  const witnessed = checkWitnesses(key, book, proof.checkpoint, witnesses);
  if (!result.ok || witnessed.quorumMet) return { ...result, witnessed };
  const reason = `${witnessed.valid} of the required ${witnessed.quorum} witness cosignature(s) verify`;
  return { ...result, ok: false, reason, witnessed };
}

/** The checkpoint's note must carry exactly the verified body; then its cosignatures count toward the quorum. */
export function checkWitnesses(
  key: KeyObject,
  book: string,
  checkpoint: { body: string; note?: string },
  witnesses: WitnessRequirement,
): WitnessedResult {
  const origin = originOf(book);
  const log = {
    name: origin,
    type: SIG_ED25519,
    publicKey: rawPublicKey(key),
    keyId: keyIdOf(origin, SIG_ED25519, rawPublicKey(key)),
  };
  if (!checkpoint.note || parseNote(checkpoint.note).text !== checkpoint.body)
    return { logSigned: false, cosigners: [], quorum: witnesses.quorum, valid: 0, quorumMet: witnesses.quorum === 0 };
  return checkWitnessed(checkpoint.note, log, witnesses.keys, witnesses.quorum);
}
