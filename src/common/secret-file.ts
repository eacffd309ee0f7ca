import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A random secret of `bytes` bytes kept as base64 in DATA_DIR/<name> (mode 600), created on first
 * use. Written aside, then linked into place: a process starting at the same moment sees either no
 * file or the whole key, and whichever link comes second keeps the first key. Returns the file
 * path too, for messages. Secrets like this never go into the database.
 */
export function loadOrCreateSecretFile(
  dataDir: string,
  name: string,
  bytes: number,
): { text: string; file: string; created: boolean } {
  const file = join(dataDir, name);
  let created = false;
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, `${randomBytes(bytes).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(tmp, file);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
  }
  return { text: readFileSync(file, 'utf8'), file, created };
}
