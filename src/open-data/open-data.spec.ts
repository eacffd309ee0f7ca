import { parseAppConfig } from '../config/app.config';
import { compileRelease } from './ocds/compile-release';
import type { Release } from './ocds/ocds-types';
import { fiscalYearOf, periodOf } from './open-data.dto';

const release = (id: string, more: Partial<Release>): Release => ({
  ocid: 'ocds-000000-p',
  id,
  date: `2026-01-0${id}T00:00:00.000Z`,
  tag: ['implementation'],
  initiationType: 'tender',
  language: 'zh',
  ...more,
});

describe('open data: the period of a release query', () => {
  it('takes ten years exactly and refuses a day more', () => {
    expect(periodOf({ regionCode: 'x', from: '2017-01-01', to: '2026-12-31' }, '2026-12-31')).toEqual({
      from: '2017-01-01',
      to: '2026-12-31',
    });
    expect(() => periodOf({ regionCode: 'x', from: '2016-12-31', to: '2026-12-31' }, '2026-12-31')).toThrow(
      /longer than 10 years/,
    );
    expect(() => periodOf({ regionCode: 'x', from: '2026-02-01', to: '2026-01-31' }, '2026-12-31')).toThrow(
      /is before from/,
    );
  });

  it('defaults to the ten years up to today, which the rule accepts', () => {
    expect(periodOf({ regionCode: 'x' }, '2024-02-29')).toEqual({ from: '2014-03-01', to: '2024-02-29' });
    expect(periodOf({ regionCode: 'x', to: '2026-06-30' }, '2026-12-31')).toEqual({
      from: '2016-07-01',
      to: '2026-06-30',
    });
  });

  it('reads a fiscal year of four digits in 2000–2100 only', () => {
    expect(fiscalYearOf('2026')).toBe(2026);
    for (const bad of ['1999', '2101', '20x6', '2026.5', ' 2026']) expect(() => fiscalYearOf(bad)).toThrow(/year/);
  });
});

describe('open data: the ocid prefix', () => {
  it('defaults to the placeholder and takes only an OCDS prefix', () => {
    expect(parseAppConfig({}).ocdsOcidPrefix).toBe('ocds-000000');
    expect(parseAppConfig({ OCDS_OCID_PREFIX: 'ocds-a1b2c3' }).ocdsOcidPrefix).toBe('ocds-a1b2c3');
    for (const bad of ['ocds-12345', 'ocds-ABCDEF', 'xyz-123456', 'ocds-1234567'])
      expect(() => parseAppConfig({ OCDS_OCID_PREFIX: bad })).toThrow(/OCDS_OCID_PREFIX/);
  });
});

describe('open data: the compiled release', () => {
  it('merges arrays of objects by id, keeps the latest values and unions a party’s roles', () => {
    const payer = { id: 'finance-1', name: '财政局' };
    const compiled = compileRelease([
      release('1', {
        parties: [{ id: 'payee-c', name: '公司', roles: ['supplier'] }],
        contracts: [{ id: 'contract-1', awardID: 'award-1', status: 'active' }],
      }),
      release('2', {
        parties: [{ id: 'payee-c', name: '公司', roles: ['payee'] }],
        contracts: [
          {
            id: 'contract-1',
            awardID: 'award-1',
            implementation: {
              transactions: [{ id: 't1', date: 'd', value: { amount: 10, currency: 'CNY' }, payer }],
            },
          },
        ],
      }),
      release('3', {
        contracts: [
          {
            id: 'contract-1',
            awardID: 'award-1',
            status: 'terminated',
            implementation: {
              transactions: [{ id: 't2', date: 'd', value: { amount: -4, currency: 'CNY' }, payer }],
            },
          },
        ],
      }),
    ]);
    expect(compiled.tag).toEqual(['compiled']);
    expect(compiled.date).toBe('2026-01-03T00:00:00.000Z');
    expect(compiled.parties).toEqual([{ id: 'payee-c', name: '公司', roles: ['supplier', 'payee'] }]);
    expect(compiled.contracts).toHaveLength(1);
    expect(compiled.contracts![0].status).toBe('terminated');
    expect(compiled.contracts![0].implementation!.transactions!.map((t) => t.value.amount)).toEqual([10, -4]);
  });
});
