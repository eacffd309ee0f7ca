import type { NoticeSummaryDto } from '../notices/dto/notice.dto';
import { groupByRegion, noticeStatus } from './notice-groups';

const notice = (
  id: string,
  regionCode: string,
  periodStart: string,
  periodEnd: string | null,
  over: Partial<NoticeSummaryDto> = {},
) =>
  ({
    id,
    regionCode,
    periodStart,
    periodEnd,
    correctedBy: null,
    publishedAt: `${periodStart}T01:00:00.000Z`,
    ...over,
  }) as NoticeSummaryDto;

describe('notice status on the board', () => {
  it('runs from the first to the last day inclusive; announcements stand; corrections replace', () => {
    expect(noticeStatus(notice('a', '411103100201', '2026-11-10', '2026-11-17'), '2026-11-09')).toBe('upcoming');
    expect(noticeStatus(notice('a', '411103100201', '2026-11-10', '2026-11-17'), '2026-11-10')).toBe('running');
    expect(noticeStatus(notice('a', '411103100201', '2026-11-10', '2026-11-17'), '2026-11-17')).toBe('running');
    expect(noticeStatus(notice('a', '411103100201', '2026-11-10', '2026-11-17'), '2026-11-18')).toBe('ended');
    expect(noticeStatus(notice('a', '411103000000', '2026-01-05', null), '2026-11-18')).toBe('standing');
    expect(
      noticeStatus(notice('a', '411103100201', '2026-11-10', '2026-11-17', { correctedBy: 'b' }), '2026-11-12'),
    ).toBe('corrected');
  });
});

describe('groupByRegion', () => {
  const names = new Map([
    ['411103000000', '郾城区'],
    ['411103100000', '城关镇'],
    ['411103100201', '后街村'],
    ['411103100202', '石槽赵村'],
    ['411103101000', '孟庙镇'],
  ]);
  it('orders county, then township, then village, and current before past inside a village', () => {
    const groups = groupByRegion(
      [
        notice('old', '411103100201', '2026-01-02', '2026-01-09'),
        notice('village-2', '411103100202', '2026-11-15', '2026-11-22'),
        notice('township', '411103101000', '2026-11-15', '2026-11-25'),
        notice('county', '411103000000', '2026-02-01', null),
        notice('now', '411103100201', '2026-11-15', '2026-11-22'),
        notice('replaced', '411103100201', '2026-11-16', '2026-11-23', { correctedBy: 'now' }),
      ],
      names,
      '2026-11-18',
    );
    expect(
      groups.map((g) => [g.county.name, g.township?.name ?? null, g.village?.name ?? null, g.notices.map((n) => n.id)]),
    ).toEqual([
      ['郾城区', null, null, ['county']],
      ['郾城区', '城关镇', '后街村', ['now', 'replaced', 'old']],
      ['郾城区', '城关镇', '石槽赵村', ['village-2']],
      ['郾城区', '孟庙镇', null, ['township']],
    ]);
    expect(groups[1].notices.map((n) => n.current)).toEqual([true, false, false]);
  });
});
