import { businessToday } from '../../src/common/business-date';
import { addDays } from '../../src/notices/dto/notice.dto';
import { COUNTY, ProjectDriver, projectBody } from '../support/project-fixtures';

export const TODAY = businessToday();

/** A village applies for a project and publishes its application notice (申报公示). */
export async function publishApplication(
  d: ProjectDriver,
  who: 'village' | 'otherVillage',
  over: Record<string, unknown>,
  period: { start: string; end: string } = { start: TODAY, end: addDays(TODAY, 7) },
): Promise<{ id: string; projectId: string; contentHash: string; book: string; seq: number }> {
  const projectId = (await d.post(who, '/api/v1/projects', projectBody(over), 201)).id;
  const body = {
    type: 'application',
    projectId,
    periodStart: period.start,
    periodEnd: period.end,
    issuer: '村民委员会',
    hotline: { local: '0395-3311234' },
  };
  const notice = await d.post(who, '/api/v1/notices', body, 201);
  return { ...notice, projectId };
}

/** The county's standing announcement of the year's allocations (资金分配结果公告). */
export function publishAnnouncement(d: ProjectDriver) {
  return d.post(
    'finance',
    '/api/v1/notices',
    { type: 'announcement', regionCode: COUNTY, periodStart: TODAY, issuer: '郾城区财政局' },
    201,
  );
}
