import type { INestApplicationContext } from '@nestjs/common';
import { Presets, SingleBar } from 'cli-progress';
import { readFileSync } from 'node:fs';
import type { Actor } from '../auth/role';
import { DomainError } from '../common/errors/domain-error';
import { isRegionCode } from '../common/region-code';
import { FundImportService } from './import/fund-import.service';
import { HouseholdImportService } from './import/household-import.service';
import type { ImportProblem } from './import/import-report';
import type { ImportPhase } from './import/import-runner';

export const IMPORT_COMMANDS = ['import-funds', 'import-households'] as const;

/**
 * `import-funds` / `import-households`: the HTTP routes' services, checks and all-or-nothing, acting as
 * `system` scoped to --region (the operator already holds the database). Exit 0 imported, 1 refused.
 */
export async function runImportCommand(
  app: INestApplicationContext,
  command: string,
  file: string | undefined,
  region: string | undefined,
): Promise<number> {
  if (!file || !region || !isRegionCode(region)) {
    console.error(`${command} needs a file and --region <12-digit region code>`);
    return 2;
  }
  const funds = command === 'import-funds';
  const actor: Actor = {
    userId: 'system',
    name: 'cli import',
    role: funds ? 'finance' : 'village',
    regionCode: region,
  };
  const bar = new SingleBar(
    {
      format: '{phase} |{bar}| {value}/{total} rows  {eta_formatted}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 1000,
    },
    Presets.shades_classic,
  );
  let phase: ImportPhase | undefined;
  let checkedAt = 0;
  const progress = (p: ImportPhase, done: number, total: number) => {
    if (p === 'validate') checkedAt = Date.now();
    if (p !== phase) {
      if (phase) bar.stop();
      phase = p;
      bar.start(total, done, { phase: p === 'validate' ? 'checked' : 'written' });
    } else if (done % 50 === 0 || done === total) bar.update(done);
  };
  const started = Date.now();
  const since = (t: number) => ((Date.now() - t) / 1000).toFixed(1);
  try {
    const buffer = readFileSync(file);
    const options = { regionCode: region, progress };
    const result = funds
      ? await app.get(FundImportService).import(actor, buffer, options)
      : await app.get(HouseholdImportService).import(actor, buffer, options);
    bar.stop();
    const seconds = (Date.now() - started) / 1000;
    const checked = ((checkedAt - started) / 1000).toFixed(1);
    console.log(
      `imported ${result.count} ${funds ? 'funds' : 'households'} in ${seconds.toFixed(1)} s ` +
        `(${Math.round(result.count / seconds)} rows/s; ` +
        `read and checked in ${checked} s, written in ${since(checkedAt)} s)`,
    );
    return 0;
  } catch (err) {
    bar.stop();
    if (!(err instanceof DomainError)) throw err;
    console.error(`${err.code}: ${err.message}`);
    const details = err.details as { problems?: ImportProblem[] } | undefined;
    if (details?.problems) {
      for (const p of details.problems) console.error(`  row ${p.row}\t${p.column}\t${p.value ?? ''}\t${p.reason}`);
    } else if (details) {
      console.error(JSON.stringify(details, null, 2));
    }
    return 1;
  }
}
