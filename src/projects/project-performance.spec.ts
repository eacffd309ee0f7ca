import { DomainError } from '../common/errors/domain-error';
import { compareDecimal, indicatorsOf, resultsOf } from './project-performance';

describe('绩效 indicators and results', () => {
  it.each([
    ['1200', '1200.0', 0],
    ['1199.9999', '1200', -1],
    ['24.5', '24.45', 1],
    ['0', '0.0001', -1],
    ['100000000000000', '99999999999999.9999', 1],
  ])('compares %s with %s exactly', (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected);
    expect(compareDecimal(b, a)).toBe(-expected || 0);
  });

  it('trims names and refuses one named twice', () => {
    expect(indicatorsOf([{ name: ' 增收 ', unit: '元', target: '1' }])).toEqual([
      { name: '增收', unit: '元', target: '1' },
    ]);
    expect(indicatorsOf([])).toBeUndefined();
    expect(() =>
      indicatorsOf([
        { name: '增收', unit: '元', target: '1' },
        { name: '增收 ', unit: '元', target: '2' },
      ]),
    ).toThrow(DomainError);
  });

  it('orders results as the indicators were stated and wants each exactly once', () => {
    const stated = [
      { name: 'a', unit: '户', target: '1' },
      { name: 'b', unit: '人', target: '2' },
    ];
    const given = [
      { name: 'b', actual: '3' },
      { name: 'a', actual: '4' },
    ];
    expect(resultsOf(stated, { households: 1, persons: 2, indicators: given }).indicators).toEqual([
      { name: 'a', actual: '4' },
      { name: 'b', actual: '3' },
    ]);
    expect(() => resultsOf(stated, { households: 1, persons: 2, indicators: [given[0]] })).toThrow(/missing: a/);
    expect(() => resultsOf(null, { households: 1, persons: 2, indicators: [given[0]] })).toThrow(
      /No indicator named b/,
    );
    expect(resultsOf(null, { households: 1, persons: 2 })).toEqual({ households: 1, persons: 2, indicators: [] });
  });
});
