import type { KeyObject } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { yuanToFen } from '../../common/money';
import { GENESIS_HASH } from '../../journal/chain/entry-document';
import { extendFrontier, parseCheckpointBody, rootFromFrontier, verifyCheckpointSignature } from '../../journal/merkle';
import type { Checkpoint, Frontier } from '../../journal/merkle';
import { EntryRow, RangeCheck } from '../../journal/verify/range-check';
import { checkWitnesses, WitnessRequirement } from '../../journal/verify/remote-proof';
import type { WitnessedResult } from '../../witness/witnessed';
import { JOURNAL_FILE_FORMAT, JournalFileEntry, JournalFileEnd, JournalFileHead } from './journal-file';

export interface OfflineReport {
  ok: boolean;
  book?: string;
  /** Entries that passed every check. */
  entries: number;
  /** The size of the signed checkpoint whose root was recomputed, when there is one. */
  checkpointSize?: number;
  firstBadSeq?: number;
  problem?: string;
  /** When witness keys were given: who cosigned the checkpoint. */
  witnessed?: WitnessedResult;
}

/** Entry lines checked per RangeCheck: its leaf buffer is this many × 32 bytes. */
const CHUNK = 5000;

class Refused extends Error {
  constructor(
    message: string,
    readonly seq?: number,
  ) {
    super(message);
  }
}

function rowOf(e: JournalFileEntry, seq: number): EntryRow {
  try {
    return asRow(e);
  } catch {
    throw new Refused('the entry line is malformed', seq);
  }
}

/** A file line as the database row the chain verifier checks (range-check.ts): the same checks, no database. */
function asRow(e: JournalFileEntry): EntryRow {
  const postings = e.postings.map((p, i) => `${i}|${p.account}|${p.fund}|${yuanToFen(p.amount)}|${e.occurredOn}`);
  return {
    seq: String(e.seq),
    type: e.type,
    occurred_on: e.occurredOn,
    actor: e.actor,
    subjects: JSON.stringify(e.subjects),
    reverses_seq: e.reverses === undefined ? null : String(e.reverses),
    body: e.canonical !== undefined ? e.canonical : Buffer.from(e.canonicalBase64 ?? '', 'base64'),
    prev_hash: Buffer.from(e.prevHash, 'hex'),
    hash: Buffer.from(e.hash, 'hex'),
    postings: postings.length ? postings.join(';') : null,
  };
}

function signedBody(body: string): Checkpoint {
  try {
    return parseCheckpointBody(body);
  } catch {
    throw new Refused('the checkpoint body is malformed');
  }
}

function parseLine<T>(text: string, lineNo: number, seq?: number): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Refused(`line ${lineNo} is not JSON`, seq);
  }
}

/**
 * Checks a journal export against a trusted public key without the database, as verifyBook does, plus the witnesses'
 * cosignatures against the quorum. Names the first bad seq.
 */
export async function verifyJournalFile(
  input: Readable,
  publicKey: KeyObject,
  witnesses: WitnessRequirement = { keys: [], quorum: 0 },
): Promise<OfflineReport> {
  let head: JournalFileHead | undefined;
  let end: JournalFileEnd | undefined;
  let entries = 0;
  let prev: Buffer = GENESIS_HASH;
  let frontier: Frontier = [];
  let treeSize = 0;
  let chunk: JournalFileEntry[] = [];
  let signed: Checkpoint | undefined;
  const flush = () => {
    if (!chunk.length || !head) return;
    const check = new RangeCheck(head.book, entries, entries + chunk.length, signed?.size ?? 0);
    chunk.forEach((e, i) => check.add(rowOf(e, entries + i + 1)));
    const r = check.result();
    if (r.firstPrev && !Buffer.from(r.firstPrev).equals(prev))
      throw new Refused('prev_hash does not link to the previous entry', entries + 1);
    const leaves = r.leaves.length / 32;
    const views = Array.from({ length: leaves }, (_, i) => Buffer.from(r.leaves.subarray(32 * i, 32 * i + 32)));
    frontier = extendFrontier(frontier, treeSize, views);
    treeSize += leaves;
    entries += r.good;
    if (r.bad) throw new Refused(r.bad.message, r.bad.seq);
    if (r.lastHash) prev = Buffer.from(r.lastHash);
    chunk = [];
  };
  let lineNo = 0;
  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      if (!text.trim()) continue;
      if (end) throw new Refused(`line ${lineNo} follows the end line`);
      if (!head) {
        head = parseLine<JournalFileHead>(text, lineNo);
        if (head.format !== JOURNAL_FILE_FORMAT) throw new Refused('not a journal export (first line)');
        // The leaves are kept up to the size that was signed, not to what the file says beside it.
        if (head.checkpoint) signed = signedBody(head.checkpoint.body);
        continue;
      }
      const line = parseLine<JournalFileEntry & Partial<JournalFileEnd>>(text, lineNo, entries + chunk.length + 1);
      if (line.end) {
        end = line as JournalFileEnd;
        continue;
      }
      chunk.push(line);
      if (chunk.length === CHUNK) flush();
    }
    flush();
    if (!head) throw new Refused('the file is empty');
    if (!end || end.entries !== entries || entries !== head.headSeq)
      throw new Refused(`the file is cut short: ${entries} entries, the head says ${head.headSeq}`, entries + 1);
    const cp = head.checkpoint;
    if (!cp || !signed) throw new Refused('the file holds no signed checkpoint: the chain is unanchored');
    if (!verifyCheckpointSignature(cp.body, cp.signature, publicKey))
      throw new Refused(`the checkpoint at size ${signed.size} has a bad signature for this key`);
    if (signed.origin !== `sunshine-ledger/${head.book}` || signed.size > entries)
      throw new Refused(`the checkpoint at size ${signed.size} is not one of this book's entries`);
    if (!rootFromFrontier(frontier, signed.size).equals(signed.rootHash))
      throw new Refused(`entries 1..${signed.size} do not match the signed checkpoint`, 1);
    const report = { ok: true, book: head.book, entries, checkpointSize: signed.size };
    if (!witnesses.keys.length && !witnesses.quorum) return report;
    const witnessed = checkWitnesses(publicKey, head.book, cp, witnesses);
    if (witnessed.quorumMet) return { ...report, witnessed };
    const problem = `${witnessed.valid} of the required ${witnessed.quorum} witness cosignature(s) verify`;
    return { ...report, ok: false, problem, witnessed };
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    return {
      ok: false,
      book: head?.book,
      entries,
      ...(err.seq !== undefined ? { firstBadSeq: err.seq } : {}),
      problem: err.message,
    };
  }
}
