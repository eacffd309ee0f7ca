import { noticeFonts } from './fonts';
import { amountWithCapitals, chineseDate, formatYuan, periodLine } from './format';
import { wrapText } from './text-wrap';

describe('wrapText', () => {
  const meter = noticeFonts().meters.R;
  const size = 10;

  it('keeps text that fits on one line and breaks long Chinese text within the width', () => {
    expect(wrapText('刘庄村道路硬化项目', 200, meter, size)).toEqual(['刘庄村道路硬化项目']);
    const text = '新建水泥混凝土道路1.2公里，路面宽4米、厚0.18米；配套砖砌排水边沟1200米及交通安全设施。';
    const lines = wrapText(text, 120, meter, size);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('')).toBe(text);
    for (const line of lines) expect(meter.width(line, size)).toBeLessThanOrEqual(120);
  });

  it('never starts a line with closing punctuation and keeps a masked ID whole when it fits', () => {
    const lines = wrapText('户主郭文明，身份证号411103********5901，补助4500元。', 110, meter, size);
    for (const line of lines.slice(1)) expect(line).not.toMatch(/^[，。、；：）]/);
    expect(lines.some((l) => l.includes('411103********5901，'))).toBe(true);
    // Even a token split by force keeps its comma off the start of a line.
    const forced = wrapText('411103********5901，', 95, meter, size);
    expect(forced.join('')).toBe('411103********5901，');
    for (const line of forced.slice(1)) expect(line).not.toMatch(/^，/);
  });

  it('splits a token wider than the line and may break after a hyphen', () => {
    const long = wrapText('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 40, meter, size);
    expect(long.join('')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
    for (const line of long) expect(meter.width(line, size)).toBeLessThanOrEqual(40);
    expect(wrapText('ZC-411103-2026-0031', 80, meter, size)).toEqual(['ZC-411103-2026-', '0031']);
  });

  it('honours hard line breaks and the first-line indent', () => {
    expect(wrapText('一\n二', 100, meter, size)).toEqual(['一', '二']);
    const indented = wrapText('一二三四五六七八九十', 100, meter, size, 20);
    expect(meter.width(indented[0], size)).toBeLessThanOrEqual(80);
  });
});

describe('notice formatting', () => {
  it.each([
    ['0', '0.00'],
    ['5.5', '5.50'],
    ['999.99', '999.99'],
    ['1000', '1,000.00'],
    ['1409.50', '1,409.50'],
    ['107000.53', '107,000.53'],
    ['94588468.00', '94,588,468.00'],
    ['-1234.5', '-1,234.50'],
    ['合计', '合计'],
  ])('formatYuan(%p) = %p', (yuan, shown) => expect(formatYuan(yuan)).toBe(shown));

  it('prints amounts as figures and capitals, dates and periods the Chinese way', () => {
    expect(amountWithCapitals('1409.50')).toBe('1,409.50 元（人民币壹仟肆佰零玖元伍角）');
    expect(chineseDate('2026-03-01')).toBe('2026年3月1日');
    expect(chineseDate('2026-12-31')).toBe('2026年12月31日');
    expect(periodLine('2026-03-01', '2026-03-08')).toBe('公示期：2026年3月1日至2026年3月8日');
    expect(periodLine('2026-02-15', null)).toBe('长期公告（自2026年2月15日起）');
  });
});
