import type { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Presets, SingleBar } from 'cli-progress';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { DomainError } from '../common/errors/domain-error';
import { publicKeyFrom } from '../journal/verify/proof-verifier';
import type { WitnessRequirement } from '../journal/verify/remote-proof';
import { TableExportQuery } from './dto/export-query.dto';
import { verifyJournalFile } from './journal/offline-verify';
import { TableExportService } from './table-export.service';

export interface ExportArgs {
  format?: string;
  region?: string;
  from?: string;
  to?: string;
  out?: string;
}

/**
 * `export <table> --format csv|xlsx --region CODE [--from --to] --out FILE`: the HTTP route's code writing into a
 * file, with a progress bar on stderr. The operator holds the database, so no scope applies. Exit 0, or 2 refused.
 */
export async function runExportCommand(
  app: INestApplicationContext,
  table: string | undefined,
  args: ExportArgs,
): Promise<number> {
  if (!table || !args.format || !args.region || !args.out) {
    console.error('export needs <table> --format csv|xlsx --region CODE --out FILE [--from YYYY-MM-DD --to …]');
    return 2;
  }
  const query = plainToInstance(TableExportQuery, { regionCode: args.region, from: args.from, to: args.to });
  const problems = validateSync(query, { forbidUnknownValues: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}),
  );
  if (problems.length) {
    console.error(problems.join('\n'));
    return 2;
  }
  const service = app.get(TableExportService);
  let plan;
  try {
    plan = service.plan(null, `${table}.${args.format}`, query);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    console.error(err.message);
    return 2;
  }
  const bar = new SingleBar(
    { format: `${plan.table.name} |{bar}| {value}/{total} rows  {eta_formatted}`, hideCursor: true },
    Presets.shades_classic,
  );
  const out = createWriteStream(args.out);
  const started = Date.now();
  let done = 0;
  const rows = await service.write(plan, out, {
    onTotal: (total) => bar.start(total, 0),
    onRows: (n) => bar.update((done += n)),
  });
  if (!out.writableEnded) out.end();
  await finished(out);
  bar.stop();
  console.error(`${rows} rows → ${args.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

/** `verify --offline FILE --public-key PEM`: a journal export checked without any database. Exit 0 ok, 1 not. */
export async function runOfflineVerify(
  file: string | undefined,
  key: string | undefined,
  witnesses: WitnessRequirement,
): Promise<number> {
  if (!file || !key) {
    console.error('verify --offline needs <file.jsonl> and --public-key <PEM file or base64 raw key>');
    return 2;
  }
  const publicKey = publicKeyFrom(existsSync(key) ? readFileSync(key, 'utf8') : key);
  const report = await verifyJournalFile(createReadStream(file), publicKey, witnesses);
  console.log(JSON.stringify(report));
  return report.ok ? 0 : 1;
}
