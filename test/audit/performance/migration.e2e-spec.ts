import { Performance1764001300000 } from '../../../src/database/migrations/1764001300000-performance';
import { ReplayService } from '../../../src/journal/replay/replay.service';
import { ProjectDriver, projectTokens } from '../../support/project-fixtures';
import { createTestApp, TestApp } from '../../support/test-app';
import { accept, completedProject } from './performance-fixtures';

describe('migration 1764001300000: projects accepted before it keep the replay check passing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('fills acceptance_seq from the journal for a project accepted before the columns existed', async () => {
    const d = new ProjectDriver(t, await projectTokens(t));
    const id = await completedProject(d, await d.countyFund('500000.00'));
    await accept(d, id);
    const seqOf = async () =>
      (await t.db.query(`SELECT acceptance_seq FROM project WHERE id = $1`, [id]))[0].acceptance_seq;
    const [{ seq }] = await t.db.query(
      `SELECT seq FROM journal_entry WHERE type = 'project.accepted' AND subjects @> ARRAY['project:' || $1]`,
      [id],
    );
    expect(await seqOf()).toBe(seq);

    // As a database upgraded with the project already accepted: the columns come new and empty.
    const migration = new Performance1764001300000();
    const qr = t.db.createQueryRunner();
    try {
      await migration.down(qr);
      await migration.up(qr);
    } finally {
      await qr.release();
    }
    expect(await seqOf()).toBe(seq);
    const report = await t.app.get(ReplayService).check();
    expect(report.tables.find((x) => x.table === 'project')).toMatchObject({ rows: 1, differences: 0 });
  });
});
