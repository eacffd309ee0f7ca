import { ByteLru } from './byte-lru';

describe('ByteLru', () => {
  it('evicts the least recently used values once their bytes pass the bound', () => {
    const lru = new ByteLru<string>(10);
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    expect(lru.get('a')).toBe('A'); // a is now the most recent
    lru.set('c', 'C', 4);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.get('c')).toBe('C');
    expect(lru.bytes).toBe(8);
  });

  it('does not keep a value larger than the whole bound, and replacing a key counts its bytes once', () => {
    const lru = new ByteLru<string>(10);
    lru.set('big', 'X', 11);
    expect(lru.get('big')).toBeUndefined();
    lru.set('a', 'A', 6);
    lru.set('a', 'A2', 7);
    expect(lru.bytes).toBe(7);
    expect(lru.size).toBe(1);
    expect(lru.get('a')).toBe('A2');
  });

  it('a bound of zero keeps nothing (the cache turned off)', () => {
    const lru = new ByteLru<string>(0);
    lru.set('a', 'A', 1);
    expect(lru.size).toBe(0);
  });
});
