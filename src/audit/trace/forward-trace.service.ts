import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/role';
import { assertInScope } from '../../auth/scope';
import { notFound } from '../../common/errors/domain-error';
import { fenToYuan } from '../../common/money';
import { isWithin, levelOfCode } from '../../common/region-code';
import { isUuid } from '../../common/validation/uuid';
import { maskAccount } from '../../projects/project-read.service';
import { assetsByFundProject } from './assets-of-funds';
import type { FundNodeDto, FundTraceDto, PaymentTraceDto, ProjectTraceDto } from './dto/fund-trace.dto';
import type { FundTraceQuery } from './dto/trace-query.dto';
import {
  DisbursementRow,
  disbursementsOf,
  fundTree,
  PostingRow,
  projectsOf,
  reversalsIn,
  treePostings,
} from './forward-reads';
import { fundTotals, IDENTITY, isBalanced, projectMoney } from './totals';
import { ReadRouter } from '../../database/replicas/read-router';

const yuan = fenToYuan;

/**
 * 资金追溯 forward: a fund and every allocation below it, the projects each node committed to, their payments
 * and assets. Amounts are sums of journal postings (dated ≤ asOf); the projection tables only name things.
 * A fixed number of set-based queries whatever the tree's size: no query per node.
 */
@Injectable()
export class ForwardTraceService {
  constructor(private readonly reads: ReadRouter) {}

  /** A replica when one can answer this read, else the primary (ReadRouter). */
  private get db(): DataSource {
    return this.reads.source();
  }

  async trace(actor: Actor, fundId: string, q: FundTraceQuery): Promise<FundTraceDto> {
    if (!isUuid(fundId.toLowerCase())) throw notFound('Fund', fundId);
    const tree = await fundTree(this.db, fundId, q.regionCode);
    if (!tree.length) throw notFound('Fund', fundId);
    // A caller traces funds of its own region's subtree only, so an upper level's document is out of scope too.
    assertInScope(actor, tree[0].region_code);
    if (q.regionCode) assertInScope(actor, q.regionCode);

    const books = [...new Set(tree.map((f) => f.book))];
    const perPayment = q.payments !== 'false';
    const reversals = await reversalsIn(this.db, books, q.asOf);
    const rows = await treePostings(
      this.db,
      books,
      tree.map((f) => f.id),
      q.asOf,
      perPayment,
      [...reversals.keys()],
    );
    for (const r of rows) {
      if (r.book === null || !perPayment) continue;
      const reverses = reversals.get(`${r.book}/${r.seq}`);
      r.reverses_seq = reverses === undefined ? null : String(reverses);
      r.reversed = reverses === undefined ? '0' : r.amount;
    }
    const sums = groupBy(
      rows,
      (r) => r.fund_id,
      (r) => ({ account: r.account, amount: BigInt(r.amount) }),
    );
    const payments = rows.filter((r) => r.book !== null);
    const paymentsByFund = groupBy(
      payments,
      (r) => r.fund_id,
      (r) => r,
    );

    const projectIds = new Set<string>();
    for (const [, list] of sums)
      for (const s of list) if (s.account.startsWith('project:')) projectIds.add(s.account.slice(8));
    for (const p of payments) if (p.project_account) projectIds.add(p.project_account.slice(8));
    // One round trip for the three: a pruned-away project's payments and assets are read but never shown.
    const ids = [...projectIds];
    const [allProjects, disbursements, assets] = await Promise.all([
      projectsOf(this.db, ids),
      q.payments === 'false' ? Promise.resolve([]) : disbursementsOf(this.db, ids),
      assetsByFundProject(
        this.db,
        tree.map((f) => f.id),
        ids,
        q.asOf,
      ),
    ]);
    const projects = allProjects.filter((p) => !q.regionCode || isWithin(q.regionCode, p.region_code));
    const projectsById = new Map(projects.map((p) => [p.id, p]));
    const described = q.payments === 'false' ? undefined : describe(disbursements);

    const nodes = new Map<string, FundNodeDto>();
    let balanced = true;
    for (const f of tree) {
      const own = sums.get(f.id);
      // The tree as it stood: a fund with no posting by asOf did not exist yet (the traced fund always shows).
      if (!own && f.depth > 0) continue;
      const fundPayments = paymentsByFund.get(f.id) ?? [];
      const reversed = fundPayments.reduce((s, p) => s - BigInt(p.reversed ?? '0'), 0n);
      const byProject = groupBy(
        fundPayments,
        (r) => r.project_account ?? '',
        (r) => r,
      );
      const t = fundTotals(own ?? [], reversed);
      const ok = isBalanced(t);
      balanced &&= ok;
      const node: FundNodeDto = {
        fundId: f.id,
        docNo: f.doc_no,
        title: f.title,
        sourceLevel: f.source_level,
        regionCode: f.region_code,
        regionLevel: levelOfCode(f.region_code),
        book: f.book,
        issuedOn: f.issued_on,
        entrySeq: Number(f.entry_seq),
        depth: f.depth,
        totals: {
          received: yuan(t.received),
          passedDown: yuan(t.passedDown),
          committed: yuan(t.committedUnpaid + t.paid),
          committedUnpaid: yuan(t.committedUnpaid),
          paid: yuan(t.paid),
          reversed: yuan(t.reversed),
          available: yuan(t.available),
          balanced: ok,
        },
        passedDownShown: '0.00',
        children: [],
        projects: (own ?? []).flatMap((s) => {
          const p = s.account.startsWith('project:') ? projectsById.get(s.account.slice(8)) : undefined;
          if (!p) return [];
          const paid = byProject.get(s.account) ?? [];
          return [projectLine(p, s.amount, paid, described, assets.get(`${f.id}/${p.id}`) ?? [])];
        }),
      };
      nodes.set(f.id, node);
      const parent = f.parent_fund_id ? nodes.get(f.parent_fund_id) : undefined;
      if (parent && f.depth > 0) parent.children.push(node);
    }
    for (const node of nodes.values()) {
      const shown = node.children.reduce((s, c) => s + fen(c.totals.received), 0n);
      node.passedDownShown = yuan(shown);
      if (!q.regionCode && shown !== fen(node.totals.passedDown)) balanced = false;
    }
    return {
      asOf: q.asOf ?? null,
      regionCode: q.regionCode ?? null,
      identity: IDENTITY,
      balanced,
      root: nodes.get(tree[0].id)!,
    };
  }
}

function groupBy<T, V>(items: readonly T[], key: (t: T) => string, value: (t: T) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const i of items) {
    const list = out.get(key(i));
    if (list) list.push(value(i));
    else out.set(key(i), [value(i)]);
  }
  return out;
}

const fen = (yuanText: string) => BigInt(yuanText.replace('.', ''));

type Described = Map<string, { d: DisbursementRow; reversal: boolean }>;

function describe(rows: DisbursementRow[]): Described {
  const out: Described = new Map();
  for (const d of rows) {
    out.set(`${d.book}/${d.entry_seq}`, { d, reversal: false });
    if (d.reversed_seq) out.set(`${d.book}/${d.reversed_seq}`, { d, reversal: true });
  }
  return out;
}

function projectLine(
  p: { id: string; name: string; region_code: string; status: string; approval_doc_no: string | null },
  unpaid: bigint,
  mine: PostingRow[],
  described: Described | undefined,
  assets: ProjectTraceDto['assets'],
): ProjectTraceDto {
  // The project's whole balance on the fund, then each payment's payee side (its project side is −payee).
  const money = projectMoney([
    { project: unpaid + mine.reduce((s, r) => s + BigInt(r.amount), 0n), payee: 0n, reversal: false },
    ...mine.flatMap((r) => {
      const reversed = BigInt(r.reversed ?? '0');
      const paid = BigInt(r.amount) - reversed;
      return [
        { project: -paid, payee: paid, reversal: false },
        { project: -reversed, payee: reversed, reversal: true },
      ];
    }),
  ]);
  return {
    projectId: p.id,
    name: p.name,
    regionCode: p.region_code,
    status: p.status,
    approvalDocNo: p.approval_doc_no,
    committed: yuan(money.committed),
    paid: yuan(money.paid),
    reversed: yuan(money.reversed),
    unpaid: yuan(money.unpaid),
    payments: described ? mine.map((r) => payment(r, described.get(`${r.book}/${r.seq}`)?.d)) : [],
    assets,
  };
}

function payment(r: PostingRow, d: DisbursementRow | undefined): PaymentTraceDto {
  return {
    book: r.book,
    seq: Number(r.seq),
    occurredOn: r.occurred_on,
    reversesSeq: r.reverses_seq === null ? null : Number(r.reverses_seq),
    disbursementId: d?.id ?? null,
    amount: yuan(BigInt(r.amount)),
    kind: d?.kind ?? null,
    payeeName: d?.payee_name ?? null,
    payeeType: d?.payee_type ?? null,
    accountMasked: d?.account_no ? maskAccount(d.account_no) : null,
    voucherNo: d?.voucher_no ?? null,
    payeeAccount: r.account,
  };
}
