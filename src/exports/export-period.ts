import { DomainError } from '../common/errors/domain-error';
import { assertPeriod } from '../common/period';

export interface Period {
  from: string | null;
  to: string | null;
}

/**
 * The period of an export from `from`/`to` (or `year`): `to` not before `from`, and at most ten years long
 * (`to` before the day ten years after `from`). An open bound is the whole history on that side.
 */
export function exportPeriod(q: { from?: string; to?: string; year?: number }): Period {
  if (q.year !== undefined) {
    if (q.from !== undefined || q.to !== undefined)
      throw new DomainError(
        'VALIDATION_FAILED',
        'Give either year or from/to, not both / year 与 from/to 不能同时使用',
      );
    return { from: `${q.year}-01-01`, to: `${q.year}-12-31` };
  }
  const from = q.from ?? null;
  const to = q.to ?? null;
  if (from && to) assertPeriod(from, to);
  return { from, to };
}

/** The period as a file-name part: `-2024`, `-2024-01-01_2024-06-30`, `-from-2024-01-01`, or nothing. */
export function periodSuffix(p: Period): string {
  if (p.from && p.to && p.from.endsWith('-01-01') && p.to === `${p.from.slice(0, 4)}-12-31`)
    return `-${p.from.slice(0, 4)}`;
  if (p.from && p.to) return `-${p.from}_${p.to}`;
  if (p.from) return `-from-${p.from}`;
  if (p.to) return `-to-${p.to}`;
  return '';
}
