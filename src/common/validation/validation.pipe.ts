import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { forbiddenTextIn } from './plain-text';

interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

function refusal(details: FieldProblem[]): DomainError {
  const summary = details.map((d) => d.problems.join('; ')).join('; ');
  return new DomainError('VALIDATION_FAILED', summary || 'Invalid input / 输入无效', details);
}

/**
 * Checks every string of a body, query or path parameter for characters no text field may hold
 * (plain-text.ts) before the DTO is looked at, so that a field whose DTO says only @IsString(), or
 * a route without a DTO, is covered as well as those using Text().
 */
class LedgerValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const bad = forbiddenTextIn(value, metadata.data ?? '');
      if (bad.length > 0) throw refusal(bad);
    }
    return super.transform(value, metadata);
  }
}

/** Strict input: unknown fields rejected, types transformed, every problem listed by field. */
export function createValidationPipe(): ValidationPipe {
  return new LedgerValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => refusal(flatten(errors)),
  });
}
