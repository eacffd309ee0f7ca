import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { isRegionCode } from '../common/region-code';

/** Validates a region code given in the path. */
@Injectable()
export class RegionCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isRegionCode(value))
      throw new DomainError('VALIDATION_FAILED', `"${value}" is not a 12-digit region code / 区划代码格式错误`);
    return value;
  }
}
