import { CreateUserDto } from '../auth/dto/create-user.dto';
import { IsMoneyString } from '../common/validation/decorators';
import { chineseMessage, isBack, isConfirmed, readForm } from './forms';

class AmountDto {
  @IsMoneyString()
  amount: string;
}

describe('console forms', () => {
  it('takes the Chinese part of the API messages', () => {
    expect(chineseMessage('Region 1 is outside your region 2 / 超出管辖范围')).toBe('超出管辖范围');
    expect(chineseMessage('amount must be … (金额须为字符串,最多两位小数)')).toBe('金额须为字符串,最多两位小数');
    expect(chineseMessage('用户名已被使用')).toBe('用户名已被使用');
    expect(chineseMessage('something English only')).toBe('输入不正确');
  });

  it('validates with the API DTO, by field, in Chinese, keeping what was typed', async () => {
    const f = await readForm(CreateUserDto, {
      _csrf: 'token',
      name: '后街村 文书',
      role: 'mayor',
      regionCode: '12345',
      username: '',
    });
    expect(f.dto).toBeUndefined();
    expect(f.values).toEqual({ name: '后街村 文书', role: 'mayor', regionCode: '12345', username: '' });
    expect(f.errors.role).toEqual(['请从列表中选择']);
    expect(f.errors.regionCode).toContain('12 位区划代码');
    expect(f.errors.username).toBeUndefined();
    expect(f.errors.name).toBeUndefined();
  });

  it('answers the DTO when valid; unknown fields are refused as by the API', async () => {
    const ok = await readForm(CreateUserDto, { name: '文书', role: 'village', regionCode: '411103100201' });
    expect(ok.dto).toMatchObject({ name: '文书', role: 'village', regionCode: '411103100201' });
    const extra = await readForm(CreateUserDto, { name: '文书', role: 'village', regionCode: '411103100201', x: '1' });
    expect(extra.errors.x).toEqual(['不允许的字段']);
  });

  it('reads typed thousands separators in money fields only', async () => {
    const money = await readForm(AmountDto, { amount: '1,250.50' }, { money: ['amount'] });
    expect(money.dto?.amount).toBe('1250.50');
    expect(money.values.amount).toBe('1,250.50');
    const plain = await readForm(AmountDto, { amount: '1,250.50' });
    expect(plain.errors.amount).toEqual(['金额须为字符串,最多两位小数,不超过 10 万亿元']);
  });

  it('knows the confirm and back steps', () => {
    expect(isConfirmed({ _confirm: '1' })).toBe(true);
    expect(isConfirmed({ _confirm: '1', _back: '1' })).toBe(false);
    expect(isBack({ _back: '1' })).toBe(true);
  });
});
