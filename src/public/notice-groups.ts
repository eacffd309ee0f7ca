import { levelOfCode, parentCodeOf } from '../common/region-code';
import type { NoticeSummaryDto } from '../notices/dto/notice.dto';

/** Where a notice stands today, as a villager reads the board. */
export type NoticeStatus = 'upcoming' | 'running' | 'standing' | 'ended' | 'corrected';

export const STATUS_NAMES: Record<NoticeStatus, string> = {
  upcoming: '即将公示',
  running: '公示中',
  standing: '公告',
  ended: '公示期已结束',
  corrected: '已更正',
};

export function noticeStatus(
  n: Pick<NoticeSummaryDto, 'periodStart' | 'periodEnd' | 'correctedBy'>,
  today: string,
): NoticeStatus {
  if (n.correctedBy) return 'corrected';
  if (today < n.periodStart) return 'upcoming';
  if (n.periodEnd === null) return 'standing';
  return today <= n.periodEnd ? 'running' : 'ended';
}

export const isCurrent = (s: NoticeStatus) => s === 'upcoming' || s === 'running' || s === 'standing';

export interface ListedNotice extends NoticeSummaryDto {
  status: NoticeStatus;
  current: boolean;
}

export interface RegionHeading {
  code: string;
  name: string;
}

/** One village (or the township's, or the county's own notices when village/township is null). */
export interface RegionGroup {
  county: RegionHeading;
  township: RegionHeading | null;
  village: RegionHeading | null;
  notices: ListedNotice[];
}

function ancestorAt(code: string, level: 'county' | 'township' | 'village'): string | null {
  for (let c: string | null = code; c; c = parentCodeOf(c)) if (levelOfCode(c) === level) return c;
  return null;
}

const heading = (code: string | null, names: Map<string, string>): RegionHeading | null =>
  code ? { code, name: names.get(code) ?? code } : null;

/**
 * County → township → village in region-code order, each level's own notices first; inside a group the
 * ones still on the board (running, about to start, standing announcements) newest first, then the past.
 */
export function groupByRegion(notices: NoticeSummaryDto[], names: Map<string, string>, today: string): RegionGroup[] {
  const groups = new Map<string, RegionGroup>();
  for (const n of notices) {
    const county = ancestorAt(n.regionCode, 'county') ?? n.regionCode;
    const township = ancestorAt(n.regionCode, 'township');
    const village = ancestorAt(n.regionCode, 'village');
    const key = `${county}/${township ?? ''}/${village ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        county: heading(county, names)!,
        township: heading(township, names),
        village: heading(village, names),
        notices: [],
      };
      groups.set(key, group);
    }
    const status = noticeStatus(n, today);
    group.notices.push({ ...n, status, current: isCurrent(status) });
  }
  const byDate = (a: ListedNotice, b: ListedNotice) =>
    Number(b.current) - Number(a.current) ||
    b.periodStart.localeCompare(a.periodStart) ||
    b.publishedAt.localeCompare(a.publishedAt);
  for (const g of groups.values()) g.notices.sort(byDate);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => g);
}
