import { idCheckChar, idNumberProblem, isIdNumber, maskIdNumber, normaliseIdNumber } from './id-number';

/*
 * Test vectors, each check character worked out by hand:
 * weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, S = Σ digit × weight, check = "10X98765432"[S mod 11].
 *
 * 11010519491231002X (the example of GB 11643-1999; 北京 西城, born 1949-12-31)
 *   1×7+1×9+0×10+1×5+0×8+5×4+1×2+9×1+4×6+9×3+1×7+2×9+3×10+1×5+0×8+0×4+2×2
 *   = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 = 15×11 + 2 → "X"
 * 411103198503150018 (郾城区, born 1985-03-15)
 *   28+9+10+5+0+12+2+9+48+15+0+27+10+25+0+0+2 = 202; 202 = 18×11 + 4 → "8"
 * 411103199001011231 (born 1990-01-01)
 *   28+9+10+5+0+12+2+9+54+0+0+9+0+5+8+8+6 = 165; 165 = 15×11 + 0 → "1"
 * 411103200002290047 (born 2000-02-29, a leap day)
 *   28+9+10+5+0+12+4+0+0+0+0+18+20+45+0+0+8 = 159; 159 = 14×11 + 5 → "7"
 * 411103198807075563 (born 1988-07-07)
 *   28+9+10+5+0+12+2+9+48+24+0+63+0+35+40+20+12 = 317; 317 = 28×11 + 9 → "3"
 * 41110319870620002X (born 1987-06-20)
 *   28+9+10+5+0+12+2+9+48+21+0+54+20+0+0+0+4 = 222; 222 = 20×11 + 2 → "X"
 * 440304199912310621 (深圳 福田, born 1999-12-31)
 *   28+36+0+15+0+16+2+9+54+27+7+18+30+5+0+24+4 = 275; 275 = 25×11 + 0 → "1"
 *
 * Invalid ones, with a correct check character so that only the named rule fails:
 * 411103190002290016  1900-02-29 (1900 is no leap year); S = 160 = 14×11 + 6 → "6"
 * 411103199902300014  1999-02-30;                          S = 206 = 18×11 + 8 → "4"
 * 411103198513010019  month 13;                            S = 179 = 16×11 + 3 → "9"
 */
const TODAY = '2025-06-30';

describe('ID numbers (GB 11643-1999)', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['41110319850315001', '8'],
    ['41110319900101123', '1'],
    ['41110320000229004', '7'],
    ['41110319880707556', '3'],
    ['41110319870620002', 'X'],
    ['44030419991231062', '1'],
  ])('the check character of %s is %s', (first17, check) => {
    expect(idCheckChar(first17)).toBe(check);
    expect(isIdNumber(first17 + check, TODAY)).toBe(true);
  });

  it('accepts a lowercase x and normalises it to X', () => {
    expect(idNumberProblem('11010519491231002x', TODAY)).toBeUndefined();
    expect(normaliseIdNumber('11010519491231002x')).toBe('11010519491231002X');
  });

  it.each([
    ['a wrong check character', '110105194912310021', 'check_digit'],
    ['a digit where X belongs', '110105194912310020', 'check_digit'],
    ['a neighbouring digit swapped', '411103198503150108', 'check_digit'],
    ['17 characters', '11010519491231002', 'length'],
    ['19 characters', '11010519491231002X1', 'length'],
    ['the empty string', '', 'length'],
    ['a letter in the digits', '1101051949123100AX', 'format'],
    ['X not at the end', '1101051949123100X2', 'format'],
    ['full-width digits', '１１０１０５１９４９１２３１００２X', 'format'],
    ['29 February 1900', '411103190002290016', 'birth_date'],
    ['30 February', '411103199902300014', 'birth_date'],
    ['month 13', '411103198513010019', 'birth_date'],
    ['born in the future', '41110320990101001' + idCheckChar('41110320990101001'), 'birth_date'],
    ['born before 1900', '41110318991231001' + idCheckChar('41110318991231001'), 'birth_date'],
  ])('refuses %s', (_name, value, problem) => {
    expect(idNumberProblem(value, TODAY)).toBe(problem);
    expect(isIdNumber(value, TODAY)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(idNumberProblem(110105194912310020, TODAY)).toBe('type');
    expect(idNumberProblem(null, TODAY)).toBe('type');
  });

  it('masks to the first 6 and the last 4 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('411103198503150018')).toBe('411103********0018');
    expect(maskIdNumber('411103198503150018')).toHaveLength(18);
  });

  it('needs exactly 17 digits to compute a check character', () => {
    expect(() => idCheckChar('1101051949123100')).toThrow();
    expect(() => idCheckChar('1101051949123100X')).toThrow();
  });
});
