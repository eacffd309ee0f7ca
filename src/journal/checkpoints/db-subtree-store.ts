import type { QueryFn } from '../verify/chain-verifier';
import type { NodeKey, SubtreeStore } from '../merkle';

/** Complete subtree hashes of one book, fetched in a single indexed query per proof. */
export class DbSubtreeStore implements SubtreeStore {
  constructor(
    private readonly query: QueryFn,
    private readonly book: string,
  ) {}

  async getNodes(keys: NodeKey[]): Promise<Buffer[]> {
    if (!keys.length) return [];
    const rows: Array<{ level: number; idx: string; hash: Buffer }> = await this.query(
      `SELECT level, idx, hash FROM journal_tree_node
        WHERE book = $1 AND (level, idx) IN (SELECT * FROM unnest($2::smallint[], $3::bigint[]))`,
      [this.book, keys.map((k) => k.level), keys.map((k) => String(k.index))],
    );
    const byKey = new Map(rows.map((r) => [`${r.level}:${r.idx}`, r.hash]));
    return keys.map((k) => {
      const hash = byKey.get(`${k.level}:${k.index}`);
      if (!hash) throw new Error(`tree node ${k.level}:${k.index} of book ${this.book} is not stored`);
      return hash;
    });
  }
}
