import { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { businessToday } from '../business-date';
import { IsBusinessDate, IsMoneyString, IsRegionCode } from './decorators';
import { createValidationPipe } from './validation.pipe';

class PaymentDto {
  @IsMoneyString()
  amount: string;

  @IsBusinessDate()
  paidOn: string;

  @IsRegionCode()
  regionCode: string;
}

const meta: ArgumentMetadata = { type: 'body', metatype: PaymentDto };
const pipe = createValidationPipe();
const valid = { amount: '1250.00', paidOn: '2024-03-15', regionCode: '411103100201' };

async function problemsWith(body: Record<string, unknown>): Promise<string[]> {
  try {
    await pipe.transform(body, meta);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('VALIDATION_FAILED');
    return ((err as DomainError).details as Array<{ field: string }>).map((d) => d.field);
  }
}

describe('validation pipe and field decorators', () => {
  it('accepts a well-formed body', async () => {
    await expect(pipe.transform(valid, meta)).resolves.toEqual(valid);
  });

  it.each([1250, 1250.5, '1250.001', '-5.00', '0.00', '1,250.00', '', null, '10000000000000.01', '１２３', '1e3'])(
    'rejects amount %p',
    async (amount) => {
      expect(await problemsWith({ ...valid, amount })).toEqual(['amount']);
    },
  );

  it('accepts 10^13 yuan and no more', async () => {
    expect(await problemsWith({ ...valid, amount: '10000000000000.00' })).toEqual([]);
    expect(await problemsWith({ ...valid, amount: '99999999999999.99' })).toEqual(['amount']);
  });

  it.each(['2024-02-30', '2024-3-15', '15/03/2024', '2024-03-15T00:00:00Z', 20240315])(
    'rejects date %p',
    async (paidOn) => {
      expect(await problemsWith({ ...valid, paidOn })).toEqual(['paidOn']);
    },
  );

  it('rejects a date in the future (China time) and accepts today', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect(await problemsWith({ ...valid, paidOn: businessToday(tomorrow) })).toEqual(['paidOn']);
    expect(await problemsWith({ ...valid, paidOn: businessToday() })).toEqual([]);
  });

  it('rejects malformed region codes', async () => {
    expect(await problemsWith({ ...valid, regionCode: '41110310020' })).toEqual(['regionCode']);
    expect(await problemsWith({ ...valid, regionCode: '001102100201' })).toEqual(['regionCode']);
  });

  it('rejects unknown fields by name', async () => {
    expect(await problemsWith({ ...valid, approvedBy: 'me' })).toEqual(['approvedBy']);
  });
});
