import { auditCopyStatus, describeStatus } from './audit-copy.status';
import { publishCounty, subscribeCopy } from './audit-copy.setup';

/**
 * `audit-copy init --county URL [--county-conninfo CONNINFO]` and `audit-copy status`, with DATABASE_URL the audit
 * bureau's own database (docs/audit-copy.md). Status needs no connection to the county.
 */
export async function runAuditCopyCommand(
  sub: string | undefined,
  values: { county?: string; 'county-conninfo'?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const copyUrl = env.DATABASE_URL;
  if (!copyUrl) throw new Error('audit-copy needs DATABASE_URL: the audit bureau’s own (copy) database');
  if (sub === 'init') {
    if (!values.county) throw new Error('audit-copy init needs --county URL (the county’s database)');
    await publishCounty(values.county);
    const done = await subscribeCopy(copyUrl, values['county-conninfo'] ?? values.county);
    console.log(done === 'created' ? 'subscribed: the copy is being filled' : 'already subscribed');
    return 0;
  }
  if (sub === 'status') {
    const status = await auditCopyStatus(copyUrl);
    console.log(JSON.stringify(status, null, 2));
    console.log(describeStatus(status));
    return status.ok ? 0 : 1;
  }
  throw new Error('audit-copy needs init or status: npm run cli -- audit-copy init|status');
}
