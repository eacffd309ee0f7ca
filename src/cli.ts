import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync, readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { UsersService } from './auth/users.service';
import { COUNTRY_CODE } from './common/region-code';
import { parseAppConfig } from './config/app.config';
import { runAuditCopyCommand } from './audit-copy/cli-audit-copy';
import { runBackupCommand } from './database/cli-backup';
import { openDatabase } from './database/open-database';
import { CheckpointService } from './journal/checkpoints/checkpoint.service';
import { SigningKeyService } from './journal/checkpoints/signing-key.service';
import { ReplayService } from './journal/replay/replay.service';
import { connectionStringOf, verifyBooks } from './journal/verify/chain-verifier';
import { publicKeyFrom } from './journal/verify/proof-verifier';
import { verifyRemoteEntry } from './journal/verify/remote-proof';
import { IMPORT_COMMANDS, runImportCommand } from './excel/cli-import';
import { runExportCommand, runOfflineVerify } from './exports/cli-export';

const USAGE = `Sunshine Ledger CLI — npm run cli -- <command> [options]

  create-admin [--name NAME] [--region CODE]   create an admin and print its token (default: country-wide)
  migrate                                      apply pending migrations and exit
  verify [--book CODE] [--public-key FILE]     re-hash books (default: all) straight from the database
  verify --offline <file.jsonl> --public-key FILE [--witness-key VKEY|FILE]… [--quorum N]
                                               check a journal export (GET /exports/journal/:book.jsonl)
                                               without any database; names the first bad seq
  export <table> --format csv|xlsx --region CODE [--from DATE] [--to DATE] --out FILE
                                               a streamed table export (docs/exports.md), with a progress bar
  checkpoint [--book CODE]                     sign a checkpoint of one book (default: every changed book)
  replay                                       rebuild all projections from the journal and compare
  verify-proof --server URL --book CODE --seq N [--public-key FILE|BASE64]
               [--witness-key VKEY|FILE]… [--quorum N]
                                               check an entry's inclusion proof against a running service, and
                                               that N of the given witnesses cosigned the checkpoint
                                               (default N: every witness key given)
  import-funds <file.xlsx> --region CODE       import fund documents, all rows or none
                                               (templates/fund-import-template.xlsx)
  import-households <file.xlsx> --region CODE  import a household list, all rows or none
                                               (templates/household-import-template.xlsx)
  backup <file>                                DATABASE_URL: pg_dump's custom format (keep the household and
                                               signing keys with it); embedded: a copy of DATA_DIR, keys included,
                                               the service stopped (docs/operations.md)
  restore <file> [--force]                     into an empty database or DATA_DIR, all or nothing (--force:
                                               replace what is there)
  audit-copy init --county URL [--county-conninfo CONNINFO]
                                               make DATABASE_URL the audit bureau's logical-replication copy of
                                               the county's journal (docs/audit-copy.md)
  audit-copy status                            is the copy streaming; which row (book, seq) it refused, if any

Uses DATABASE_URL, or the embedded server under DATA_DIR (default ./.data) — stop the running
service first when it uses the embedded server.`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      region: { type: 'string' },
      book: { type: 'string' },
      seq: { type: 'string' },
      server: { type: 'string' },
      'public-key': { type: 'string' },
      offline: { type: 'boolean' },
      format: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      'witness-key': { type: 'string', multiple: true },
      quorum: { type: 'string' },
      force: { type: 'boolean' },
      county: { type: 'string' },
      'county-conninfo': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (!command || values.help) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'backup' || command === 'restore') return runBackupCommand(command, positionals[1], values.force);
  if (command === 'audit-copy') return runAuditCopyCommand(positionals[1], values);
  const keys = (values['witness-key'] ?? []).map((k) => (existsSync(k) ? readFileSync(k, 'utf8').trim() : k));
  const quorum = values.quorum === undefined ? keys.length : Number(values.quorum);
  if (!Number.isInteger(quorum) || quorum < 0 || quorum > keys.length)
    throw new Error(`--quorum must be an integer between 0 and the number of --witness-key (${keys.length})`);
  if (command === 'verify' && values.offline)
    return runOfflineVerify(positionals[1], values['public-key'], { keys, quorum });
  const keyArg = values['public-key'];
  const trustedKey = keyArg && existsSync(keyArg) ? readFileSync(keyArg, 'utf8') : keyArg;
  if (command === 'verify-proof') {
    if (!values.server || !values.book || !values.seq) throw new Error('verify-proof needs --server, --book and --seq');
    const result = await verifyRemoteEntry(values.server, values.book, Number(values.seq), trustedKey, {
      keys,
      quorum,
    });
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  }
  process.env.LOG_LEVEL ??= 'warn';
  process.env.CHECKPOINT_INTERVAL_SECONDS = '0';
  const db = await openDatabase(parseAppConfig(process.env), () => {});
  try {
    if (command === 'migrate') {
      console.log('migrations applied');
      return 0;
    }
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ databaseUrl: db.url }), {
      logger: false,
    });
    try {
      if (command === 'export') return await runExportCommand(app, positionals[1], values);
      if ((IMPORT_COMMANDS as readonly string[]).includes(command))
        return await runImportCommand(app, command, positionals[1], values.region);
      return await runInApp(app, command, { ...values, trustedKey });
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
}

async function runInApp(
  app: INestApplicationContext,
  command: string,
  opts: { name?: string; region?: string; book?: string; trustedKey?: string },
): Promise<number> {
  const dataSource = app.get(DataSource);
  switch (command) {
    case 'create-admin': {
      const user = await app.get(UsersService).issue(opts.name ?? 'admin', 'admin', opts.region ?? COUNTRY_CODE);
      console.log(`admin ${user.id} for region ${user.regionCode}\ntoken (shown once): ${user.token}`);
      return 0;
    }
    case 'verify': {
      const books: string[] = opts.book
        ? [opts.book]
        : (await dataSource.query(`SELECT code FROM journal_book ORDER BY code`)).map((r: { code: string }) => r.code);
      const publicKey = opts.trustedKey ? publicKeyFrom(opts.trustedKey) : app.get(SigningKeyService).publicKey;
      const started = Date.now();
      const reports = await verifyBooks((sql, p) => dataSource.query(sql, p), books, {
        publicKey,
        connectionString: connectionStringOf(dataSource),
      });
      for (const report of reports) console.log(JSON.stringify(report));
      const ok = reports.every((r) => r.ok);
      console.error(
        `${reports.length} books, ${reports.reduce((n, r) => n + r.entries, 0)} entries in ${Date.now() - started} ms`,
      );
      return ok ? 0 : 1;
    }
    case 'checkpoint': {
      const checkpoints = app.get(CheckpointService);
      const views = opts.book ? [await checkpoints.checkpoint(opts.book)] : await checkpoints.checkpointAll();
      for (const v of views) console.log(JSON.stringify(v));
      return 0;
    }
    case 'replay': {
      const report = await app.get(ReplayService).check();
      console.log(JSON.stringify(report, null, 2));
      return report.ok ? 0 : 1;
    }
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
