import { dateOf, plainOf, yuanOf } from './cell-values';

const ok = <T>(value: T) => ({ ok: true, value });

describe('Excel cell values', () => {
  it.each([
    [1409.5, '1409.50'],
    [1409.05, '1409.05'],
    [0.01, '0.01'],
    [1250000, '1250000.00'],
    [0.1 + 0.2, '0.30'], // a formula's binary noise: read with Excel's 15 significant digits
    [1234.1 * 3, '3702.30'],
    [9999999999999.99 - 1e12, '8999999999999.99'],
    ['1,250,000.5', '1250000.50'],
    [' ¥12.3 ', '12.30'],
    ['0012.00', '12.00'],
    ['100元', '100.00'],
  ])('amount %p → %p', (cell, yuan) => {
    expect(yuanOf(cell)).toEqual(ok(yuan));
  });

  it.each([[1409.555], ['1409.555'], [0], [-5], ['-5'], ['abc'], [''], [null], [1e15], ['1e3'], [new Date()], [true]])(
    'refuses the amount %p',
    (cell) => {
      expect(yuanOf(plainOf(cell as never)).ok).toBe(false);
    },
  );

  it.each([
    [new Date(Date.UTC(2024, 2, 15)), '2024-03-15'],
    ['2024-03-15', '2024-03-15'],
    ['2024/3/5', '2024-03-05'],
    ['2024.03.05', '2024-03-05'],
    ['2024年3月15日', '2024-03-15'],
    [45366, '2024-03-15'], // the serial number of an unformatted date cell
    [20240315, '2024-03-15'],
  ])('date %p → %p', (cell, date) => {
    expect(dateOf(cell)).toEqual(ok(date));
  });

  it.each([['2024-02-30'], ['15/03/2024'], ['next week'], [1.5], [null], [new Date(NaN)]])(
    'refuses the date %p',
    (cell) => {
      expect(dateOf(cell).ok).toBe(false);
    },
  );

  it('reads formulas by their result, rich text by its characters, blank text as empty', () => {
    expect(plainOf({ formula: 'A1*2', result: 12.5 } as never)).toBe(12.5);
    expect(plainOf({ richText: [{ text: '豫财' }, { text: '农' }] } as never)).toBe('豫财农');
    expect(plainOf('   ')).toBeNull();
    expect(plainOf({ text: 'link', hyperlink: 'http://x' } as never)).toBe('link');
  });
});
