import type { KeyObject } from 'node:crypto';
import { publicKeyFrom, verifyEntryInclusion, VerifyResult } from './proof-verifier';

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
): Promise<VerifyResult & { treeSize?: number; keySource: string }> {
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
    checkpoint: { body: string; signature: string } | null;
  }>(`${base}/proofs/inclusion?book=${book}&seq=${seq}`);
  if (!proof.checkpoint) return { ok: false, reason: 'no signed checkpoint at that size', keySource };
  return {
    ...verifyEntryInclusion(key, { checkpoint: proof.checkpoint, entryHash: proof.entryHash, seq, proof: proof.proof }),
    treeSize: proof.treeSize,
    keySource,
  };
}
