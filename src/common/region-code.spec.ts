import { bookOfRegion, isRegionCode, isWithin, levelOfCode, parentCodeOf, subtreePrefix } from './region-code';

describe('region codes', () => {
  it.each([
    ['000000000000', 'country'],
    ['410000000000', 'province'],
    ['411100000000', 'city'],
    ['411102000000', 'county'],
    ['411102100000', 'township'],
    ['411102100201', 'village'],
  ])('%s is a %s', (code, level) => {
    expect(levelOfCode(code)).toBe(level);
  });

  it('derives the parent of each level', () => {
    expect(parentCodeOf('411102100201')).toBe('411102100000');
    expect(parentCodeOf('411102100000')).toBe('411102000000');
    expect(parentCodeOf('411102000000')).toBe('411100000000');
    expect(parentCodeOf('411100000000')).toBe('410000000000');
    expect(parentCodeOf('410000000000')).toBe('000000000000');
    expect(parentCodeOf('000000000000')).toBeNull();
  });

  it('scopes by subtree prefix', () => {
    expect(subtreePrefix('411102100000')).toBe('411102100');
    expect(isWithin('411102000000', '411102100201')).toBe(true);
    expect(isWithin('411102100201', '411102100202')).toBe(false);
    expect(isWithin('411102100000', '411102101201')).toBe(false);
    expect(isWithin('000000000000', '650000000000')).toBe(true);
  });

  it('puts townships and villages in their county book', () => {
    expect(bookOfRegion('411102100201')).toBe('411102000000');
    expect(bookOfRegion('411102000000')).toBe('411102000000');
    expect(bookOfRegion('410000000000')).toBe('410000000000');
  });

  it('rejects malformed codes', () => {
    expect(isRegionCode('41110210020')).toBe(false);
    expect(isRegionCode('00110210020a')).toBe(false);
    expect(isRegionCode('001102100201')).toBe(false);
    expect(isRegionCode('411102100201')).toBe(true);
  });
});
