/**
 * npm run witness [-- --monitor URL[,URL…] [--interval 60] [--once]]: a C2SP tlog-witness for county ledgers
 * (docs/witness.md). Configuration by environment: WITNESS_PORT, WITNESS_NAME, WITNESS_KEY, WITNESS_DIR,
 * WITNESS_LOGS, WITNESS_DATABASE_URL.
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { monitorOnce, MonitorReport } from './monitor';
import type { CrashPoint } from './state-store';
import { startWitness } from './start-witness';
import { parseWitnessConfig } from './witness-config';
import { createWitnessServer } from './witness-server';

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

function printReport(r: MonitorReport): void {
  for (const c of r.cosigned) log(`monitor: cosigned ${c.origin} at size ${c.size} (${c.base})`);
  for (const e of r.errors) log(`monitor: WARN ${e}`);
  for (const i of r.inconsistent)
    log(`monitor: ERROR inconsistent log ${i.origin} at ${i.base}: ${i.reason} — a split view or rewritten history`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { monitor: { type: 'string' }, interval: { type: 'string' }, once: { type: 'boolean' } },
  });
  const config = parseWitnessConfig(process.env);
  // Tests only: die at a chosen point of add-checkpoint, to show a kill never yields two cosigned trees of a size.
  const crashAt = process.env.WITNESS_CRASH_AT as CrashPoint | undefined;
  const hook = (point: CrashPoint) => void (point === crashAt && process.kill(process.pid, 'SIGKILL'));
  const started = await startWitness(config, {
    hook,
    onRefusal: (e) => log(`witness: ERROR log ${e.origin} refused (${e.status}): ${e.reason}`),
  });
  const { witness } = started;
  log(`witness ${config.name} — verifier key (also in ${config.dir}/witness.vkey):\n${witness.vkey}`);
  log(`witnessing ${witness.origins().length} log(s): ${witness.origins().join(', ') || '(none: set WITNESS_LOGS)'}`);
  const bases =
    values.monitor
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  if (values.once) {
    if (!bases.length) throw new Error('--once needs --monitor <county base URL>');
    const report = await monitorOnce(witness, bases);
    printReport(report);
    await started.close();
    return report.inconsistent.length ? 3 : report.errors.length ? 1 : 0;
  }
  const server = createWitnessServer(witness, log);
  await new Promise<void>((resolveListen) => server.listen(config.port, process.env.HOST ?? '0.0.0.0', resolveListen));
  log(`witness listening on port ${(server.address() as AddressInfo).port} (POST /add-checkpoint)`);
  let timer: NodeJS.Timeout | undefined;
  if (bases.length) {
    const seconds = Number(values.interval ?? 60);
    if (!Number.isFinite(seconds) || seconds < 1) throw new Error('--interval must be at least 1 second');
    let busy = false;
    const round = async () => {
      if (busy) return; // a slow county must not stack rounds
      busy = true;
      try {
        printReport(await monitorOnce(witness, bases));
      } finally {
        busy = false;
      }
    };
    await round();
    timer = setInterval(() => void round(), seconds * 1000);
  }
  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
  });
  clearInterval(timer);
  await new Promise((resolveClose) => server.close(resolveClose));
  await started.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
