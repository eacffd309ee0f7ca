import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A random secret in DATA_DIR/<name> (base64, mode 600), created on first use; never in the database.
 * Written aside and linked into place, so a racing process sees no file or the whole key, and the
 * first link wins. Returns the path too, for messages.
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
