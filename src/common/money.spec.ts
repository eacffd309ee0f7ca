import { fenToYuan, sumFen, yuanToFen } from './money';

describe('money', () => {
  it.each([
    ['0', 0n],
    ['0.01', 1n],
    ['1250', 125000n],
    ['1250.5', 125050n],
    ['1250.50', 125050n],
    ['-3.07', -307n],
    ['999999999999999.99', 99999999999999999n],
  ])('parses %s yuan to %s fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it.each(['1.234', '1e3', '01.00', '', ' 1', '1.', '.5', '1,000', 'NaN', '1000000000000000'])('rejects %p', (bad) => {
    expect(() => yuanToFen(bad)).toThrow(/Invalid amount/);
  });

  it('rejects a JS number', () => {
    expect(() => yuanToFen(12 as unknown as string)).toThrow(/Invalid amount/);
  });

  it.each([
    [0n, '0.00'],
    [1n, '0.01'],
    [125050n, '1250.50'],
    [-307n, '-3.07'],
    [99999999999999999n, '999999999999999.99'],
  ])('formats %s fen as %s', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan);
  });

  it('round-trips beyond the float-safe range', () => {
    const yuan = '90071992547409.93'; // 2^53 + 1 fen; a JS number would lose the last digit
    expect(fenToYuan(yuanToFen(yuan))).toBe(yuan);
    expect(sumFen([yuanToFen(yuan), 1n])).toBe(9007199254740994n);
  });
});
