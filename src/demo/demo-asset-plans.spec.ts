import { yuanToFen } from '../common/money';
import { lastAssetKey } from './demo-assets';
import { DEMO_ASSETS } from './demo-asset-plans';
import { DEMO_PROJECTS } from './demo-project-plans';

/** The day the demo was written for (as in demo-project-plans.spec.ts): no business date after it. */
const WRITTEN = '2026-11-22';

const projectOf = (code: string) => DEMO_PROJECTS.find((p) => p.code === code)!;
const datesOf = (a: (typeof DEMO_ASSETS)[number]) => [
  a.registeredOn,
  ...(a.transfers ?? []).map((t) => t.on),
  ...(a.income ?? []).map((i) => i.receivedOn),
  ...(a.distributions ?? []).map((d) => d.on),
  ...(a.disposal ? [a.disposal.villageAssemblyOn, a.disposal.disposedOn] : []),
];

describe('demo asset plans', () => {
  it('register only what accepted projects formed, after the acceptance and the last payment', () => {
    for (const a of DEMO_ASSETS) {
      const p = projectOf(a.project);
      expect([a.key, p.dates.length]).toEqual([a.key, 6]);
      expect(a.registeredOn >= p.dates[5]).toBe(true);
      for (const pay of p.payments ?? []) expect([a.key, pay.on <= a.registeredOn]).toEqual([a.key, true]);
    }
  });

  it('date everything in 2026, after the registration and by the day the demo was written for', () => {
    for (const a of DEMO_ASSETS) {
      for (const d of datesOf(a)) {
        expect(d >= '2026-01-01' && d <= WRITTEN).toBe(true);
        expect(d >= a.registeredOn).toBe(true);
      }
      const d = a.disposal;
      if (d)
        expect([d.villageAssemblyOn, d.townshipApprovedOn, d.countyApprovedOn, d.disposedOn]).toEqual(
          [d.villageAssemblyOn, d.townshipApprovedOn, d.countyApprovedOn, d.disposedOn].sort(),
        );
    }
  });

  it('give income only to operating assets, and never plan to distribute more than came in', () => {
    for (const a of DEMO_ASSETS) {
      if (a.assetClass !== 'operating') expect([a.key, a.income ?? []]).toEqual([a.key, []]);
      const income = (a.income ?? []).reduce((s, i) => s + yuanToFen(i.amount), 0n);
      // Purposes alone; the households' lines come on top and are checked by the service and the e2e test.
      const purposes = (a.distributions ?? []).flatMap((d) => d.purposes).reduce((s, [, x]) => s + yuanToFen(x), 0n);
      expect(purposes <= income).toBe(true);
    }
  });

  it('keep one `rest` per project and unique keys; the completeness key is the last step of the last plan', () => {
    const keys = DEMO_ASSETS.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const code of new Set(DEMO_ASSETS.map((a) => a.project))) {
      expect(DEMO_ASSETS.filter((a) => a.project === code && a.value === 'rest').length).toBeLessThanOrEqual(1);
    }
    expect(lastAssetKey()).toBe('asset:p06:water:transfer:1');
  });
});
