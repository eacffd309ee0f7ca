import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { isNonNegative } from '../append/accounts';
import { accountKey } from '../append/batch-state';
import type { EntryDocument } from '../chain/entry-document';
import { JournalService } from '../journal.service';

export interface ReplayReport {
  ok: boolean;
  entries: number;
  tables: Array<{ table: string; rows: number; differences: number }>;
}

const BATCH = 5000;

/**
 * The proof that projections are projections: rebuild every one of them from the journal's hashed documents
 * alone, in a scratch schema, and compare table by table with the live ones.
 */
@Injectable()
export class ReplayService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journal: JournalService,
  ) {}

  async check(): Promise<ReplayReport> {
    const schema = `replay_${randomBytes(6).toString('hex')}`;
    const projections = this.journal.listProjections();
    const tables = ['ledger_account', 'ledger_fund', ...projections.flatMap((p) => p.tables)];
    const qr = this.db.createQueryRunner();
    await qr.connect();
    await qr.startTransaction('REPEATABLE READ');
    try {
      await qr.query(`CREATE SCHEMA ${schema}`);
      for (const t of tables) await qr.query(`CREATE TABLE ${schema}.${t} (LIKE public.${t} INCLUDING ALL)`);
      // Projections write unqualified table names: they land in the scratch copies.
      await qr.query(`SET LOCAL search_path TO ${schema}, public`);
      const entries = await this.rebuild(qr, schema);
      const report: ReplayReport = { ok: true, entries, tables: [] };
      for (const t of tables) {
        const [{ rows, differences }] = await qr.query(
          `SELECT (SELECT count(*)::int FROM public.${t}) AS rows,
                  (SELECT count(*)::int FROM ((TABLE public.${t} EXCEPT ALL TABLE ${schema}.${t})
                                   UNION ALL (TABLE ${schema}.${t} EXCEPT ALL TABLE public.${t})) d) AS differences`,
        );
        report.tables.push({ table: t, rows, differences });
        if (differences > 0) report.ok = false;
      }
      return report;
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  }

  private async rebuild(qr: QueryRunner, schema: string): Promise<number> {
    const balances = new Map<string, { book: string; account: string; fund: string; balance: bigint }>();
    const funds: Array<[string, string, number]> = [];
    let count = 0;
    let after: [string, string, number] = ['-infinity', '', 0];
    for (;;) {
      // Entries in the order they were recorded; cross-book halves share a timestamp.
      const rows: Array<{ book: string; seq: string; hash: Buffer; body: Buffer; recorded_at: string }> =
        await qr.query(
          `SELECT book, seq, hash, body, recorded_at::text FROM public.journal_entry
          WHERE (recorded_at, book, seq) > ($1::timestamptz, $2, $3) ORDER BY recorded_at, book, seq LIMIT ${BATCH}`,
          after,
        );
      if (!rows.length) break;
      for (const r of rows) {
        const doc = JSON.parse(r.body.toString('utf8')) as EntryDocument;
        for (const p of doc.postings) {
          const key = accountKey(doc.book, p.account, p.fund);
          const a = balances.get(key) ?? { book: doc.book, account: p.account, fund: p.fund, balance: 0n };
          a.balance += BigInt(p.amount);
          balances.set(key, a);
        }
        for (const f of doc.newFunds ?? []) funds.push([f, doc.book, doc.seq]);
        await this.journal.applyProjections(qr.manager, {
          book: r.book,
          seq: Number(r.seq),
          hash: r.hash.toString('hex'),
          document: doc,
        });
        count++;
      }
      const last = rows[rows.length - 1];
      after = [last.recorded_at, last.book, Number(last.seq)];
    }
    const accounts = [...balances.values()];
    await qr.query(
      `INSERT INTO ${schema}.ledger_account
       SELECT * FROM unnest($1::varchar[], $2::text[], $3::uuid[], $4::bigint[], $5::boolean[])`,
      [
        accounts.map((a) => a.book),
        accounts.map((a) => a.account),
        accounts.map((a) => a.fund),
        accounts.map((a) => a.balance.toString()),
        accounts.map((a) => isNonNegative(a.account)),
      ],
    );
    await qr.query(`INSERT INTO ${schema}.ledger_fund SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::bigint[])`, [
      funds.map((f) => f[0]),
      funds.map((f) => f[1]),
      funds.map((f) => f[2]),
    ]);
    return count;
  }
}
