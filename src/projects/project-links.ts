import type { EntityManager } from 'typeorm';
import { fenToYuan } from '../common/money';
import { ProjectAssetDto, ProjectNoticeDto } from './dto/project-links.dto';

/**
 * What other features recorded about a project, read straight from their projection tables: GET /projects/:id
 * shows a project's notices and assets next to its money, and a SQL read keeps the projects module free of a
 * dependency on the notices and assets modules (which depend on it).
 */

export async function projectNotices(em: EntityManager, projectId: string): Promise<ProjectNoticeDto[]> {
  const rows: Array<Record<string, string | null>> = await em.query(
    `SELECT id, type, title, period_start::text, period_end::text, content_hash, seq::text, corrected_by_notice_id
       FROM notice n WHERE project_id = $1 ORDER BY n.seq`,
    [projectId],
  );
  return rows.map((r) => ({
    id: r.id!,
    type: r.type!,
    title: r.title!,
    periodStart: r.period_start!,
    periodEnd: r.period_end,
    contentHash: r.content_hash!,
    seq: Number(r.seq),
    correctedByNoticeId: r.corrected_by_notice_id,
    pdfUrl: `/api/v1/notices/${r.id}/pdf`,
  }));
}

export async function projectAssets(em: EntityManager, projectId: string): Promise<ProjectAssetDto[]> {
  const rows: Array<Record<string, string>> = await em.query(
    `SELECT id, asset_no, name, asset_class, value::text, status FROM asset a
      WHERE project_id = $1 ORDER BY a.asset_no, a.id`,
    [projectId],
  );
  return rows.map((r) => ({
    id: r.id,
    assetNo: r.asset_no,
    name: r.name,
    assetClass: r.asset_class,
    value: fenToYuan(BigInt(r.value)),
    status: r.status,
  }));
}
