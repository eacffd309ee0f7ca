import type { EntityManager } from 'typeorm';
import type { EntryDocument } from './chain/entry-document';

/** What a projection sees of an entry: only what the journal keeps, so replay can rebuild it. */
export interface JournalRecord {
  book: string;
  seq: number;
  hash: string;
  document: EntryDocument;
}

/**
 * A read model kept in step with the journal: `apply` runs in the appending transaction for
 * each entry of the listed types, and again during a replay into a scratch schema.
 */
export interface Projection {
  name: string;
  /** Tables it writes, compared table by table by the replay check. */
  tables: string[];
  /** Entry types it handles; `entry.reversed` to undo. */
  types: string[];
  apply(em: EntityManager, record: JournalRecord): Promise<void>;
}

export class ProjectionRegistry {
  private readonly all: Projection[] = [];

  register(projection: Projection): void {
    if (this.all.some((p) => p.name === projection.name)) throw new Error(`projection ${projection.name} registered twice`);
    this.all.push(projection);
  }

  list(): readonly Projection[] {
    return this.all;
  }

  handles(type: string): boolean {
    return this.all.some((p) => p.types.includes(type));
  }

  async apply(em: EntityManager, record: JournalRecord): Promise<void> {
    for (const p of this.all) if (p.types.includes(record.document.type)) await p.apply(em, record);
  }
}
