import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { SingleBar, Presets } from 'cli-progress';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../app.setup';
import { parseAppConfig } from '../config/app.config';
import { openDatabase } from '../database/open-database';
import { generateProvince } from './generate-province';
import { RULE_CODES } from '../audit/findings/rule-codes';

const USAGE = `npm run generate -- [--counties 100] [--entries 1000000] [--seed 1] [--year YYYY]
                        [--concurrency 8] [--manifest generated-province.json] [--no-tamper]
Writes into DATABASE_URL, or the embedded server under DATA_DIR like npm start.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      counties: { type: 'string', default: '100' },
      entries: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '1' },
      year: { type: 'string', default: String(new Date().getUTCFullYear()) },
      concurrency: { type: 'string', default: '8' },
      manifest: { type: 'string', default: 'generated-province.json' },
      'no-tamper': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const options = {
    counties: Number(values.counties),
    entries: Number(values.entries),
    seed: Number(values.seed),
    year: Number(values.year),
    concurrency: Number(values.concurrency),
    tamper: !values['no-tamper'],
  };
  if (Object.values(options).some((v) => typeof v === 'number' && (!Number.isInteger(v) || v < 1)))
    throw new Error(`bad option: ${JSON.stringify(options)}\n${USAGE}`);
  process.env.LOG_LEVEL ??= 'warn';
  const config = parseAppConfig(process.env);
  const db = await openDatabase(config, () => {});
  const app = configureApp(
    await NestFactory.create(AppModule.forRoot({ databaseUrl: db.url }), createHttpAdapter(), {
      ...APP_OPTIONS,
      logger: ['error'],
    }),
  );
  await app.init();
  const ds = app.get(DataSource);
  const count = async () => (await ds.query(`SELECT count(*)::int AS n FROM journal_entry`))[0].n as number;
  const before = await count();
  const started = Date.now();
  const bar = new SingleBar(
    { format: 'generating |{bar}| {value}/{total} entries | {rate}/s | {duration_formatted}', etaBuffer: 200 },
    Presets.shades_classic,
  );
  bar.start(options.entries, 0, { rate: 0 });
  let done = 0;
  const result = await generateProvince(app, options, (n) => {
    done += n;
    if (done % 50 < n) bar.update(done, { rate: Math.round(done / ((Date.now() - started) / 1000)) });
  });
  bar.update(done);
  bar.stop();
  const seconds = (Date.now() - started) / 1000;
  // A bulk load outruns autovacuum, and without statistics the planner takes a province for a few rows.
  await ds.query('ANALYZE');
  const entries = await count();
  const added = entries - before;
  const [{ size }] = await ds.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
  const statuses: Array<{ status: string; n: number }> = await ds.query(
    `SELECT status, count(*)::int AS n FROM project GROUP BY 1 ORDER BY 1`,
  );
  writeFileSync(
    values.manifest!,
    JSON.stringify({ end: result.end, province: result.province.code, ...result.manifest }, null, 2) + '\n',
  );
  const lines = [
    `province ${result.province.code}: ${result.province.cities.length} cities, ` +
      `${result.province.counties.length} counties, ${result.province.counties[0].villages.length} villages each; ` +
      `history up to ${result.end}`,
    `projects: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}`,
    `planted (manifest ${values.manifest}):`,
    ...RULE_CODES.map((r) => `  ${r.padEnd(32)} ${(result.manifest[r] ?? []).length}`),
    `${added} journal entries written in ${seconds.toFixed(1)} s — ${Math.round(added / seconds)} entries/s ` +
      `(concurrency ${options.concurrency}); ${entries} in the database (${before} were there before, ` +
      `a run resumes where one stopped); database ${size}`,
  ];
  console.log(lines.join('\n'));
  await app.close();
  await db.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
