import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Witnessed checkpoints (docs/witness.md): the cosignatures each witness returned for a checkpoint, per book and
 * witness the size it cosigned last (the old size of the next request) and its state, and every refusal for
 * inconsistency — kept, never overwritten, because it is evidence of a split view or a rewritten history.
 */
export class Witnesses1764001900000 implements MigrationInterface {
  name = 'Witnesses1764001900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE checkpoint_cosignature (
        book varchar(12) NOT NULL,
        tree_size bigint NOT NULL,
        witness text NOT NULL,
        key_id text NOT NULL,
        "timestamp" bigint NOT NULL,
        signature text NOT NULL,
        CONSTRAINT pk_checkpoint_cosignature PRIMARY KEY (book, tree_size, witness)
      )`);
    await q.query(`
      CREATE TABLE checkpoint_witness (
        book varchar(12) NOT NULL,
        witness text NOT NULL,
        cosigned_size bigint NOT NULL,
        status text NOT NULL,
        detail text,
        updated_at timestamptz NOT NULL,
        CONSTRAINT pk_checkpoint_witness PRIMARY KEY (book, witness)
      )`);
    await q.query(`
      CREATE TABLE witness_refusal (
        book varchar(12) NOT NULL,
        witness text NOT NULL,
        refused_at timestamptz NOT NULL,
        tree_size bigint NOT NULL,
        http_status integer NOT NULL,
        reason text NOT NULL,
        CONSTRAINT pk_witness_refusal PRIMARY KEY (book, witness, refused_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE witness_refusal`);
    await q.query(`DROP TABLE checkpoint_witness`);
    await q.query(`DROP TABLE checkpoint_cosignature`);
  }
}
