import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { verifyJournalFile } from '../../src/exports/journal/offline-verify';
import { COUNTY, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { csvRows, download } from './export-fixtures';

const run = promisify(execFile);

describe('the journal as JSON lines, verified offline', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let tokens: Record<string, string>;
  let lines: string[];
  let pem: string;
  const dir = mkdtempSync(join(tmpdir(), 'sl-journal-export-'));
  const verify = (text: string) => verifyJournalFile(Readable.from([text]), createPublicKey(pem));
  /** The file with entry line `seq` changed by `edit` (line 0 is the head). */
  const withEntry = (seq: number, edit: (line: Record<string, unknown>) => void) =>
    lines
      .map((l, i) => {
        if (i !== seq) return l;
        const line = JSON.parse(l);
        edit(line);
        return JSON.stringify(line);
      })
      .join('\n');

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await projectTokens(t);
    d = new ProjectDriver(t, tokens);
    const fund = await d.countyFund('500000.00', 'JNL-A');
    const project = await d.projectFunded([{ fundId: fund, amount: '150000.00' }]);
    await d.pay(project, { amount: '1234.56' });
    await d.post('finance', '/api/v1/ledger/checkpoints', { book: COUNTY }, 201);
    await d.pay(project, { amount: '10.01', paidOn: '2024-04-02' }); // after the checkpoint: chained, not signed yet
    pem = (await d.get('auditor', '/api/v1/ledger/public-key')).publicKeyPem;
    const res = await download(t, tokens.auditor, `journal/${COUNTY}.jsonl`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    lines = res.body.toString('utf8').trimEnd().split('\n');
  });
  afterAll(() => t.close());

  it('holds a head with the signed checkpoint and key, every entry with canonical bytes, and an end line', async () => {
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM journal_entry WHERE book = $1`, [COUNTY]);
    const head = JSON.parse(lines[0]);
    expect(head).toMatchObject({ format: 'sunshine-ledger/journal-export', book: COUNTY, headSeq: n });
    expect(head.checkpoint.treeSize).toBe(n - 1);
    expect(head.checkpoint.body).toMatch(new RegExp(`^sunshine-ledger/${COUNTY}\n${n - 1}\n`));
    expect(head.publicKey.publicKeyPem).toBe(pem);
    expect(lines).toHaveLength(n + 2);
    const [body] = await t.db.query(
      `SELECT convert_from(body, 'UTF8') AS text FROM journal_entry WHERE book = $1 AND seq = 2`,
      [COUNTY],
    );
    const second = JSON.parse(lines[2]);
    expect(second.canonical).toBe(body.text);
    expect(second.seq).toBe(2);
    expect(JSON.parse(lines[lines.length - 1])).toEqual({
      end: true,
      book: COUNTY,
      entries: n,
      lastHash: expect.any(String),
    });
    const paid = lines.map((l) => JSON.parse(l)).find((l) => l.type === 'disbursement.paid');
    expect(paid.postings.map((p: { amount: string }) => p.amount)).toContain('1234.56');
  });

  it('the offline verifier accepts the export', async () => {
    const report = await verify(lines.join('\n'));
    expect(report).toEqual({ ok: true, book: COUNTY, entries: lines.length - 2, checkpointSize: lines.length - 3 });
  });

  it('names the seq of a byte changed in the canonical bytes, the postings or the chain', async () => {
    for (const k of [1, 3, lines.length - 2]) {
      const tampered = withEntry(k, (l) => {
        l.canonical = (l.canonical as string).replace(
          /"occurredOn":"(\d)/,
          (_, digit) => `"occurredOn":"${(+digit + 1) % 10}`,
        );
      });
      expect(await verify(tampered)).toMatchObject({ ok: false, firstBadSeq: k, entries: k - 1 });
    }
    const payloadByte = withEntry(2, (l) => {
      const text = l.canonical as string;
      const at = text.indexOf('"payload":{') + 12;
      l.canonical = text.slice(0, at) + (text[at] === 'a' ? 'b' : 'a') + text.slice(at + 1);
    });
    expect(await verify(payloadByte)).toMatchObject({ ok: false, firstBadSeq: 2 });
    const withPostings = lines.findIndex((l, i) => i > 1 && JSON.parse(l).postings?.length);
    const posting = withEntry(withPostings, (l) => {
      (l.postings as Array<{ amount: string }>)[0].amount = '1.00';
    });
    expect(await verify(posting)).toMatchObject({
      ok: false,
      firstBadSeq: withPostings,
      problem: expect.stringContaining('posting'),
    });
    const dropped = lines.filter((_, i) => i !== 3).join('\n');
    expect(await verify(dropped)).toMatchObject({ ok: false, firstBadSeq: 3 });
    const cut = lines.slice(0, -1).join('\n');
    expect(await verify(cut)).toMatchObject({ ok: false, problem: expect.stringContaining('cut short') });
  });

  it('fails on a changed checkpoint signature, and with another key', async () => {
    const head = JSON.parse(lines[0]);
    const sig = Buffer.from(head.checkpoint.signature, 'base64');
    sig[10] ^= 1;
    const forged = [JSON.stringify({ ...head, checkpoint: { ...head.checkpoint, signature: sig.toString('base64') } })];
    const report = await verify([...forged, ...lines.slice(1)].join('\n'));
    expect(report).toMatchObject({ ok: false, problem: expect.stringContaining('bad signature') });
    const other = generateKeyPairSync('ed25519').publicKey;
    expect((await verifyJournalFile(Readable.from([lines.join('\n')]), other)).ok).toBe(false);
  });

  it('npm run cli -- verify --offline: exit 0 for the export, 1 naming the seq of a changed byte', async () => {
    const cli = async (...args: string[]) =>
      run(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli.ts', ...args]).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    writeFileSync(join(dir, 'key.pem'), pem);
    writeFileSync(join(dir, 'good.jsonl'), lines.join('\n') + '\n');
    const good = await cli('verify', '--offline', join(dir, 'good.jsonl'), '--public-key', join(dir, 'key.pem'));
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({ ok: true, book: COUNTY });
    const tampered = withEntry(5, (l) => {
      l.canonical = (l.canonical as string).replace('"seq":5', '"seq":5 ');
    });
    writeFileSync(join(dir, 'bad.jsonl'), tampered);
    const bad = await cli('verify', '--offline', join(dir, 'bad.jsonl'), '--public-key', join(dir, 'key.pem'));
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, firstBadSeq: 5 });
  }, 180_000); // two CLI starts through ts-node: slow on a loaded machine

  it('scope and bad input: program, village and other regions 403; a bad file name 400; unknown book 404', async () => {
    expect((await download(t, tokens.program, `journal/${COUNTY}.jsonl`)).status).toBe(403);
    expect((await download(t, tokens.village, `journal/${COUNTY}.jsonl`)).status).toBe(403);
    const other = await download(t, tokens.auditor, 'journal/411102000000.jsonl');
    expect(JSON.parse(other.body.toString()).code).toBe('OUT_OF_SCOPE');
    expect((await download(t, tokens.finance, `journal/${COUNTY}.jsonl`)).status).toBe(200);
    expect((await download(t, tokens.auditor, `journal/${COUNTY}.csv`)).status).toBe(400);
    expect((await download(t, tokens.auditor, 'journal/411103100201.jsonl')).status).toBe(404);
    // The entries table carries the same hashes as the journal file.
    const rows = csvRows((await download(t, tokens.auditor, 'entries.csv')).body);
    expect(rows[1][10]).toBe(JSON.parse(lines[1]).hash);
  });
});
