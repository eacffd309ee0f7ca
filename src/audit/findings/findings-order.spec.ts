import type { Finding } from './finding';
import { byImportance } from './findings.service';
import { daysBetween, percent } from './rules/rule-sql';

const finding = (severity: Finding['severity'], amount?: string, id = 'x'): Finding => ({
  rule: 'idle_funds',
  severity,
  subject: { type: 'fund', id, name: id },
  amount,
  detail: '',
  detailEn: '',
  evidence: [],
});

describe('findings order and rule helpers', () => {
  it('sorts by severity first, then the larger amount (exact in fen), findings without an amount last', () => {
    const list = [
      finding('medium', '99999999999.99', 'a'),
      finding('critical', undefined, 'b'),
      finding('high', '0.01', 'c'),
      finding('high', '10.00', 'd'),
      finding('high', undefined, 'e'),
      finding('medium', '99999999999.98', 'f'),
    ];
    expect(list.sort(byImportance).map((f) => f.subject.id)).toEqual(['b', 'd', 'c', 'e', 'a', 'f']);
  });

  it('counts days across a leap year and gives percentages to one decimal, rounded down', () => {
    expect(daysBetween('2024-01-10', '2025-01-09')).toBe(365);
    expect(daysBetween('2024-01-10', '2026-01-09')).toBe(730);
    expect(percent(5499n, 10000n)).toBe('54.9');
    expect(percent(1n, 0n)).toBe('0.0');
  });
});
