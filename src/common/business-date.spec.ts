import { businessToday } from './business-date';

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
