import canonicalize from 'canonicalize';
import { hash } from 'node:crypto';

/** Hash scheme v1 (docs/hash-scheme.md). */
export const HASH_SCHEME_VERSION = 1;
export const GENESIS_HASH = Buffer.alloc(32);

export interface PostingDocument {
  /** Account path, e.g. `pool:411103000000`, `project:<uuid>`, `source:central`. */
  account: string;
  /** The fund (指标文件) the money belongs to. */
  fund: string;
  /** Signed integer fen as a decimal string (JSON numbers cannot hold every bigint). */
  amount: string;
}

/** `P`: the payload type of the entry's type, as its draft declared it (EntryDraft<P>). */
export interface EntryDocument<P extends object = Record<string, unknown>> {
  v: typeof HASH_SCHEME_VERSION;
  book: string;
  seq: number;
  type: string;
  occurredOn: string;
  recordedAt: string;
  actor: string;
  subjects: string[];
  payload: P;
  postings: PostingDocument[];
  /** Funds this entry brings into the book's fund registry. */
  newFunds?: string[];
  /** For `entry.reversed`: the seq of the entry it reverses (same book). */
  reverses?: number;
  /** For cross-book entries: the other half, written in the same transaction. */
  counterpart?: { book: string; seq: number };
}

export function canonicalBytes(doc: EntryDocument<object>): Buffer {
  const text = canonicalize(doc);
  if (text === undefined) throw new Error('entry document cannot be canonicalised');
  return Buffer.from(text, 'utf8');
}

export function chainHash(prevHash: Buffer, bytes: Buffer): Buffer {
  return hash('sha256', Buffer.concat([prevHash, bytes]), 'buffer');
}
