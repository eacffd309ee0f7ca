import { isIdNumber } from '../households/id-number';
import { DEMO_FUNDS } from './demo-funds';
import { householdPlans } from './demo-households';
import { DEMO_PROJECTS } from './demo-project-plans';
import { LAST_KEY } from './demo-year';

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
/** The day the demo was written for; its business dates may not lie after it. */
const WRITTEN = '2026-11-22';

describe('demo plans', () => {
  it('leave room for the publicity periods: ≥ 12 days apply→review, approve→start, accept→final payment', () => {
    for (const p of DEMO_PROJECTS) {
      const [applied, reviewed, approved, started, , accepted] = p.dates;
      if (reviewed) expect(days(applied, reviewed)).toBeGreaterThanOrEqual(12);
      if (started) expect(days(approved, started)).toBeGreaterThanOrEqual(12);
      for (const pay of (p.payments ?? []).filter((x) => x.kind === 'final' || x.kind === 'retention_release')) {
        expect(days(accepted, pay.on)).toBeGreaterThanOrEqual(12);
      }
    }
  });

  it('keep every date in order and none after the day the demo was written for', () => {
    for (const p of DEMO_PROJECTS) {
      const all = [...p.dates, ...(p.end ? [p.end.on] : [])];
      expect([...all].sort()).toEqual(all);
      const dated = [...all, ...(p.payments ?? []).map((x) => x.on), ...(p.households ?? []).map((x) => x.on)];
      for (const d of dated) expect(d <= WRITTEN).toBe(true);
      // Payments only while works run or after them.
      for (const d of [...(p.payments ?? []), ...(p.households ?? [])].map((x) => x.on))
        expect(d >= p.dates[3]).toBe(true);
    }
  });

  it('approve no more than the fiscal budget, advances within 30 %, after the funds arrived', () => {
    const issued = Object.fromEntries(DEMO_FUNDS.map((f) => [f.key, (f.allocations.at(-1) ?? f.received).issuedOn]));
    for (const p of DEMO_PROJECTS.filter((x) => x.funding)) {
      const committed = p.funding!.reduce((a, [, amount]) => a + Number(amount), 0);
      expect(committed).toBeLessThanOrEqual(Number(p.budget) - Number(p.selfFunded ?? 0));
      const advances = (p.payments ?? []).filter((x) => x.kind === 'advance').reduce((a, x) => a + Number(x.amount), 0);
      expect(advances).toBeLessThanOrEqual(committed * 0.3);
      for (const [fund] of p.funding!) if (p.dates[2]) expect(p.dates[2] >= issued[fund]).toBe(true);
    }
  });

  it('pay a passed project at most its final cost less the 3 % retention until the retention is released', () => {
    for (const p of DEMO_PROJECTS.filter((x) => x.finalCost && x.finalCost !== 'paid')) {
      const final = Number(p.finalCost);
      const paid = (p.payments ?? [])
        .filter((x) => x.kind !== 'retention_release')
        .reduce((a, x) => a + Number(x.amount), 0);
      expect(paid).toBeLessThanOrEqual(final - Math.floor(final * 3) / 100);
    }
  });

  it('make valid, distinct ID numbers whose area code is the household’s county, the same every time', () => {
    const plans = householdPlans();
    const ids = plans.map((p) => p.body.idNumber as string);
    expect(plans).toHaveLength(100);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of plans) {
      expect(isIdNumber(p.body.idNumber, WRITTEN)).toBe(true);
      expect((p.body.idNumber as string).slice(0, 6)).toBe((p.body.regionCode as string).slice(0, 6));
    }
    expect(householdPlans()).toEqual(plans);
    expect(plans.filter((p) => p.exit)).toHaveLength(4);
  });

  it('approve every project before the day of the county announcement, which is written last', () => {
    for (const p of DEMO_PROJECTS) if (p.dates[2]) expect(p.dates[2] < '2026-11-05').toBe(true);
    expect(LAST_KEY).toBe('demo:411103:2026:announcement');
  });
});
