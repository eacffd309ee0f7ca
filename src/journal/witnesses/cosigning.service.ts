import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ReadRouter } from '../../database/replicas/read-router';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appConfig, type AppConfig } from '../../config/app.config';
import { consistencyProof } from '../merkle';
import { DbSubtreeStore } from '../checkpoints/db-subtree-store';
import { SigningKeyService } from '../checkpoints/signing-key.service';
import {
  checkpointNote,
  CosignatureView,
  logSignatureLine,
  logVkey,
  originOf,
  WitnessStatusView,
} from './checkpoint-note';
import { requestCosignature } from './witness-client';
import type { WitnessSetting } from './witnesses-config';

export interface SignedCheckpointRow {
  book: string;
  treeSize: number;
  body: string;
  signature: string;
}

/** A log gives up on a witness that keeps answering 409 after this many tries (someone else keeps moving it). */
const ATTEMPTS = 3;

/**
 * The log side of witnessing: after a checkpoint is signed, asks every configured witness to cosign it with the
 * consistency proof from the size that witness cosigned last, and keeps what they return. A witness that is down
 * never holds the log up; one that refuses as inconsistent is an audit finding (witness_refused), never dropped.
 */
@Injectable()
export class CosigningService {
  private readonly logger = new Logger('Witnesses');
  readonly witnesses: WitnessSetting[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly key: SigningKeyService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    @Optional() private readonly reads?: ReadRouter,
  ) {
    this.witnesses = config.witnesses;
  }

  /** What proofs and checkpoints show beside them is read where they are (ReadRouter); cosigning is on the primary. */
  private get reader(): DataSource {
    return this.reads?.source() ?? this.db;
  }

  get quorum(): number {
    return this.config.witnessQuorum;
  }

  /** Asks each witness without a cosignature of this checkpoint; never throws. */
  async request(cp: SignedCheckpointRow, only?: (w: WitnessSetting) => boolean): Promise<void> {
    if (!this.witnesses.length) return;
    const have: Array<{ witness: string }> = await this.db.query(
      `SELECT witness FROM checkpoint_cosignature WHERE book = $1 AND tree_size = $2`,
      [cp.book, cp.treeSize],
    );
    const todo = this.witnesses.filter((w) => !have.some((h) => h.witness === w.name) && (!only || only(w)));
    await Promise.all(
      todo.map((w) =>
        this.askOne(w, cp).catch((err: unknown) => this.logger.error({ err }, `asking witness ${w.name} failed`)),
      ),
    );
  }

  /** Each book's latest checkpoint that lacks a cosignature: asks again those witnesses not found inconsistent. */
  async catchUp(): Promise<void> {
    if (!this.witnesses.length) return;
    const rows: Array<{ book: string; tree_size: string; body: string; signature: string }> = await this.db.query(
      `SELECT c.book, c.tree_size, c.body, c.signature
         FROM (SELECT DISTINCT ON (book) * FROM journal_checkpoint ORDER BY book, tree_size DESC) c
        WHERE (SELECT count(*) FROM checkpoint_cosignature s
                WHERE s.book = c.book AND s.tree_size = c.tree_size AND s.witness = ANY($1)) < $2`,
      [this.witnesses.map((w) => w.name), this.witnesses.length],
    );
    for (const r of rows) {
      const states = await this.states(r.book);
      const cp = { book: r.book, treeSize: Number(r.tree_size), body: r.body, signature: r.signature };
      await this.request(cp, (w) => states.get(w.name)?.status !== 'inconsistent');
    }
  }

  /** Public: the county's verifier key for the book and the witnesses a reader should expect (the verify page). */
  roster(book: string) {
    return {
      book,
      origin: originOf(book),
      logVkey: logVkey(book, this.key.publicKey),
      quorum: this.quorum,
      witnesses: this.witnesses.map((w) => ({
        name: w.name,
        displayName: w.displayName,
        keyId: w.verifier.keyId.toString('hex'),
        vkey: w.vkey,
      })),
    };
  }

  /** The note with its cosignature lines, the cosignatures, and where each witness stands for the book. */
  async describe(cp: SignedCheckpointRow) {
    // Both at once: every public proof and checkpoint answer passes through here.
    const [rows, states]: [
      Array<{ witness: string; key_id: string; timestamp: string; signature: string }>,
      Awaited<ReturnType<CosigningService['states']>>,
    ] = await Promise.all([
      this.reader.query(
        `SELECT witness, key_id, timestamp, signature FROM checkpoint_cosignature
          WHERE book = $1 AND tree_size = $2 ORDER BY witness`,
        [cp.book, cp.treeSize],
      ),
      this.states(cp.book),
    ]);
    const cosignatures: CosignatureView[] = rows.map((r) => ({
      name: r.witness,
      displayName: this.witnesses.find((w) => w.name === r.witness)?.displayName ?? r.witness,
      keyId: r.key_id,
      timestamp: Number(r.timestamp),
      cosignedAt: new Date(Number(r.timestamp) * 1000).toISOString(),
      signature: r.signature,
    }));
    const witnesses: WitnessStatusView[] = this.witnesses.map((w) => {
      const s = states.get(w.name);
      return {
        name: w.name,
        displayName: w.displayName,
        keyId: w.verifier.keyId.toString('hex'),
        vkey: w.vkey,
        status: (s?.status ?? 'pending') as WitnessStatusView['status'],
        cosignedSize: s?.cosignedSize ?? 0,
        detail: s?.detail ?? null,
      };
    });
    const note = checkpointNote(cp.body, logSignatureLine(cp.book, this.key.publicKey, cp.signature), cosignatures);
    return { note, cosignatures, witnesses, quorum: this.quorum };
  }

  private async askOne(w: WitnessSetting, cp: SignedCheckpointRow): Promise<void> {
    const note = checkpointNote(cp.body, logSignatureLine(cp.book, this.key.publicKey, cp.signature), []);
    let oldSize = (await this.states(cp.book)).get(w.name)?.cosignedSize ?? 0;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (oldSize > cp.treeSize) {
        const reason = `the witness has cosigned size ${oldSize} of this log, more than ${cp.treeSize}`;
        return this.inconsistent(w, cp, 409, reason);
      }
      const store = new DbSubtreeStore((q, p) => this.db.query(q, p), cp.book);
      const proof = oldSize > 0 && oldSize < cp.treeSize ? await consistencyProof(oldSize, cp.treeSize, store) : [];
      const answer = await requestCosignature(w, { oldSize, proof, note, body: cp.body }, this.config.witnessTimeoutMs);
      switch (answer.kind) {
        case 'cosigned':
          await this.db.query(
            `INSERT INTO checkpoint_cosignature (book, tree_size, witness, key_id, timestamp, signature)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
            [
              cp.book,
              cp.treeSize,
              w.name,
              w.verifier.keyId.toString('hex'),
              String(answer.timestamp),
              answer.signature,
            ],
          );
          return this.setState(w, cp.book, 'ok', null, cp.treeSize);
        case 'conflict':
          oldSize = answer.size;
          continue;
        case 'inconsistent':
          return this.inconsistent(w, cp, answer.status, answer.reason);
        case 'down':
          this.logger.warn(`witness ${w.name} is down (${answer.reason}); book ${cp.book} goes on unwitnessed`);
          return this.setState(w, cp.book, 'down', answer.reason);
        case 'refused':
          this.logger.warn(
            `witness ${w.name} refused book ${cp.book} size ${cp.treeSize}: ${answer.status} ${answer.reason}`,
          );
          return this.setState(w, cp.book, 'refused', `${answer.status} ${answer.reason}`);
      }
    }
    await this.setState(w, cp.book, 'refused', `still 409 after ${ATTEMPTS} tries`);
  }

  private async inconsistent(w: WitnessSetting, cp: SignedCheckpointRow, status: number, reason: string) {
    this.logger.error(
      `witness ${w.name} refuses book ${cp.book} at size ${cp.treeSize} as INCONSISTENT (${status} ${reason}): ` +
        'what it cosigned before is not a prefix of this checkpoint — a split view or a rewritten history',
    );
    await this.db.query(
      `INSERT INTO witness_refusal (book, witness, refused_at, tree_size, http_status, reason)
       VALUES ($1, $2, clock_timestamp(), $3, $4, $5)`,
      [cp.book, w.name, cp.treeSize, status, reason],
    );
    await this.setState(w, cp.book, 'inconsistent', `${status} ${reason}`);
  }

  private async setState(w: WitnessSetting, book: string, status: string, detail: string | null, size = 0) {
    await this.db.query(
      `INSERT INTO checkpoint_witness (book, witness, cosigned_size, status, detail, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (book, witness) DO UPDATE
         SET cosigned_size = GREATEST(checkpoint_witness.cosigned_size, EXCLUDED.cosigned_size),
             status = EXCLUDED.status, detail = EXCLUDED.detail, updated_at = now()`,
      [book, w.name, size, status, detail],
    );
  }

  private async states(book: string) {
    // Without configured witnesses nothing would be shown from their rows.
    if (!this.witnesses.length) return new Map<string, never>();
    const rows: Array<{ witness: string; cosigned_size: string; status: string; detail: string | null }> =
      await this.reader.query(`SELECT witness, cosigned_size, status, detail FROM checkpoint_witness WHERE book = $1`, [
        book,
      ]);
    return new Map(rows.map((r) => [r.witness, { ...r, cosignedSize: Number(r.cosigned_size) }]));
  }
}
