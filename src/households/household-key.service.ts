import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { loadOrCreateSecretFile } from '../common/secret-file';
import { appConfig, type AppConfig } from '../config/app.config';
import { deriveHouseholdKeys, HouseholdKeys, MASTER_KEY_BYTES, parseMasterKey } from './household-crypto';

/**
 * The master key protecting ID numbers: HOUSEHOLD_KEY, else one generated into DATA_DIR/household-key. Only its
 * fingerprint goes into the database, so an instance with another key refuses to write instead of silently breaking
 * the duplicate check.
 */
@Injectable()
export class HouseholdKeyService {
  private readonly logger = new Logger('HouseholdKey');
  private derived?: HouseholdKeys;
  private confirmed = false;

  constructor(@Inject(appConfig.KEY) private readonly config: AppConfig) {}

  keys(): HouseholdKeys {
    this.derived ??= deriveHouseholdKeys(
      this.config.householdKey ? parseMasterKey(this.config.householdKey)! : this.fileKey(),
    );
    return this.derived;
  }

  /** In a writing transaction: records the key's fingerprint if none yet, refuses another key's database. */
  async assertSameKey(em: EntityManager): Promise<void> {
    if (this.confirmed) return;
    const { fingerprint } = this.keys();
    await em.query(`INSERT INTO household_key_check (id, fingerprint) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [
      fingerprint,
    ]);
    const [row]: Array<{ fingerprint: Buffer }> = await em.query(
      `SELECT fingerprint FROM household_key_check WHERE id = 1`,
    );
    if (!row.fingerprint.equals(fingerprint)) {
      this.logger.error(
        'HOUSEHOLD_KEY differs from the key the stored households were written with; refusing to write',
      );
      throw new DomainError(
        'INTERNAL',
        'The household key of this instance does not match the database / 户籍数据密钥与数据库不符',
      );
    }
  }

  /** Call after a transaction that ran assertSameKey committed: the recorded key is ours. */
  markConfirmed(): void {
    this.confirmed = true;
  }

  private fileKey(): Buffer {
    const { text, file, created } = loadOrCreateSecretFile(this.config.dataDir, 'household-key', MASTER_KEY_BYTES);
    if (created) this.logger.log(`generated a household key in ${file}; back it up`);
    const key = parseMasterKey(text);
    if (!key) throw new Error(`${file} must hold base64 of ${MASTER_KEY_BYTES} bytes`);
    return key;
  }
}
