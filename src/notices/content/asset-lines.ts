import type { EntityManager } from 'typeorm';

export interface AssetLine {
  assetNo: string;
  name: string;
  className: string;
  owner: string;
  value: bigint;
}

const CLASS_NAMES: Record<string, string> = { operating: '经营性', public_welfare: '公益性', household: '到户类' };

/** 资产形成 on a completion notice: assets registered so far (often later; the notice then says so). */
export async function loadAssetLines(em: EntityManager, projectId: string): Promise<AssetLine[]> {
  const rows: Array<{ asset_no: string; name: string; asset_class: string; owner_name: string | null; value: string }> =
    await em.query(
      // A household owner is named by its head (public on to-household notices), from the household table.
      `SELECT a.asset_no, a.name, a.asset_class, coalesce(a.owner_name, h.head_name) AS owner_name, a.value::text
       FROM asset a LEFT JOIN household h ON h.id = a.owner_household_id
      WHERE a.project_id = $1 ORDER BY a.asset_no, a.id`,
      [projectId],
    );
  return rows.map((r) => ({
    assetNo: r.asset_no,
    name: r.name,
    className: CLASS_NAMES[r.asset_class] ?? r.asset_class,
    owner: r.owner_name ?? '',
    value: BigInt(r.value),
  }));
}
