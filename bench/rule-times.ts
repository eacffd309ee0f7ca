/**
 * Times every findings rule, one by one, on a database (e.g. a province from `npm run generate`), for a region:
 * `DATABASE_URL=… npx ts-node --transpile-only bench/rule-times.ts [regionCode] [asOf]`. Each rule runs in the
 * engine's snapshot (src/audit/audit-snapshot.ts), warm once, then timed.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { inAuditSnapshot } from '../src/audit/audit-snapshot';
import { ALL_RULES } from '../src/audit/findings/rules';
import { parseAuditThresholds } from '../src/audit/findings/thresholds';
import { businessToday } from '../src/common/business-date';
import { dataSourceOptions } from '../src/database/data-source-options';
import { machine } from './support/bench-database';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  // The service's connection options (JIT off), as the findings engine runs them.
  const db = await new DataSource(dataSourceOptions(url, 2)).initialize();
  const regionCode =
    process.argv[2] ?? (await db.query(`SELECT min(code) AS c FROM region WHERE level = 'province'`))[0].c;
  const asOf = process.argv[3] ?? businessToday();
  const thresholds = parseAuditThresholds(process.env);
  console.log(`rule-times — ${machine()}; region ${regionCode}, asOf ${asOf}`);
  let total = 0;
  for (const rule of ALL_RULES) {
    if (rule.code === 'book_fails_verification') continue;
    const run = () => inAuditSnapshot(db, (em) => rule.run(em, { regionCode, asOf }, thresholds));
    await run();
    const start = process.hrtime.bigint();
    const found = await run();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    total += ms;
    console.log(`${rule.code.padEnd(32)} ${ms.toFixed(0).padStart(7)} ms  ${found.length} findings`);
  }
  console.log(`all rules but verification: ${total.toFixed(0)} ms`);
  await db.destroy();
}

void main();
