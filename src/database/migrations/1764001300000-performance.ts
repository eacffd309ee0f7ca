import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 绩效: the measurable indicators and named beneficiary households stated at application, the results recorded at
 * acceptance, and the acceptance entry's seq (evidence for the audit). All projections of the `project.*` entries;
 * null where an entry did not carry them, so projects recorded before stay as they were.
 */
export class Performance1764001300000 implements MigrationInterface {
  name = 'Performance1764001300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE project
        ADD COLUMN performance_indicators jsonb,
        ADD COLUMN beneficiary_household_ids uuid[],
        ADD COLUMN result_households int,
        ADD COLUMN result_persons int,
        ADD COLUMN result_indicators jsonb,
        ADD COLUMN acceptance_seq bigint`);
    // Projects accepted before this migration: the seq replay would derive, so the replay check still matches.
    await q.query(`
      UPDATE project p SET acceptance_seq = e.seq
        FROM journal_entry e
       WHERE p.accepted_on IS NOT NULL AND e.book = p.book AND e.type = 'project.accepted'
         AND e.subjects @> ARRAY['project:' || p.id::text]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE project
        DROP COLUMN performance_indicators,
        DROP COLUMN beneficiary_household_ids,
        DROP COLUMN result_households,
        DROP COLUMN result_persons,
        DROP COLUMN result_indicators,
        DROP COLUMN acceptance_seq`);
  }
}
