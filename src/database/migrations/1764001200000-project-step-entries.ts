import { MigrationInterface, QueryRunner } from 'typeorm';

/** The project step entry types; the index below holds only these, so other appends do not pay for it. */
export const PROJECT_STEP_TYPES_SQL =
  `'project.applied', 'project.reviewed', 'project.approved', 'project.started', 'project.completed', ` +
  `'project.accepted', 'project.cancelled'`;

/**
 * Finds a project's step entry by book, type and date (the audit findings' evidence) without the subjects GIN
 * index: looked up thousands of times in one run, each GIN lookup walks the index's pending list again.
 */
export class ProjectStepEntries1764001200000 implements MigrationInterface {
  name = 'ProjectStepEntries1764001200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX ix_journal_entry_project_step ON journal_entry (book, type, occurred_on)
        WHERE type IN (${PROJECT_STEP_TYPES_SQL})`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_journal_entry_project_step`);
  }
}
