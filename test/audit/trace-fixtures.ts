import type { DataSource } from 'typeorm';
import { RegionsService } from '../../src/regions/regions.service';
import { household, operatingAsset } from '../assets/asset-fixtures';
import { CITY, COUNTY, PROVINCE, ProjectDriver, projectTokens } from '../support/project-fixtures';
import type { TestApp } from '../support/test-app';

export const OTHER_COUNTY = '411102000000';
export const ACCOUNT_NO = '6228480012345678';

/** What the scenario built, by name. */
export interface TraceWorld {
  d: ProjectDriver;
  root: string;
  city: string;
  county: string;
  otherCounty: string;
  countyOwn: string;
  p1: string;
  p2: string;
  asset: string;
  household: string;
  firstPayment: { id: string; entrySeq: number };
  reversedPayment: { id: string; entrySeq: number };
  reversalSeq: number;
  householdPayment: { id: string; entrySeq: number };
  distributionSeq: number;
}

/**
 * A central fund recorded by the province, allocated to the city and on to two counties; in the county two
 * projects on two funds (the allocated one and the county's own), payments incl. a reversed one and one to a
 * household, an asset of the first project with income and a distribution to the same household.
 */
export async function buildTraceWorld(t: TestApp): Promise<TraceWorld> {
  await t.app.get(RegionsService).upsertMany([{ code: OTHER_COUNTY, name: '源汇区', parentCode: CITY }]);
  const tokens = await projectTokens(t);
  tokens.provinceAuditor = await t.tokenFor('auditor', PROVINCE);
  tokens.otherAuditor = await t.tokenFor('auditor', OTHER_COUNTY);
  tokens.countyProgram = tokens.program;
  const d = new ProjectDriver(t, tokens);

  const root = (
    await d.post(
      'provinceFinance',
      '/api/v1/funds',
      {
        docNo: '财农〔2024〕1号',
        title: '中央财政衔接推进乡村振兴补助资金',
        sourceLevel: 'central',
        regionCode: PROVINCE,
        amount: '1000000.00',
        issuedOn: '2024-01-05',
      },
      201,
    )
  ).id;
  const allocate = async (
    who: string,
    from: string,
    to: string,
    amount: string,
    docNo: string,
    issuedOn = '2024-01-10',
  ) =>
    (await d.post(who, `/api/v1/funds/${from}/allocations`, { toRegionCode: to, amount, docNo, issuedOn }, 201))
      .id as string;
  const city = await allocate('provinceFinance', root, CITY, '600000.00', '豫财农〔2024〕2号', '2024-01-08');
  const county = await allocate('cityFinance', city, COUNTY, '400000.00', '漯财农〔2024〕3号');
  const otherCounty = await allocate('cityFinance', city, OTHER_COUNTY, '150000.00', '漯财农〔2024〕4号');
  const countyOwn = await d.countyFund('50000.00', '郾财农〔2024〕5号');
  const hh = await household(d, 1, 'none');

  // Project 1: the allocated fund only; paid, one payment reversed, settled, an asset registered.
  const p1 = await d.projectFunded([{ fundId: county, amount: '150000.00' }]);
  const first = await d.pay(p1, {
    kind: 'progress',
    amount: '50000.00',
    paidOn: '2024-04-01',
    payee: { name: '河南中原建设工程有限公司', type: 'contractor', accountNo: ACCOUNT_NO },
  });
  const wrong = await d.pay(p1, { kind: 'progress', amount: '20000.00', paidOn: '2024-05-01' });
  const reversal = await d.post(
    'finance',
    `/api/v1/entries/${COUNTY}/${wrong.entrySeq}/reverse`,
    { reason: '凭证错误', reversedOn: '2024-05-02' },
    201,
  );
  await d.complete(p1);
  await d.accept(p1, '50000.00');
  const asset = (await d.post('program', `/api/v1/projects/${p1}/assets`, operatingAsset({ value: '40000.00' }), 201))
    .id;
  await d.post(
    'village',
    `/api/v1/assets/${asset}/income`,
    { amount: '12000.50', receivedOn: '2025-03-31', period: '2025-Q1', source: '国网漯河供电公司 电费结算' },
    201,
  );
  const distribution = await d.post(
    'village',
    `/api/v1/assets/${asset}/distributions`,
    {
      distributedOn: '2025-04-10',
      items: [
        { householdId: hh, amount: '3000.00' },
        { purpose: 'collective', amount: '2000.00' },
      ],
    },
    201,
  );

  // Project 2: both funds; a household payment and a contractor payment split over the funds.
  const p2 = await d.projectFunded([
    { fundId: county, amount: '30000.00' },
    { fundId: countyOwn, amount: '20000.00' },
  ]);
  const toHousehold = await d.pay(p2, {
    kind: 'household',
    amount: '1000.00',
    paidOn: '2024-04-15',
    fundId: countyOwn,
    payee: { name: '户主1', type: 'household', householdId: hh },
  });
  await d.pay(p2, { kind: 'progress', amount: '10000.00', paidOn: '2024-06-01' });
  // Accepted at 12,000 with 3 % retention: the final payment, then the retention released a year later
  // settles the project and releases the leftover commitment in the same entry.
  await d.complete(p2);
  await d.accept(p2, '12000.00');
  await d.pay(p2, { kind: 'final', amount: '640.00', paidOn: '2024-11-01' });
  await d.pay(p2, { kind: 'retention_release', amount: '360.00', paidOn: '2025-10-20' });

  return {
    d,
    root,
    city,
    county,
    otherCounty,
    countyOwn,
    p1,
    p2,
    asset,
    household: hh,
    firstPayment: { id: first.id, entrySeq: first.entrySeq },
    reversedPayment: { id: wrong.id, entrySeq: wrong.entrySeq },
    reversalSeq: reversal.seq ?? reversal.entrySeq,
    householdPayment: { id: toHousehold.id, entrySeq: toHousehold.entrySeq },
    distributionSeq: distribution.entrySeq ?? distribution.seq,
  };
}

const KIND_SQL = `split_part(account, ':', 1)`;

/** The node totals straight from journal_posting, in fen: what the trace must match to the fen. */
export async function directTotals(db: DataSource, fundId: string, asOf?: string) {
  const rows: Array<{ kind: string; total: string }> = await db.query(
    `SELECT ${KIND_SQL} AS kind, sum(amount)::text AS total FROM journal_posting
      WHERE fund_id = $1 AND ($2::date IS NULL OR occurred_on <= $2) GROUP BY 1`,
    [fundId, asOf ?? null],
  );
  const k = (kind: string) => BigInt(rows.find((r) => r.kind === kind)?.total ?? '0');
  const [rev]: Array<{ total: string | null }> = await db.query(
    `SELECT sum(-p.amount)::text AS total
       FROM journal_posting p JOIN journal_entry e ON e.book = p.book AND e.seq = p.seq
      WHERE p.fund_id = $1 AND p.account LIKE 'payee:%' AND e.reverses_seq IS NOT NULL
        AND ($2::date IS NULL OR p.occurred_on <= $2)`,
    [fundId, asOf ?? null],
  );
  return {
    received: -(k('source') + k('transfer')),
    passedDown: k('allocated'),
    committedUnpaid: k('project'),
    paid: k('payee'),
    reversed: BigInt(rev.total ?? '0'),
    available: k('pool'),
  };
}

/** Yuan text → fen. */
export const fen = (yuan: string) => {
  const [i, f = ''] = yuan.replace('-', '').split('.');
  const v = BigInt(i) * 100n + BigInt(f.padEnd(2, '0'));
  return yuan.startsWith('-') ? -v : v;
};
