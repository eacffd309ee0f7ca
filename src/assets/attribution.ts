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
 * Splits `value` fen over funds by weight, exact to the fen, by largest remainder (Hamilton): ties go to the
 * earlier fund (callers pass commitment order). Shares sum to `value`; with value ≤ W none exceeds its
 * weight; zero shares are left out.
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
