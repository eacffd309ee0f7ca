import { WidthMeter } from './fonts';

/**
 * Line breaking for Chinese: ideographs split anywhere, a Latin/digit run ("HC-2026-001", "1,409.50")
 * stays whole when it fits, and punctuation obeys 避头尾.
 */
const OPEN = '（《“‘【〔([';
const CLOSE = '，。、；：！？）》”’】〕)],.;:!?%';
const LATIN = /[A-Za-z0-9*#@&_+\-./:,%]/;
const BREAK_AFTER = '-/';

function tokenize(text: string): string[] {
  const chars = Array.from(text);
  const tokens: string[] = [];
  let i = 0;
  while (i < chars.length) {
    let token = '';
    while (i < chars.length && OPEN.includes(chars[i])) token += chars[i++];
    if (i < chars.length && LATIN.test(chars[i])) {
      // A hyphen or slash ends a token, so "ZC-411103-2026-0031" may break after a '-'.
      while (i < chars.length && LATIN.test(chars[i])) {
        token += chars[i++];
        if (BREAK_AFTER.includes(token[token.length - 1])) break;
      }
    } else if (i < chars.length) {
      token += chars[i++];
    }
    while (i < chars.length && CLOSE.includes(chars[i])) token += chars[i++];
    tokens.push(token);
  }
  return tokens;
}

/** Splits a token wider than a line, character by character; still 避头: no line opens with closing punctuation. */
function splitLong(token: string, maxWidth: number, meter: WidthMeter, size: number): string[] {
  const parts: string[] = [];
  let part: string[] = [];
  let width = 0;
  for (const ch of token) {
    const w = meter.width(ch, size);
    if (part.length && width + w > maxWidth) {
      const carry = CLOSE.includes(ch) && part.length > 1 ? part.splice(-1) : [];
      parts.push(part.join(''));
      part = carry;
      width = meter.width(carry.join(''), size);
    }
    part.push(ch);
    width += w;
  }
  if (part.length) parts.push(part.join(''));
  return parts;
}

/** Greedy wrap to lines no wider than `maxWidth`; '\n' forces a break. Empty text gives one empty line. */
export function wrapText(text: string, maxWidth: number, meter: WidthMeter, size: number, firstIndent = 0): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (meter.width(paragraph, size) + (lines.length === 0 ? firstIndent : 0) <= maxWidth) {
      lines.push(paragraph);
      continue;
    }
    let line = '';
    let width = lines.length === 0 ? firstIndent : 0;
    for (const token of tokenize(paragraph)) {
      const w = meter.width(token, size);
      if (width + w <= maxWidth) {
        line += token;
        width += w;
        continue;
      }
      if (line.trim()) lines.push(line);
      if (w <= maxWidth) {
        line = token.trimStart();
        width = meter.width(line, size);
        continue;
      }
      const parts = splitLong(token, maxWidth, meter, size);
      lines.push(...parts.slice(0, -1));
      line = parts[parts.length - 1];
      width = meter.width(line, size);
    }
    lines.push(line);
  }
  return lines;
}
