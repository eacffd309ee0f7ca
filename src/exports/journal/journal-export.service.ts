import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/role';
import { assertInScope } from '../../auth/scope';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { fenToYuan } from '../../common/money';
import { isRegionCode } from '../../common/region-code';
import { CheckpointService, CheckpointView } from '../../journal/checkpoints/checkpoint.service';
import { SigningKeyService } from '../../journal/checkpoints/signing-key.service';
import { SnapshotReader } from '../snapshot-reader';
import { paced, untilClosed, write } from '../stream-output';
import {
  JOURNAL_FILE_FORMAT,
  JOURNAL_FILE_VERSION,
  JournalFileCheckpoint,
  JournalFileEntry,
  JournalFileHead,
} from './journal-file';
import { ReadRouter } from '../../database/replicas/read-router';

export const JSONL_MIME = 'application/x-ndjson; charset=utf-8';

interface EntryRow {
  seq: string;
  type: string;
  occurred_on: string;
  actor: string;
  subjects: string[];
  reverses_seq: string | null;
  body: Buffer;
  prev_hash: Buffer;
  hash: Buffer;
  postings: Array<[string, string, string]> | null;
}

/** Entries with their posting rows in one read; the body as stored (bytes), never re-serialised. */
const ENTRIES_SQL = `
  SELECT e.seq, e.type, e.occurred_on::text AS occurred_on, e.actor, e.subjects, e.reverses_seq, e.body,
         e.prev_hash, e.hash,
         (SELECT json_agg(json_build_array(p.account, p.fund_id, p.amount::text) ORDER BY p.idx)
            FROM journal_posting p WHERE p.book = e.book AND p.seq = e.seq) AS postings
    FROM journal_entry e WHERE e.book = $1 AND e.seq <= $2 ORDER BY e.seq`;

function entryLine(r: EntryRow): JournalFileEntry {
  const text = r.body.toString('utf8');
  const utf8 = Buffer.byteLength(text) === r.body.length && Buffer.from(text, 'utf8').equals(r.body);
  return {
    seq: Number(r.seq),
    type: r.type,
    occurredOn: r.occurred_on,
    actor: r.actor,
    subjects: r.subjects,
    ...(r.reverses_seq !== null ? { reverses: Number(r.reverses_seq) } : {}),
    postings: (r.postings ?? []).map(([account, fund, amount]) => ({
      account,
      fund,
      amount: fenToYuan(BigInt(amount)),
    })),
    prevHash: r.prev_hash.toString('hex'),
    hash: r.hash.toString('hex'),
    ...(utf8 ? { canonical: text } : { canonicalBase64: r.body.toString('base64') }),
  };
}

const fileCheckpoint = (cp: CheckpointView): JournalFileCheckpoint => ({
  treeSize: cp.treeSize,
  rootHash: cp.rootHash,
  signedAt: cp.signedAt,
  keyId: cp.keyId,
  body: cp.body,
  signature: cp.signature,
  note: cp.note,
});

/** A book's journal as JSON lines for checking without the database (`verify --offline`, docs/exports.md). */
@Injectable()
export class JournalExportService {
  constructor(
    private readonly reads: ReadRouter,
    private readonly key: SigningKeyService,
    private readonly checkpoints: CheckpointService,
  ) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  /** `411103000000.jsonl` → the book, or 400; the book must be in the caller's region. */
  plan(actor: Actor | null, file: string) {
    const book = file.endsWith('.jsonl') ? file.slice(0, -'.jsonl'.length) : '';
    if (!isRegionCode(book))
      throw new DomainError(
        'VALIDATION_FAILED',
        `Unknown export "${file}": use <book>.jsonl with a 12-digit book code`,
        {
          formats: ['jsonl'],
        },
      );
    if (actor) assertInScope(actor, book);
    return { book, contentType: JSONL_MIME, fileName: `journal-${book}.jsonl`, title: `账簿-${book}.jsonl` };
  }

  /** The head (404 for an unknown book) is read before anything is written, so a refusal is still a clean 4xx. */
  async open(book: string): Promise<(out: Writable) => Promise<number>> {
    const reader = await SnapshotReader.open(this.db);
    try {
      const [head] = await reader.query<{ head_seq: string }>(`SELECT head_seq FROM journal_book WHERE code = $1`, [
        book,
      ]);
      if (!head) throw notFound('Book', book);
      const [signed] = await reader.query<{ tree_size: string }>(
        `SELECT tree_size FROM journal_checkpoint WHERE book = $1 AND tree_size <= $2 ORDER BY tree_size DESC LIMIT 1`,
        [book, head.head_seq],
      );
      // A signed checkpoint never changes; its cosignatures only grow, so reading them after the snapshot is safe.
      const cp = signed ? await this.checkpoints.at(book, Number(signed.tree_size)) : null;
      const headLine: JournalFileHead = {
        format: JOURNAL_FILE_FORMAT,
        version: JOURNAL_FILE_VERSION,
        book,
        headSeq: Number(head.head_seq),
        exportedAt: new Date().toISOString(),
        checkpoint: cp && fileCheckpoint(cp),
        publicKey: this.key.view(),
        hashScheme: 'docs/hash-scheme.md v1',
      };
      return (out) => untilClosed(out, this.stream(reader, headLine, out)).finally(() => reader.close());
    } catch (err) {
      await reader.close();
      throw err;
    }
  }

  private async stream(reader: SnapshotReader, head: JournalFileHead, out: Writable): Promise<number> {
    await write(out, `${JSON.stringify(head)}\n`);
    let entries = 0;
    let lastHash: string | null = null;
    for await (const batch of paced(out, reader.batches<EntryRow>(ENTRIES_SQL, [head.book, head.headSeq]))) {
      let text = '';
      for (const row of batch) {
        const line = entryLine(row);
        text += `${JSON.stringify(line)}\n`;
        lastHash = line.hash;
        entries++;
      }
      await write(out, text);
    }
    await write(out, `${JSON.stringify({ end: true, book: head.book, entries, lastHash })}\n`);
    return entries;
  }
}
