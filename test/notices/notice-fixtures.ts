import canonicalize from 'canonicalize';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Response } from 'superagent';
import { idCheckChar } from '../../src/households/id-number';
import type { TestApp } from '../support/test-app';

/** A valid ID number (GB 11643-1999) of someone born 1975-03-08 in 郾城区, sequence n. */
export const idFor = (n: number) => {
  const first17 = `41110319750308${String(n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

/** The hash a notice must carry: hex SHA-256 of the RFC 8785 canonical content. */
export const contentHashOf = (content: unknown) =>
  createHash('sha256').update(canonicalize(content)!, 'utf8').digest('hex');

const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** GETs a PDF route; answers the response with its bytes as body. */
export async function getPdf(t: TestApp, url: string, token?: string) {
  const req = t
    .http()
    .get(url)
    .buffer(true)
    .parse(binary as never);
  if (token) req.set('Authorization', `Bearer ${token}`);
  return req;
}

/** The text of a PDF as poppler's pdftotext reads it (raw order: what a person would read). */
export function pdfText(pdf: Buffer): string {
  const out = spawnSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 });
  if (out.error || out.status !== 0)
    throw new Error(`pdftotext failed (install poppler-utils): ${out.error?.message ?? out.stderr.toString()}`);
  return out.stdout.toString('utf8');
}

/** Every journal entry body as text, to prove what is not in the chain. */
export async function journalText(t: TestApp): Promise<string> {
  const rows: Array<{ body: string }> = await t.db.query(
    `SELECT convert_from(body, 'UTF8') AS body FROM journal_entry`,
  );
  return rows.map((r) => r.body).join('\n');
}
