/** Builds a witness from its configuration: key, state store, single-process lock on the state directory. */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CrashHook, DbStateStore, FileStateStore, StateStore } from './state-store';
import { Witness, WitnessEvent } from './witness';
import type { WitnessConfig } from './witness-config';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The file store trusts its in-memory view of the directory, so one process per WITNESS_DIR. */
function lockDir(dir: string): () => void {
  const file = join(dir, 'witness.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => unlinkSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8'));
      if (holder && holder !== process.pid && alive(holder))
        throw new Error(`another witness (pid ${holder}) uses ${dir}; use WITNESS_DATABASE_URL to run several`);
      unlinkSync(file); // left by a process that died
    }
  }
  throw new Error(`cannot lock ${dir}`);
}

export interface StartedWitness {
  witness: Witness;
  close(): Promise<void>;
}

export async function startWitness(
  config: WitnessConfig,
  options: { hook?: CrashHook; onRefusal?: (e: WitnessEvent) => void; lock?: boolean } = {},
): Promise<StartedWitness> {
  mkdirSync(config.dir, { recursive: true });
  let store: StateStore;
  let unlock = () => {};
  if (config.databaseUrl) store = await DbStateStore.open(config.databaseUrl);
  else {
    if (options.lock !== false) unlock = lockDir(config.dir);
    store = new FileStateStore(config.dir, options.hook);
  }
  const witness = new Witness(config.name, config.privateKey, config.logs, store, options);
  writeFileSync(join(config.dir, 'witness.vkey'), witness.vkey + '\n');
  return {
    witness,
    close: async () => {
      await store.close();
      unlock();
    },
  };
}
