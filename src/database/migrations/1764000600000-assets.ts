import { MigrationInterface, QueryRunner } from 'typeorm';

/** Project assets, their ownership history, income and distributions: projections of the journal. */
export class Assets1764000600000 implements MigrationInterface {
  name = 'Assets1764000600000';

  async up(q: QueryRunner): Promise<void> {
    void q;
  }

  async down(q: QueryRunner): Promise<void> {
    void q;
  }
}
