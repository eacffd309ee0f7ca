import { MigrationInterface, QueryRunner } from 'typeorm';

/** Projects, funding lines and disbursements. */
export class Projects1764000400000 implements MigrationInterface {
  name = 'Projects1764000400000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
