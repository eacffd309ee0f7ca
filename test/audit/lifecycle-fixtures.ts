import type { Finding } from '../../src/audit/findings/finding';
import type { RuleCode } from '../../src/audit/findings/rule-codes';
import { LIFECYCLE_RULES } from '../../src/audit/findings/rules/lifecycle-rules';
import { parseAuditThresholds, type AuditThresholds } from '../../src/audit/findings/thresholds';
import { COUNTY } from '../support/project-fixtures';
import type { TestApp } from '../support/test-app';

/** Runs one lifecycle rule straight against the test database, as of a business date, with thresholds overridden. */
export async function runRule(
  t: TestApp,
  code: RuleCode,
  asOf: string,
  over: Partial<AuditThresholds> = {},
  regionCode = COUNTY,
): Promise<Finding[]> {
  const rule = LIFECYCLE_RULES.find((r) => r.code === code);
  if (!rule) throw new Error(`no lifecycle rule ${code}`);
  const findings = await rule.run(t.db.manager, { regionCode, asOf }, { ...parseAuditThresholds({}), ...over });
  for (const f of findings) expect(f.rule).toBe(code);
  return findings;
}

/** The findings about one subject. */
export const about = (findings: Finding[], id: string) => findings.filter((f) => f.subject.id === id);

/** The type and subjects of each evidence entry, read back from the journal. */
export async function evidenceEntries(t: TestApp, f: Finding) {
  const rows: Array<{ type: string; subjects: string[]; occurred_on: string }> = [];
  for (const e of f.evidence) {
    const [row] = await t.db.query(
      `SELECT type, subjects, occurred_on::text FROM journal_entry WHERE book = $1 AND seq = $2`,
      [e.book, e.seq],
    );
    rows.push(row);
  }
  return rows;
}
