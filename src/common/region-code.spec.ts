import { bookOfRegion, isRegionCode, isWithin, levelOfCode, parentCodeOf, subtreePrefix } from './region-code';

describe('region codes', () => {
  it.each([
    ['000000000000', 'country'],
    ['410000000000', 'province'],
    ['411100000000', 'city'],
    ['411103000000', 'county'],
    ['411103100000', 'township'],
    ['411103100201', 'village'],
  ])('%s is a %s', (code, level) => {
    expect(levelOfCode(code)).toBe(level);
  });

  it('derives the parent of each level', () => {
    expect(parentCodeOf('411103100201')).toBe('411103100000');
    expect(parentCodeOf('411103100000')).toBe('411103000000');
    expect(parentCodeOf('411103000000')).toBe('411100000000');
    expect(parentCodeOf('411100000000')).toBe('410000000000');
    expect(parentCodeOf('410000000000')).toBe('000000000000');
    expect(parentCodeOf('000000000000')).toBeNull();
  });

  it('scopes by subtree prefix', () => {
    expect(subtreePrefix('411103100000')).toBe('411103100');
    expect(isWithin('411103000000', '411103100201')).toBe(true);
    expect(isWithin('411103100201', '411103100202')).toBe(false);
    expect(isWithin('411103100000', '411103101201')).toBe(false);
    expect(isWithin('000000000000', '650000000000')).toBe(true);
  });

  it('puts townships and villages in their county book', () => {
    expect(bookOfRegion('411103100201')).toBe('411103000000');
    expect(bookOfRegion('411103000000')).toBe('411103000000');
    expect(bookOfRegion('410000000000')).toBe('410000000000');
  });

  it('rejects malformed codes', () => {
    expect(isRegionCode('41110310020')).toBe(false);
    expect(isRegionCode('00110210020a')).toBe(false);
    expect(isRegionCode('001102100201')).toBe(false);
    expect(isRegionCode('411103100201')).toBe(true);
  });
});
