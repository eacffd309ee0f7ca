import autocannon from 'autocannon';
import { apiClient } from './bench-http';

/**
 * The disbursement load of bench/disburse-http.ts and bench/disburse-ab.ts: 4 county books with
 * 4 started projects each, and runs of `POST …/disbursements` (kind progress, small amounts, each
 * with its own voucher number and, by default, Idempotency-Key) round-robin over the projects.
 */
const PROJECTS_PER_COUNTY = 4;
/** Four counties of 漯河市, each its own book; one township and one village in each. */
const COUNTIES = [
  ['411103', '郾城区'],
  ['411104', '召陵区'],
  ['411121', '舞阳县'],
  ['411122', '临颍县'],
] as const;

export interface Target {
  projectId: string;
  book: string;
  financeToken: string;
}

export async function prepare(base: string, admin: string): Promise<Target[]> {
  const call = apiClient(base);
  const region = (code: string, name: string, level: string, parentCode: string) =>
    call(admin, 'POST', '/regions', { code, name, level, parentCode });
  const user = async (role: string, regionCode: string) =>
    (await call<{ token: string }>(admin, 'POST', '/users', { name: `bench ${role} ${regionCode}`, role, regionCode }))
      .token;
  await region('410000000000', '河南省', 'province', '000000000000');
  await region('411100000000', '漯河市', 'city', '410000000000');
  const targets: Target[] = [];
  for (const [county, name] of COUNTIES) {
    const book = `${county}000000`;
    const township = `${county}100000`;
    const village = `${county}100201`;
    await region(book, name, 'county', '411100000000');
    await region(township, `${name} 城关镇`, 'township', book);
    await region(village, `${name} 城关镇 东关村`, 'village', township);
    const [finance, program, town, vill] = [
      await user('finance', book),
      await user('program', book),
      await user('township', township),
      await user('village', village),
    ];
    const fund = await call<{ id: string }>(finance, 'POST', '/funds', {
      docNo: `${name}财农〔2026〕1号`,
      title: '2026年衔接推进乡村振兴补助资金(压测)',
      sourceLevel: 'county',
      regionCode: book,
      amount: '1000000000.00',
      issuedOn: '2026-01-02',
    });
    for (let i = 1; i <= PROJECTS_PER_COUNTY; i++) {
      const project = await call<{ id: string }>(vill, 'POST', '/projects', {
        name: `东关村产业配套项目 ${i}`,
        regionCode: village,
        category: '产业发展',
        content: '压测用项目:大额批复,小额多次拨付',
        budget: '200000000.00',
        performanceGoal: '按期完工,验收合格率100%',
        povertyLinkage: '吸纳脱贫劳动力务工',
        beneficiaries: { households: 10, persons: 30 },
        implementingUnit: '东关村村民委员会',
        responsiblePerson: '张建国',
        appliedOn: '2026-01-05',
      });
      const id = project.id;
      const notice = (token: string, type: string, periodStart: string, periodEnd: string, issuer: string) =>
        call(token, 'POST', '/notices', {
          type,
          projectId: id,
          periodStart,
          periodEnd,
          issuer,
          hotline: { local: '0395-3396317' },
        });
      await notice(vill, 'application', '2026-01-06', '2026-01-13', '东关村村民委员会');
      await call(
        town,
        'POST',
        `/projects/${id}/review`,
        { decision: 'approve', opinion: '同意', reviewedOn: '2026-01-20' },
        200,
      );
      await call(
        program,
        'POST',
        `/projects/${id}/approve`,
        {
          approvalDocNo: `${name}乡振〔2026〕${i}号`,
          approvedOn: '2026-02-01',
          funding: [{ fundId: fund.id, amount: '200000000.00' }],
        },
        200,
      );
      await notice(program, 'approval', '2026-02-02', '2026-02-12', `${name}乡村振兴局`);
      await call(
        program,
        'POST',
        `/projects/${id}/start`,
        {
          startedOn: '2026-02-20',
          contractor: '漯河市沙澧建筑工程有限公司',
          contractAmount: '199000000.00',
          procurement: '公开招标',
        },
        200,
      );
      targets.push({ projectId: id, book, financeToken: finance });
    }
  }
  return targets;
}

export interface Run {
  /** Summed over the instances' autocannon runs. */
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Latency of every answer, sorted (ms). */
  latencies: number[];
  /** 2xx answers counted one by one, and the seconds from the start to the last answer. */
  ok: number;
  seconds: number;
}

/**
 * One run of `amount` requests, the connections split over the instances (one autocannon each):
 * every request is answered before it returns. The window and the latencies are taken here:
 * autocannon only notices the end of an `amount` run on its 1-second tick.
 */
export async function load(
  bases: string[],
  targets: Target[],
  amount: number,
  run: string,
  { connections: total = 16, idempotency = true } = {},
): Promise<Run> {
  let n = 0;
  // With several instances each serves whole books (as a load balancer routing by county would),
  // so that the instances do not queue for each other's book locks.
  const books = [...new Set(targets.map((t) => t.book))];
  const request = (mine: Target[]): autocannon.Request => ({
    method: 'POST',
    path: '/',
    setupRequest: (req) => {
      const i = n++;
      const t = mine[i % mine.length];
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        authorization: `Bearer ${t.financeToken}`,
      };
      if (idempotency) headers['idempotency-key'] = `bench-${run}-${i}`;
      const body = {
        kind: 'progress',
        amount: `${1 + (i % 50)}.00`,
        paidOn: '2026-03-01',
        payee: { name: '漯河市沙澧建筑工程有限公司', type: 'contractor', accountNo: '6230580000012345678' },
        voucherNo: `压测-${run}-${i}`,
      };
      return { ...req, path: `/api/v1/projects/${t.projectId}/disbursements`, headers, body: JSON.stringify(body) };
    },
  });
  const start = performance.now();
  let last = start;
  let ok = 0;
  const latencies: number[] = [];
  const results = await Promise.all(
    bases.map((url, k) => {
      const connections = Math.floor(total / bases.length) + (k < total % bases.length ? 1 : 0);
      const share = Math.floor(amount / bases.length) + (k < amount % bases.length ? 1 : 0);
      const mine = targets.filter((t) => books.indexOf(t.book) % bases.length === k);
      const tracker = autocannon({ url, connections, amount: share, requests: [request(mine)], timeout: 30 });
      tracker.on('response', (_client, status, _bytes, responseTime) => {
        last = performance.now();
        latencies.push(responseTime);
        if (status >= 200 && status < 300) ok++;
      });
      return tracker;
    }),
  );
  latencies.sort((a, b) => a - b);
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((a, r) => a + f(r), 0);
  return {
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    latencies,
    ok,
    seconds: (last - start) / 1000,
  };
}

export const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
