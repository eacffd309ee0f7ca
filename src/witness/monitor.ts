/**
 * Monitor mode: the witness fetches a county's latest checkpoint and the consistency proof from the size it
 * cosigned last, from the county's public routes, and submits them to itself — the same add-checkpoint code the
 * HTTP route runs — so a county that does not push is witnessed all the same.
 */
import { formatAddCheckpoint } from './tlog';
import type { Witness, WitnessEvent } from './witness';
import { parseNote } from './note';
import { parseCheckpointText } from './tlog';

export const ORIGIN_PREFIX = 'sunshine-ledger/';

export interface MonitorReport {
  cosigned: Array<{ base: string; origin: string; size: number }>;
  inconsistent: Array<WitnessEvent & { base: string }>;
  errors: string[];
}

async function getJson<T>(url: string): Promise<T | null> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
}

async function monitorLog(witness: Witness, base: string, origin: string, report: MonitorReport) {
  const api = `${base.replace(/\/+$/, '')}/api/v1/ledger`;
  const book = encodeURIComponent(origin.slice(ORIGIN_PREFIX.length));
  const latest = await getJson<{ note?: string }>(`${api}/checkpoints/latest?book=${book}`);
  if (!latest?.note) return; // that county does not keep this book (or has no checkpoint yet)
  const size = parseCheckpointText(parseNote(latest.note).text).size;
  for (let attempt = 0; attempt < 2; attempt++) {
    const known = (await witness.store.get(origin))?.size ?? 0;
    if (size < known) {
      const reason = `the log shows size ${size} after size ${known} was cosigned`;
      report.inconsistent.push({ base, origin, status: 409, reason, size });
      return;
    }
    let proof: Buffer[] = [];
    if (known > 0 && known < size) {
      const c = await getJson<{ proof: string[] }>(`${api}/proofs/consistency?book=${book}&from=${known}&to=${size}`);
      proof = (c?.proof ?? []).map((h) => Buffer.from(h, 'hex'));
    }
    const answer = await witness.addCheckpoint(formatAddCheckpoint(known, proof, latest.note));
    if (answer.status === 200) return void report.cosigned.push({ base, origin, size });
    if (answer.status === 409) continue; // another request moved the record meanwhile
    const event = { base, origin, status: answer.status, reason: answer.body.trim(), size };
    if (answer.status === 422) report.inconsistent.push(event);
    else report.errors.push(`${base} ${origin}: ${answer.status} ${event.reason}`);
    return;
  }
}

/** One round over every county and every log the witness knows under the sunshine-ledger/ prefix. */
export async function monitorOnce(witness: Witness, bases: string[]): Promise<MonitorReport> {
  const report: MonitorReport = { cosigned: [], inconsistent: [], errors: [] };
  const origins = witness.origins().filter((o) => o.startsWith(ORIGIN_PREFIX));
  for (const base of bases)
    for (const origin of origins) {
      try {
        await monitorLog(witness, base, origin, report);
      } catch (err) {
        report.errors.push(`${base} ${origin}: ${(err as Error).message}`);
      }
    }
  return report;
}
