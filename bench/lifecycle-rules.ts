/**
 * Timing and plans of the lifecycle findings rules on a synthetic province.
 *   npx ts-node --transpile-only bench/lifecycle-rules.ts
 * BENCH_COUNTIES (default 100) counties of BENCH_PROJECTS (default 500) projects each, in every stage, with
 * payments, assets, income, distributions, households, notices, funds and reversals, plus filler entries up to
 * BENCH_ENTRIES (default 1,000,000) journal entries. The rows are written straight into the tables with
 * generate_series: the rules read tables, and what matters here is their size and shape, not the hash chain.
 * Prints each rule's time for the province and one county, and writes the EXPLAIN ANALYZE plans to
 * BENCH_PLANS (default /tmp/lifecycle-plans.txt). BENCH_VACUUM=0 skips the VACUUM after the load; BENCH_KEEP=1
 * keeps the database (and prints its URL) to try plans by hand.
 */
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { LIFECYCLE_RULES } from '../src/audit/findings/rules/lifecycle-rules';
import { parseAuditThresholds } from '../src/audit/findings/thresholds';
import { machine, openBenchDatabase } from './support/bench-database';

const COUNTIES = Number(process.env.BENCH_COUNTIES ?? 100);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 500);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const PLANS = process.env.BENCH_PLANS ?? '/tmp/lifecycle-plans.txt';
const AS_OF = '2025-06-30';
const ZERO32 = `decode(repeat('00', 32), 'hex')`;

/** One statement per table; `i` is the project number in its county, the stage is i % 6. */
const FILL = [
  `CREATE TABLE bench_county AS
     SELECT n,
            '41' || lpad((1 + (n - 1) / 10)::text, 2, '0') || lpad((1 + (n - 1) % 10)::text, 2, '0') || '000000' AS book
       FROM generate_series(1, ${COUNTIES}) n`,
  `CREATE TABLE bench_project AS
     SELECT c.book, i, i % 6 AS stage, md5(c.book || 'p' || i)::uuid AS id,
            substr(c.book, 1, 6) || '100' || lpad((201 + i % 20)::text, 3, '0') AS village,
            date '2024-01-01' + (i % 400) AS d0
       FROM bench_county c, generate_series(1, ${PROJECTS}) i`,
  `INSERT INTO project (id, book, region_code, name, category, content, budget, self_funded, performance_goal,
          poverty_linkage, beneficiary_households, beneficiary_persons, implementing_unit, responsible_person, status,
          applied_on, year, last_step_on, approved_on, started_on, completed_on, accepted_on, acceptance_result,
          final_cost, retention, retention_due_on, settled_on, entry_seq)
   SELECT id, book, village, '项目' || i, CASE WHEN i % 2 = 0 THEN '产业发展' ELSE '基础设施' END, 'x', 100000000, 0,
          'g', 'l', 10, 30, 'u', 'p',
          (ARRAY['applied','approved','in_progress','completed','accepted','settled'])[stage + 1],
          d0, extract(year FROM d0)::int, d0,
          CASE WHEN stage >= 1 THEN d0 + 30 END, CASE WHEN stage >= 2 THEN d0 + 45 END,
          CASE WHEN stage >= 3 THEN d0 + 120 END, CASE WHEN stage >= 4 THEN d0 + 150 END,
          CASE WHEN stage >= 4 THEN 'passed' END, CASE WHEN stage >= 4 THEN 80000000 + (stage - 5) * -1000000 END,
          CASE WHEN stage >= 4 THEN 2400000 END, CASE WHEN stage >= 4 THEN d0 + 515 END,
          CASE WHEN stage = 5 THEN d0 + 150 END, i * 40 + 1
     FROM bench_project`,
  `INSERT INTO project_funding (project_id, fund_id, committed_seq, position, committed)
   SELECT id, md5(book || 'f1')::uuid, i * 40 + 3, 0, 100000000 FROM bench_project WHERE stage >= 1`,
  `INSERT INTO disbursement (id, project_id, book, kind, amount, paid_on, payee_name, payee_type, payee_key,
          voucher_no, funding, entry_seq, reversed_seq)
   SELECT md5(p.book || 'd' || p.i || '-' || k)::uuid, p.id, p.book, 'progress', 20000000, p.d0 + 50 + k * 10, '公司',
          'contractor', 'contractor.x', p.i || '-' || k, '[]', p.i * 40 + 6 + k,
          CASE WHEN k = 4 AND p.i % 100 = 0 THEN p.i * 40 + 11 END
     FROM bench_project p, generate_series(1, 4) k WHERE p.stage >= 2`,
  `INSERT INTO household (id, book, region_code, head_name, id_number_sealed, id_number_hmac, id_number_masked, members,
          labor_capacity, category, since)
   SELECT md5(v.village || 'h' || k)::uuid, substr(v.village, 1, 6) || '000000', v.village, '户主' || k, '\\x00'::bytea,
          decode(md5(v.village || 'h' || k), 'hex'), '411103********0000', 2,
          CASE WHEN k % 10 = 0 THEN 'none' ELSE 'full' END, 'lifted', date '2016-01-01'
     FROM (SELECT DISTINCT village FROM bench_project) v, generate_series(1, 100) k`,
  `INSERT INTO asset (id, book, asset_no, project_id, name, asset_class, location, village_code, value, registered_on,
          owner_type, custodian, beneficiary_households, beneficiary_persons, status, last_step_on, entry_seq)
   SELECT md5(book || 'a' || i)::uuid, book, 'ZC' || book || '-' || i, id, '资产' || i,
          CASE WHEN i % 2 = 0 THEN 'operating' ELSE 'public_welfare' END, village, village,
          CASE WHEN i % 10 = 5 THEN 50000000 ELSE 80000000 END, d0 + 170, 'village_collective', 'c', 10, 30, 'in_use',
          d0 + 170, i * 40 + 12
     FROM bench_project WHERE stage >= 4 AND i % 7 <> 0`,
  `INSERT INTO asset_income (id, asset_id, book, amount, received_on, period, source, entry_seq)
   SELECT md5(p.book || 'i' || p.i || '-' || k)::uuid, md5(p.book || 'a' || p.i)::uuid, p.book, 1000000,
          p.d0 + 170 + k * 90, '2024', '租金', p.i * 40 + 12 + k
     FROM bench_project p, generate_series(1, 4) k WHERE p.stage >= 4 AND p.i % 7 <> 0 AND p.i % 2 = 0`,
  `INSERT INTO asset_distribution (distribution_id, position, asset_id, book, distributed_on, household_id, purpose,
          amount, entry_seq)
   SELECT md5(p.book || 'x' || p.i || '-' || k)::uuid, pos, md5(p.book || 'a' || p.i)::uuid, p.book,
          p.d0 + 180 + k * 90, CASE WHEN pos < 2 THEN md5(p.village || 'h' || (pos * 10 + p.i % 10 + 1))::uuid END,
          CASE WHEN pos = 2 THEN 'collective' END, 300000, p.i * 40 + 16 + k
     FROM bench_project p, generate_series(1, 4) k, generate_series(0, 2) pos
    WHERE p.stage >= 4 AND p.i % 7 <> 0 AND p.i % 2 = 0 AND k < 4`,
  `INSERT INTO notice (id, type, project_id, region_code, book, seq, title, issuer, content_hash, period_start,
          period_end, issued_on, published_at)
   SELECT md5(p.book || 'n' || p.i || t.type)::uuid, t.type, p.id, p.village, p.book, p.i * 40 + 20 + t.n, '公示', 'v',
          repeat('0', 64), p.d0 + t.after + 2, p.d0 + t.after + 12, p.d0 + t.after + 2, now()
     FROM bench_project p
     JOIN (VALUES (1, 'application', 0, 0), (2, 'approval', 30, 1), (3, 'completion', 150, 4)) t(n, type, after, stage)
       ON p.stage >= t.stage
    WHERE p.i % 50 <> 0`,
  `INSERT INTO fund (id, book, region_code, doc_no, title, source_level, amount, issued_on, year, entry_seq)
   SELECT md5(c.book || 'f' || k)::uuid, c.book, c.book, '文' || k, '资金', 'central', 1000000000,
          date '2024-01-10' + k * 20, extract(year FROM date '2024-01-10' + k * 20)::int, 1000000 + k
     FROM bench_county c, generate_series(1, 40) k`,
  `INSERT INTO notice (id, type, project_id, region_code, book, seq, title, issuer, content_hash, period_start,
          issued_on, published_at)
   SELECT md5(book || 'ann')::uuid, 'announcement', NULL, book, book, 1000100, '某县2024年度衔接推进乡村振兴资金分配结果公告',
          'f', repeat('0', 64), date '2024-03-01', date '2024-03-01', now()
     FROM bench_county WHERE n % 3 <> 0`,
  `INSERT INTO journal_entry (book, seq, type, occurred_on, recorded_at, actor, subjects, reverses_seq, body,
          prev_hash, hash)
   SELECT p.book, p.i * 40 + s.n, s.type, s.d, now(), 'u' || (p.i % 5), ARRAY['project:' || p.id], NULL, '\\x00'::bytea,
          ${ZERO32}, ${ZERO32}
     FROM bench_project p,
          LATERAL (VALUES (1, 'project.applied', p.d0, 0), (3, 'project.approved', p.d0 + 30, 1),
                          (4, 'project.started', p.d0 + 45, 2), (5, 'project.completed', p.d0 + 120, 3),
                          (6, 'project.accepted', p.d0 + 150, 4)) s(n, type, d, stage)
    WHERE p.stage >= s.stage`,
  `INSERT INTO journal_entry (book, seq, type, occurred_on, recorded_at, actor, subjects, reverses_seq, body,
          prev_hash, hash)
   SELECT d.book, d.entry_seq, 'disbursement.paid', d.paid_on, now(), 'u1', ARRAY['project:' || d.project_id], NULL,
          '\\x00'::bytea, ${ZERO32}, ${ZERO32}
     FROM disbursement d
   UNION ALL
   SELECT d.book, d.reversed_seq, 'entry.reversed', d.paid_on + 5, now(), 'u1', ARRAY['project:' || d.project_id],
          d.entry_seq, '\\x00'::bytea, ${ZERO32}, ${ZERO32}
     FROM disbursement d WHERE d.reversed_seq IS NOT NULL`,
  `INSERT INTO journal_entry (book, seq, type, occurred_on, recorded_at, actor, subjects, body, prev_hash, hash)
   SELECT c.book, 2000000 + k, 'test.filler', date '2024-01-01' + (k % 500)::int, now(), 'u1', ARRAY['fund:' || k],
          '\\x00'::bytea, ${ZERO32}, ${ZERO32}
     FROM bench_county c,
          generate_series(1, greatest(0, (${ENTRIES} - (SELECT count(*) FROM journal_entry)) / ${COUNTIES})::int) k`,
];

async function main() {
  const db = await openBenchDatabase();
  const client = new Client({ connectionString: db.url });
  await client.connect();
  // As the findings engine runs them (src/audit/audit-snapshot.ts).
  await client.query('SET jit = off');
  try {
    const t0 = Date.now();
    for (const sql of FILL) await client.query(sql);
    // BENCH_VACUUM=0 leaves the GIN pending list as a burst of appends leaves it (statistics fresh either way).
    await client.query(process.env.BENCH_VACUUM === '0' ? 'ANALYZE' : 'VACUUM ANALYZE');
    const counts = (
      await client.query(`SELECT (SELECT count(*) FROM journal_entry) AS entries,
             (SELECT count(*) FROM project) AS projects,
             (SELECT count(*) FROM disbursement) AS payments, (SELECT count(*) FROM asset) AS assets,
             (SELECT count(*) FROM asset_distribution) AS distribution_lines,
             (SELECT count(*) FROM household) AS households`)
    ).rows[0];
    console.log(`${machine()}; ${db.serverVersion}; filled in ${((Date.now() - t0) / 1000).toFixed(1)} s:`, counts);

    // What the rules use of an EntityManager: query, and transaction (one connection, so BEGIN/COMMIT around it).
    interface BenchManager {
      query(sql: string, params?: unknown[]): Promise<unknown[]>;
      transaction<T>(fn: (tx: BenchManager) => Promise<T>): Promise<T>;
    }
    const managerOf = (query: BenchManager['query']): BenchManager => {
      const em: BenchManager = {
        query,
        transaction: async (fn) => {
          await client.query('BEGIN');
          try {
            return await fn(em);
          } finally {
            await client.query('COMMIT');
          }
        },
      };
      return em;
    };
    const em = managerOf((sql, params) => client.query(sql, params).then((r) => r.rows));
    const thresholds = parseAuditThresholds({});
    const county = (await client.query(`SELECT book FROM bench_county ORDER BY n LIMIT 1`)).rows[0].book as string;
    const plans: string[] = [];
    const totals = { province: 0, county: 0 };
    for (const rule of LIFECYCLE_RULES) {
      const times: Record<string, string> = {};
      for (const [label, regionCode] of [
        ['province', '410000000000'],
        ['county', county],
      ] as const) {
        await rule.run(em as unknown as EntityManager, { regionCode, asOf: AS_OF }, thresholds);
        const start = process.hrtime.bigint();
        const found = await rule.run(em as unknown as EntityManager, { regionCode, asOf: AS_OF }, thresholds);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        totals[label] += ms;
        times[label] = `${ms.toFixed(0)} ms (${found.length} findings)`;
        const explain = managerOf(async (sql: string, params?: unknown[]) => {
          if (sql.startsWith('SET ')) return client.query(sql).then(() => []);
          const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
          plans.push(`### ${rule.code} — ${label}\n` + plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
          return [];
        });
        await rule.run(explain as unknown as EntityManager, { regionCode, asOf: AS_OF }, thresholds);
      }
      console.log(`${rule.code.padEnd(30)} province ${times.province.padEnd(26)} county ${times.county}`);
    }
    console.log(
      `all lifecycle rules: province ${totals.province.toFixed(0)} ms, county ${totals.county.toFixed(0)} ms`,
    );
    await writeFile(PLANS, plans.join('\n\n') + '\n');
    console.log(`plans: ${PLANS}`);
  } finally {
    await client.end();
    if (process.env.BENCH_KEEP === '1') console.log(`kept: ${db.url}`);
    else await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
