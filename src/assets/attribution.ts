/** A fund's weight in an attribution: what it paid into the project and is not yet attributed. */
export interface FundWeight {
  fundId: string;
  weight: bigint;
}

export interface FundAttribution {
  fundId: string;
  amount: bigint;
}

/**
 * Splits `value` fen over funds in proportion to their weights, exact to the fen, by the largest
 * remainder method (Hamilton): every fund gets ⌊value·wᵢ/W⌋, and the fen left over go one each to
 * the funds with the largest remainders value·wᵢ mod W; equal remainders go to the fund that comes
 * first in `weights` — callers pass the funds in commitment order, so the oldest commitment wins a
 * tie. The shares sum to `value` exactly; with value ≤ W no share exceeds its fund's weight; funds
 * with a zero share are left out.
 */
export function attributeProRata(value: bigint, weights: readonly FundWeight[]): FundAttribution[] {
  if (value < 0n) throw new Error('cannot attribute a negative value');
  const total = weights.reduce((s, w) => s + w.weight, 0n);
  if (weights.some((w) => w.weight < 0n)) throw new Error('weights must not be negative');
  if (total === 0n) {
    if (value === 0n) return [];
    throw new Error('cannot attribute a value over zero weights');
  }
  const lines = weights.map((w, index) => ({
    fundId: w.fundId,
    index,
    amount: (value * w.weight) / total,
    remainder: (value * w.weight) % total,
  }));
  let left = value - lines.reduce((s, l) => s + l.amount, 0n);
  const byRemainder = [...lines].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const line of byRemainder) {
    if (left === 0n) break;
    line.amount += 1n;
    left -= 1n;
  }
  return lines.filter((l) => l.amount > 0n).map((l) => ({ fundId: l.fundId, amount: l.amount }));
}
