import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/role';
import { assertInScope } from '../../auth/scope';
import { notFound } from '../../common/errors/domain-error';
import { fenToYuan } from '../../common/money';
import { bookOfRegion } from '../../common/region-code';
import { UUID_PATTERN } from '../../common/validation/uuid';
import type { AssetBackTraceDto, HouseholdBackTraceDto, ProjectBackTraceDto } from './dto/back-trace.dto';
import { assetMovements } from './asset-movements';
import { fundChains, fundShare, sumBy } from './fund-chains';
import { regionPath } from './forward-reads';
import { assetRefs, disbursementsByEntry, entryRef } from './trace-lookups';
import { projectMoney } from './totals';
import { ReadRouter } from '../../database/replicas/read-router';

const yuan = fenToYuan;

/** 资金溯源 backward: from what was bought or paid, up the 文号 chains to the documents that paid for it. */
@Injectable()
export class BackTraceService {
  constructor(private readonly reads: ReadRouter) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  /** The asset's value by fund, as attributed pro rata at registration (asset_funding). */
  async asset(actor: Actor, id: string): Promise<AssetBackTraceDto> {
    const [a]: Array<Record<string, string>> = UUID_PATTERN.test(id)
      ? await this.db.query(
          `SELECT a.id, a.book, a.asset_no, a.name, a.location, a.project_id, a.value::text, p.name AS project_name
             FROM asset a JOIN project p ON p.id = a.project_id WHERE a.id = $1`,
          [id],
        )
      : [];
    if (!a) throw notFound('Asset', id);
    assertInScope(actor, a.location);
    const [refs, money] = await Promise.all([assetRefs(this.db, [id]), assetMovements(this.db, a.book, id)]);
    const funds = refs.get(id)?.funds ?? [];
    const bySource = sumBy(
      funds,
      (f) => f.top?.sourceLevel ?? 'unknown',
      (f) => BigInt(f.amount.replace('.', '')),
    );
    return {
      assetId: a.id,
      assetNo: a.asset_no,
      name: a.name,
      location: a.location,
      projectId: a.project_id,
      projectName: a.project_name,
      value: yuan(BigInt(a.value)),
      attributed: yuan([...bySource.values()].reduce((s, v) => s + v, 0n)),
      funds,
      bySourceLevel: [...bySource].map(([sourceLevel, amount]) => ({ sourceLevel, amount: yuan(amount) })),
      ...money,
    };
  }

  /** Per fund: committed, paid, reversed, unpaid, from the postings on `project:<id>`. */
  async project(actor: Actor, id: string): Promise<ProjectBackTraceDto> {
    const [p]: Array<Record<string, string>> = UUID_PATTERN.test(id)
      ? await this.db.query(`SELECT id, name, region_code, status, book FROM project WHERE id = $1`, [id])
      : [];
    if (!p) throw notFound('Project', id);
    assertInScope(actor, p.region_code);
    // Per entry and fund: the project side, and the payee side of the same entry and fund (PK probes).
    const rows: Array<{ fund_id: string; project: string; payee: string; reversal: boolean }> = await this.db.query(
      `SELECT p.fund_id, sum(p.amount)::text AS project, e.reverses_seq IS NOT NULL AS reversal,
              (SELECT coalesce(sum(q.amount), 0) FROM journal_posting q
                WHERE q.book = p.book AND q.seq = p.seq AND q.fund_id = p.fund_id AND q.account LIKE 'payee:%')::text
                AS payee
         FROM journal_posting p JOIN journal_entry e ON e.book = p.book AND e.seq = p.seq
        WHERE p.book = $1 AND p.account = $2
        GROUP BY p.book, p.seq, p.fund_id, e.reverses_seq ORDER BY p.seq`,
      [p.book, `project:${id}`],
    );
    const byFund = new Map<string, typeof rows>();
    for (const r of rows) byFund.set(r.fund_id, [...(byFund.get(r.fund_id) ?? []), r]);
    const chains = await fundChains(this.db, [...byFund.keys()]);
    const total = { committed: 0n, paid: 0n, reversed: 0n, unpaid: 0n };
    const funds = [...byFund].map(([fundId, list]) => {
      const m = projectMoney(
        list.map((r) => ({ project: BigInt(r.project), payee: BigInt(r.payee), reversal: r.reversal })),
      );
      for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += m[k];
      return {
        ...fundShare(chains, fundId, m.paid),
        committed: yuan(m.committed),
        paid: yuan(m.paid),
        reversed: yuan(m.reversed),
        unpaid: yuan(m.unpaid),
      };
    });
    return {
      projectId: p.id,
      name: p.name,
      regionCode: p.region_code,
      status: p.status,
      committed: yuan(total.committed),
      paid: yuan(total.paid),
      reversed: yuan(total.reversed),
      unpaid: yuan(total.unpaid),
      funds,
    };
  }

  /** Every payment and asset distribution the household received (`payee:household.<id>`), by fund. */
  async household(actor: Actor, id: string): Promise<HouseholdBackTraceDto> {
    const [h]: Array<Record<string, string>> = UUID_PATTERN.test(id)
      ? await this.db.query(`SELECT id, head_name, region_code, id_number_masked FROM household WHERE id = $1`, [id])
      : [];
    if (!h) throw notFound('Household', id);
    assertInScope(actor, h.region_code);
    // The household's county book and the books above it: a city or province project may pay it too.
    const books = regionPath(bookOfRegion(h.region_code));
    const rows: Array<{
      book: string;
      seq: string;
      fund_id: string;
      amount: string;
      occurred_on: string;
      reverses_seq: string | null;
      subjects: string[];
    }> = await this.db.query(
      `SELECT p.book, p.seq::text, p.fund_id, p.amount::text, p.occurred_on::text, e.reverses_seq::text, e.subjects
         FROM journal_posting p JOIN journal_entry e ON e.book = p.book AND e.seq = p.seq
        WHERE p.book = ANY($1::varchar[]) AND p.account = $2 ORDER BY p.occurred_on, p.book, p.seq, p.idx`,
      [books, `payee:household.${id}`],
    );
    const fundIds = [...new Set(rows.map((r) => r.fund_id))];
    const fiscal: Array<{ id: string }> = fundIds.length
      ? await this.db.query(`SELECT id FROM fund WHERE id = ANY($1::uuid[])`, [fundIds])
      : [];
    const isFiscal = new Set(fiscal.map((f) => f.id));
    const payments = rows.filter((r) => isFiscal.has(r.fund_id));
    const distributions = rows.filter((r) => !isFiscal.has(r.fund_id));
    const [chains, assets, described] = await Promise.all([
      fundChains(this.db, [...isFiscal]),
      assetRefs(this.db, [...new Set(distributions.map((r) => r.fund_id))]),
      disbursementsByEntry(this.db, payments),
    ]);
    const byFund = sumBy(
      payments,
      (r) => r.fund_id,
      (r) => BigInt(r.amount),
    );
    const sum = (list: typeof rows) => list.reduce((s, r) => s + BigInt(r.amount), 0n);
    return {
      householdId: h.id,
      headName: h.head_name,
      regionCode: h.region_code,
      idNumberMasked: h.id_number_masked,
      paid: yuan(sum(payments)),
      distributed: yuan(sum(distributions)),
      byFund: [...byFund].map(([fundId, amount]) => fundShare(chains, fundId, amount)),
      payments: payments.map((r) => {
        const d = described.get(`${r.book}/${r.seq}`);
        return {
          ...entryRef(r),
          amount: yuan(BigInt(r.amount)),
          fundId: r.fund_id,
          projectId: d?.project_id ?? null,
          projectName: d?.project_name ?? null,
          kind: d?.kind ?? null,
          voucherNo: d?.voucher_no ?? null,
        };
      }),
      distributions: distributions.map((r) => {
        const a = assets.get(r.fund_id);
        return {
          ...entryRef(r),
          amount: yuan(BigInt(r.amount)),
          assetId: r.fund_id,
          assetNo: a?.assetNo ?? '',
          assetName: a?.name ?? '',
          assetFunds: a?.funds ?? [],
        };
      }),
    };
  }
}
