import { DomainError } from '../common/errors/domain-error';
import { chooseFunds, releasesAfter } from './disbursement-rules';
import type { ProjectFunding } from './project.entity';
import { addMonths, percentOf } from './project-rules';

const line = (
  fundId: string,
  committed: bigint,
  disbursed = 0n,
  released = 0n,
  committedSeq = 5,
  position = 0,
): ProjectFunding =>
  ({ projectId: 'p', fundId, committed, disbursed, released, committedSeq, position }) as ProjectFunding;

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return undefined;
};

describe('which fund pays', () => {
  const lines = [line('a', 500n, 200n), line('b', 1000n, 0n, 0n, 5, 1)];

  it('takes the oldest commitment first and splits when it is not enough', () => {
    expect(chooseFunds(lines, 300n)).toEqual([{ fundId: 'a', amount: 300n }]);
    expect(chooseFunds(lines, 301n)).toEqual([
      { fundId: 'a', amount: 300n },
      { fundId: 'b', amount: 1n },
    ]);
    expect(chooseFunds(lines, 1300n)).toHaveLength(2);
  });

  it('skips lines with nothing left', () => {
    expect(chooseFunds([line('a', 500n, 500n), line('b', 10n, 0n, 0n, 5, 1)], 10n)).toEqual([
      { fundId: 'b', amount: 10n },
    ]);
  });

  it('pays from the named fund only, never beyond its commitment', () => {
    expect(chooseFunds(lines, 1000n, 'b')).toEqual([{ fundId: 'b', amount: 1000n }]);
    expect(codeOf(() => chooseFunds(lines, 301n, 'a'))).toBe('OVER_COMMITMENT');
    expect(codeOf(() => chooseFunds(lines, 1n, 'c'))).toBe('UNKNOWN_FUND');
    expect(codeOf(() => chooseFunds(lines, 1301n))).toBe('OVER_COMMITMENT');
  });

  it('releases what is left after a payment', () => {
    expect(releasesAfter(lines, [{ fundId: 'b', amount: 400n }])).toEqual([
      { fundId: 'a', amount: 300n },
      { fundId: 'b', amount: 600n },
    ]);
    expect(releasesAfter([line('a', 500n, 400n, 100n)])).toEqual([]);
  });
});

describe('dates and shares', () => {
  it('adds months, keeping to the end of shorter months', () => {
    expect(addMonths('2024-10-15', 12)).toBe('2025-10-15');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-02-28', 12)).toBe('2024-02-28');
    expect(addMonths('2024-11-30', 3)).toBe('2025-02-28');
    expect(addMonths('2024-05-01', 0)).toBe('2024-05-01');
  });

  it('rounds a percentage down to the fen', () => {
    expect(percentOf(19_000_000n, 3)).toBe(570_000n);
    expect(percentOf(33n, 3)).toBe(0n);
    expect(percentOf(99_999n, 30)).toBe(29_999n);
  });
});
