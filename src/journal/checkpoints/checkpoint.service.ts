import { Injectable, Optional } from '@nestjs/common';
import { ReadRouter } from '../../database/replicas/read-router';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ByteLru } from '../../common/byte-lru';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { checkpointBody, consistencyProof, extendTree, inclusionProof, leafHash, rootFromFrontier } from '../merkle';
import { CosignatureView, originOf, WitnessStatusView } from '../witnesses/checkpoint-note';
import { CosigningService } from '../witnesses/cosigning.service';
import { DbSubtreeStore } from './db-subtree-store';
import { SigningKeyService } from './signing-key.service';

interface SignedCheckpointView {
  book: string;
  treeSize: number;
  rootHash: string;
  signedAt: string;
  keyId: string;
  /** The exact text that was signed (C2SP checkpoint body). */
  body: string;
  /** Ed25519 signature over `body`, base64. */
  signature: string;
}

export interface CheckpointView extends SignedCheckpointView {
  /** The C2SP signed note: `body`, a blank line, the county's signature line, then the witnesses' cosignatures. */
  note: string;
  cosignatures: CosignatureView[];
  /** Every configured witness and how its last request for this book went. */
  witnesses: WitnessStatusView[];
  /** Cosignatures a reader should require (WITNESS_QUORUM). */
  quorum: number;
}

interface CheckpointRow {
  book: string;
  tree_size: string;
  root_hash: Buffer;
  signed_at: Date;
  key_id: string;
  body: string;
  signature: string;
}

const toView = (r: CheckpointRow): SignedCheckpointView => ({
  book: r.book,
  treeSize: Number(r.tree_size),
  rootHash: r.root_hash.toString('hex'),
  signedAt: r.signed_at.toISOString(),
  keyId: r.key_id,
  body: r.body,
  signature: r.signature,
});

const TREE_BATCH = 10_000;
/** Inclusion proofs at a fixed size kept per instance (each ~1–2 KB: a notice day asks for a few hundred). */
const PROOF_CACHE_BYTES = 8 * 1024 * 1024;

interface InclusionPart {
  book: string;
  seq: number;
  leafIndex: number;
  treeSize: number;
  entryHash: string;
  leafHash: string;
  proof: string[];
}

/** Extends each book's stored Merkle tree to its head and signs the root. */
@Injectable()
export class CheckpointService {
  /**
   * The audit path of an entry in the tree of a given size, and the checkpoint signed at that size, never
   * change (the tree only grows); the witnesses' cosignatures and status beside them do and are read each time.
   */
  private readonly proofs = new ByteLru<{ part: InclusionPart; signed: SignedCheckpointView }>(PROOF_CACHE_BYTES);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly key: SigningKeyService,
    private readonly cosigning: CosigningService,
    @Optional() private readonly reads?: ReadRouter,
  ) {}

  /** Checkpoints and proofs are read from a replica when one can answer (ReadRouter); signing is on the primary. */
  private get reader(): DataSource {
    return this.reads?.source() ?? this.db;
  }

  origin(book: string): string {
    return originOf(book);
  }

  /** Signs the book's current head; returns the latest checkpoint when nothing is new. */
  async checkpoint(book: string): Promise<CheckpointView> {
    const view = await this.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO journal_tree_state (book, size, frontier) VALUES ($1, 0, '{}') ON CONFLICT DO NOTHING`,
        [book],
      );
      const [state]: Array<{ size: string; frontier: Buffer[] }> = await em.query(
        `SELECT size, frontier FROM journal_tree_state WHERE book = $1 FOR UPDATE`,
        [book],
      );
      const [head]: Array<{ head_seq: string }> = await em.query(`SELECT head_seq FROM journal_book WHERE code = $1`, [
        book,
      ]);
      if (!head || Number(head.head_seq) === 0) throw notFound('Book', book);
      const target = Number(head.head_seq);
      let size = Number(state.size);
      let frontier = state.frontier;
      if (size === target) return null;
      while (size < target) {
        const rows: Array<{ hash: Buffer }> = await em.query(
          `SELECT hash FROM journal_entry WHERE book = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`,
          [book, size, target, TREE_BATCH],
        );
        const grown = extendTree(
          frontier,
          size,
          rows.map((r) => leafHash(r.hash)),
        );
        await this.insertNodes(em, book, grown.nodes);
        frontier = grown.frontier;
        size += rows.length;
      }
      await em.query(`UPDATE journal_tree_state SET size = $2, frontier = $3 WHERE book = $1`, [book, size, frontier]);
      const rootHash = rootFromFrontier(frontier, size);
      const signedAt = new Date();
      const body = checkpointBody({ origin: this.origin(book), size, rootHash, timestamp: signedAt });
      const rows: CheckpointRow[] = await em.query(
        `INSERT INTO journal_checkpoint (book, tree_size, root_hash, signed_at, key_id, body, signature)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [book, size, rootHash, signedAt, this.key.keyId, body, this.key.sign(body)],
      );
      return toView(rows[0]);
    });
    // After the commit: a witness that is slow or down delays this answer by WITNESS_TIMEOUT_MS at most.
    await this.cosigning.request(view ?? (await this.latest(book)));
    return this.latest(book);
  }

  /** Checkpoints every book that has entries past its latest checkpoint. */
  async checkpointAll(): Promise<CheckpointView[]> {
    const books: Array<{ code: string }> = await this.db.query(
      `SELECT b.code FROM journal_book b LEFT JOIN journal_tree_state t ON t.book = b.code
        WHERE b.head_seq > COALESCE(t.size, 0) ORDER BY b.code`,
    );
    const views: CheckpointView[] = [];
    for (const { code } of books) views.push(await this.checkpoint(code));
    return views;
  }

  async latest(book: string): Promise<CheckpointView> {
    const rows: CheckpointRow[] = await this.reader.query(
      `SELECT * FROM journal_checkpoint WHERE book = $1 ORDER BY tree_size DESC LIMIT 1`,
      [book],
    );
    if (!rows.length) throw notFound('Checkpoint of book', book);
    return this.withWitnesses(toView(rows[0]));
  }

  async at(book: string, size: number): Promise<CheckpointView | null> {
    const signed = await this.signedAt(book, size);
    return signed ? this.withWitnesses(signed) : null;
  }

  private async signedAt(book: string, size: number): Promise<SignedCheckpointView | null> {
    const rows: CheckpointRow[] = await this.reader.query(
      `SELECT * FROM journal_checkpoint WHERE book = $1 AND tree_size = $2`,
      [book, size],
    );
    return rows.length ? toView(rows[0]) : null;
  }

  private async withWitnesses(view: SignedCheckpointView): Promise<CheckpointView> {
    return { ...view, ...(await this.cosigning.describe(view)) };
  }

  /** Audit path for entry `seq` in the tree of `size` entries (default: the latest checkpoint). */
  async inclusion(book: string, seq: number, size?: number) {
    const key = `${book}:${seq}:${size}`;
    const hit = size !== undefined ? this.proofs.get(key) : undefined;
    if (hit) return { ...hit.part, checkpoint: await this.withWitnesses(hit.signed) };
    const treeSize = size ?? (await this.latest(book)).treeSize;
    await this.assertBuilt(book, treeSize);
    if (seq < 1 || seq > treeSize)
      throw new DomainError('VALIDATION_FAILED', `seq must be between 1 and the tree size ${treeSize}`);
    const [entry]: Array<{ hash: Buffer }> = await this.reader.query(
      `SELECT hash FROM journal_entry WHERE book = $1 AND seq = $2`,
      [book, seq],
    );
    const proof = await inclusionProof(seq - 1, treeSize, new DbSubtreeStore((q, p) => this.reader.query(q, p), book));
    const part: InclusionPart = {
      book,
      seq,
      leafIndex: seq - 1,
      treeSize,
      entryHash: entry.hash.toString('hex'),
      leafHash: leafHash(entry.hash).toString('hex'),
      proof: proof.map((h) => h.toString('hex')),
    };
    const signed = await this.signedAt(book, treeSize);
    if (size !== undefined && signed) this.proofs.set(key, { part, signed }, 1024 + 70 * proof.length);
    return { ...part, checkpoint: signed ? await this.withWitnesses(signed) : null };
  }

  async consistency(book: string, from: number, to: number) {
    if (from < 1 || from > to) throw new DomainError('VALIDATION_FAILED', 'Need 1 ≤ from ≤ to');
    await this.assertBuilt(book, to);
    const proof = await consistencyProof(from, to, new DbSubtreeStore((q, p) => this.reader.query(q, p), book));
    return {
      book,
      fromSize: from,
      toSize: to,
      proof: proof.map((h) => h.toString('hex')),
      fromCheckpoint: await this.at(book, from),
      toCheckpoint: await this.at(book, to),
    };
  }

  private async assertBuilt(book: string, size: number): Promise<void> {
    const [state]: Array<{ size: string }> = await this.reader.query(
      `SELECT size FROM journal_tree_state WHERE book = $1`,
      [book],
    );
    if (!state || Number(state.size) < size) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `No checkpoint covers size ${size} of book ${book} yet / 尚无覆盖该范围的检查点`,
      );
    }
  }

  private async insertNodes(
    em: EntityManager,
    book: string,
    nodes: Array<{ level: number; index: number; hash: Buffer }>,
  ) {
    for (let i = 0; i < nodes.length; i += 20_000) {
      const chunk = nodes.slice(i, i + 20_000);
      await em.query(
        `INSERT INTO journal_tree_node (book, level, idx, hash)
         SELECT $1, * FROM unnest($2::smallint[], $3::bigint[], $4::bytea[])`,
        [book, chunk.map((n) => n.level), chunk.map((n) => String(n.index)), chunk.map((n) => n.hash)],
      );
    }
  }
}
