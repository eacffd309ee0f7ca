import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs an audit read in one read-only snapshot, so two rules or two identities never see the ledger at different
 * moments. JIT is off: the planner's estimates for these report queries are pessimistic enough to trigger LLVM
 * compilation that takes longer than the queries themselves (docs/benchmarks.md, lifecycle findings rules).
 */
export function inAuditSnapshot<T>(db: DataSource, read: (em: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction('REPEATABLE READ', async (em) => {
    await em.query('SET TRANSACTION READ ONLY');
    await em.query('SET LOCAL jit = off');
    return read(em);
  });
}
