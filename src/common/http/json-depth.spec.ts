import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth';

describe('jsonDepthExceeds', () => {
  const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it('counts arrays and objects alike, up to the limit inclusive', () => {
    expect(jsonDepthExceeds(nested(3), 3)).toBe(false);
    expect(jsonDepthExceeds(nested(4), 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":{"b":[{"c":1}]}}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":{"b":[{"c":1}]}}', 3)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(`{"a":"${'['.repeat(100)}"}`, 1)).toBe(false);
    expect(jsonDepthExceeds(`{"a":"\\"[[[[","b":"\\\\"}`, 1)).toBe(false);
    expect(jsonDepthExceeds(`["\\\\",[[]]]`, 2)).toBe(true);
  });

  it('refuses tens of thousands of brackets without running out of stack, and leaves sibling values alone', () => {
    expect(jsonDepthExceeds(nested(50_000), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify(Array.from({ length: 10_000 }, () => [{ a: [1] }])), MAX_JSON_DEPTH)).toBe(
      false,
    );
  });
});
