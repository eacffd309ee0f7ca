import * as stepIndex from '../../../../database/migrations/1764001200000-project-step-entries';
import { parseAuditThresholds } from '../../thresholds';
import { EVIDENCE_LIMIT, evidenceOf, PROJECT_STEP_TYPES_SQL, scopeParams, severityByAge } from './rule-sql';

describe('lifecycle rule helpers', () => {
  it('turns a region into the range of 12-digit codes of its subtree', () => {
    expect(scopeParams({ regionCode: '410000000000', asOf: '2024-06-30' })).toEqual([
      '410000000000',
      '419999999999',
      '2024-06-30',
    ]);
    expect(scopeParams({ regionCode: '411103000000', asOf: '2024-06-30' }).slice(0, 2)).toEqual([
      '411103000000',
      '411103999999',
    ]);
    expect(scopeParams({ regionCode: '411103100201', asOf: '2024-06-30' }).slice(0, 2)).toEqual([
      '411103100201',
      '411103100201',
    ]);
    expect(scopeParams({ regionCode: '000000000000', asOf: '2024-06-30' }).slice(0, 2)).toEqual([
      '000000000000',
      '999999999999',
    ]);
  });

  it('keeps at most EVIDENCE_LIMIT entries, seqs as numbers', () => {
    const raw = Array.from({ length: EVIDENCE_LIMIT + 5 }, (_, i) => ({ book: '411103000000', seq: String(i + 1) }));
    const evidence = evidenceOf(raw);
    expect(evidence).toHaveLength(EVIDENCE_LIMIT);
    expect(evidence[0]).toEqual({ book: '411103000000', seq: 1 });
    expect(evidenceOf(null)).toEqual([]);
  });

  it("lists the project step types exactly as the partial index's predicate does (or the planner skips it)", () => {
    expect(PROJECT_STEP_TYPES_SQL).toBe(stepIndex.PROJECT_STEP_TYPES_SQL);
  });

  it('is medium over the threshold and high from twice it', () => {
    expect(severityByAge(90, 90)).toBe('medium');
    expect(severityByAge(179, 90)).toBe('medium');
    expect(severityByAge(180, 90)).toBe('high');
    expect(severityByAge(5, 0)).toBe('medium');
  });

  it('reads the two new thresholds from AUDIT_* like the others', () => {
    const th = parseAuditThresholds({ AUDIT_NOTICE_MISSING_DAYS: '5', AUDIT_ANNOUNCEMENT_MISSING_DAYS: '45' });
    expect([th.noticeMissingDays, th.announcementMissingDays]).toEqual([5, 45]);
    expect(parseAuditThresholds({})).toMatchObject({ noticeMissingDays: 10, announcementMissingDays: 30 });
    expect(() => parseAuditThresholds({ AUDIT_NOTICE_MISSING_DAYS: 'x' })).toThrow('AUDIT_NOTICE_MISSING_DAYS');
  });
});
