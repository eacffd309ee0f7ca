import { assertNotBefore, businessToday } from './business-date';
import { DomainError } from './errors/domain-error';

describe('businessToday', () => {
  it('turns at midnight in Beijing (16:00 UTC), whichever day was asked for last', () => {
    expect(businessToday(new Date('2026-02-28T15:59:59.999Z'))).toBe('2026-02-28');
    expect(businessToday(new Date('2026-02-28T16:00:00.000Z'))).toBe('2026-03-01');
    expect(businessToday(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(businessToday(new Date('2026-02-28T00:00:00.000Z'))).toBe('2026-02-28');
    expect(businessToday(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    expect(businessToday(new Date('2024-12-31T16:00:00.000Z'))).toBe('2025-01-01');
  });

  it('answers the real today as the time zone does', () => {
    const now = new Date();
    const expected = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now);
    expect(businessToday(now)).toBe(expected);
  });
});

describe('assertNotBefore', () => {
  const thrown = (fn: () => void): DomainError | undefined => {
    try {
      fn();
    } catch (err) {
      return err as DomainError;
    }
    return undefined;
  };

  it('allows the same day and later, and anything when there is nothing to follow', () => {
    expect(thrown(() => assertNotBefore('2024-03-15', '2024-03-15', 'the approval'))).toBeUndefined();
    expect(thrown(() => assertNotBefore('2024-03-16', '2024-03-15', 'the approval'))).toBeUndefined();
    expect(thrown(() => assertNotBefore('2000-01-01', null, 'the approval'))).toBeUndefined();
  });

  it('refuses an earlier date with DATE_ORDER, naming the field and the earlier step', () => {
    const err = thrown(() => assertNotBefore('2024-03-14', '2024-03-15', 'the approval', 'paidOn'));
    expect(err).toBeInstanceOf(DomainError);
    expect(err?.code).toBe('DATE_ORDER');
    expect(err?.message).toBe('The paidOn 2024-03-14 is before the approval (2024-03-15) / 日期早于上一环节日期');
    expect(err?.details).toEqual({ paidOn: '2024-03-14', earliest: '2024-03-15' });
    expect(
      thrown(() => assertNotBefore('2024-03-14', '2024-03-15', 'x', 'receivedOn', '资产登记日期'))?.message,
    ).toMatch(/日期早于资产登记日期$/);
  });
});
