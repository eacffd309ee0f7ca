/**
 * The lines of a journal export (`GET /exports/journal/:book.jsonl`), one JSON object per line (docs/exports.md):
 * a head line, one line per entry in seq order, and an end line. Everything a verifier needs without the database.
 */
export const JOURNAL_FILE_FORMAT = 'sunshine-ledger/journal-export';
export const JOURNAL_FILE_VERSION = 1;

export interface JournalFileCheckpoint {
  treeSize: number;
  rootHash: string;
  signedAt: string;
  keyId: string;
  /** The exact signed text (C2SP tlog-checkpoint body). */
  body: string;
  /** Ed25519 over `body`, base64. */
  signature: string;
  /** The C2SP signed note of `body`: the county's signature line and the witnesses' cosignatures (docs/witness.md). */
  note: string;
}

export interface JournalFileHead {
  format: typeof JOURNAL_FILE_FORMAT;
  version: typeof JOURNAL_FILE_VERSION;
  book: string;
  /** The book's last seq in the export's snapshot: the entry lines run 1 … headSeq. */
  headSeq: number;
  exportedAt: string;
  /** The latest signed checkpoint in the snapshot; null before the book's first one. */
  checkpoint: JournalFileCheckpoint | null;
  /** The service's checkpoint key, for information: a verifier trusts the key it was given, not this one. */
  publicKey: { algorithm: 'Ed25519'; keyId: string; publicKeyRaw: string; publicKeyPem: string };
  hashScheme: 'docs/hash-scheme.md v1';
}

export interface JournalFilePosting {
  account: string;
  fund: string;
  /** Yuan, as everywhere in the API (the canonical document holds the same amount in fen). */
  amount: string;
}

export interface JournalFileEntry {
  seq: number;
  type: string;
  occurredOn: string;
  actor: string;
  subjects: string[];
  reverses?: number;
  /** The journal's posting rows of the entry, in order. */
  postings: JournalFilePosting[];
  prevHash: string;
  hash: string;
  /** The exact bytes that were hashed, as text (they are UTF-8 JSON) … */
  canonical?: string;
  /** … or in base64 when the stored bytes are not UTF-8 (only tampering puts such bytes there). */
  canonicalBase64?: string;
}

export interface JournalFileEnd {
  end: true;
  book: string;
  entries: number;
  /** The hash of the last entry (hex), or null for an empty book. */
  lastHash: string | null;
}
