import { MigrationInterface, QueryRunner } from 'typeorm';

/** Notices (三公示一公告) and objections: projections of notice.published / objection entries. */
export class Notices1764000500000 implements MigrationInterface {
  name = 'Notices1764000500000';

  async up(q: QueryRunner): Promise<void> {
    void q;
  }

  async down(q: QueryRunner): Promise<void> {
    void q;
  }
}
