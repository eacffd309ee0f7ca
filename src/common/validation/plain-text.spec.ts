import { validate } from 'class-validator';
import { Text } from './decorators';
import { forbiddenCharacterIn, forbiddenTextIn } from './plain-text';

class NameDto {
  @Text(50)
  name: string;
}

describe('plain text', () => {
  it.each([
    ['\u0000', 'U+0000'],
    ['\u0007', 'U+0007'],
    ['\u000b', 'U+000B'],
    ['\u001f', 'U+001F'],
    ['\u007f', 'U+007F'],
    ['\u009f', 'U+009F'],
    ['\ud800', 'U+D800'],
    ['\udfff', 'U+DFFF'],
    ['🌞\ud83d', 'U+D83D'],
  ])('refuses %j as %s', (char, code) => {
    expect(forbiddenCharacterIn(`后街村${char}村`)).toBe(code);
  });

  it('keeps tab, line breaks, surrogate pairs and ordinary punctuation', () => {
    expect(forbiddenCharacterIn('第一行\r\n第二行\t🌞 ¥1,250.00 〔2024〕')).toBeUndefined();
  });

  it('names every bad string of a nested value by its path, and a bad key escaped', () => {
    expect(
      forbiddenTextIn({ a: 'ok', payee: { name: 'x\u0000' }, items: ['ok', { note: '\ud800' }], 'k\u0001': 'v' }).map(
        (p) => p.field,
      ),
    ).toEqual(['payee.name', 'items.1.note', 'k\\u0001']);
    expect(forbiddenTextIn('x\u0000', 'id').map((p) => p.field)).toEqual(['id']);
    expect(forbiddenTextIn({ n: 1, b: true, z: null })).toEqual([]);
  });

  it('Text() refuses the same characters on its own (the Excel import validates rows with it)', async () => {
    const dto = Object.assign(new NameDto(), { name: '张\u0000三' });
    const [error] = await validate(dto);
    expect(error.property).toBe('name');
    expect(Object.keys(error.constraints ?? {})).toEqual(['isPlainText']);
    expect(await validate(Object.assign(new NameDto(), { name: '张三' }))).toEqual([]);
  });
});
