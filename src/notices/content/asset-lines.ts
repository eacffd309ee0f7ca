import type { EntityManager } from 'typeorm';

export interface AssetLine {
  name: string;
  className: string;
  value: bigint;
}

const CLASS_NAMES: Record<string, string> = { operating: '经营性', public_welfare: '公益性', household: '到户类' };

/**
 * 资产形成 on a completion notice. The asset register is built by the assets feature in parallel;
 * until its `asset` table has the columns read here, a completion notice says assets follow.
 * TODO(assets): replace with a call into the assets feature's read service once it exists.
 */
export async function loadAssetLines(em: EntityManager, projectId: string): Promise<AssetLine[]> {
  const [{ ready }]: Array<{ ready: boolean }> = await em.query(
    `SELECT count(*) = 4 AS ready FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'asset' AND column_name IN ('project_id', 'name', 'asset_class', 'value')`,
  );
  if (!ready) return [];
  const rows: Array<{ name: string; asset_class: string; value: string }> = await em.query(
    `SELECT name, asset_class, value::text FROM asset WHERE project_id = $1 ORDER BY name`,
    [projectId],
  );
  return rows.map((r) => ({ name: r.name, className: CLASS_NAMES[r.asset_class] ?? r.asset_class, value: BigInt(r.value) }));
}
