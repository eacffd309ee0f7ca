import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs an audit read in one read-only snapshot, so two rules or two identities never see the ledger at different
 * moments. (JIT is off on every connection of the service: data-source-options.ts.)
 */
export function inAuditSnapshot<T>(db: DataSource, read: (em: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction('REPEATABLE READ', async (em) => {
    await em.query('SET TRANSACTION READ ONLY');
    return read(em);
  });
}
