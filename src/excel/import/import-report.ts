import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DomainError } from '../../common/errors/domain-error';
import { forbiddenTextIn } from '../../common/validation/plain-text';

/** One thing wrong with one cell (or one row, when the column is the row's key). */
export interface ImportProblem {
  /** The row number Excel shows. */
  row: number;
  /** The column as labelled in the file. */
  column: string;
  /** What the cell held; absent for empty cells and always masked for ID numbers. */
  value?: string;
  reason: string;
}

/** Collects every problem of every row, so that one upload tells the clerk everything to fix. */
export class ImportReport {
  readonly problems: ImportProblem[] = [];

  add(row: number, column: string, reason: string, value?: string): void {
    this.problems.push({ row, column, reason, ...(value !== undefined ? { value } : {}) });
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** 422 IMPORT_REJECTED: nothing was written; details list every bad row in file order. */
  rejection(totalRows: number): DomainError {
    const problems = [...this.problems].sort((a, b) => a.row - b.row);
    const badRows = new Set(problems.map((p) => p.row)).size;
    return new DomainError(
      'IMPORT_REJECTED',
      `${badRows} of ${totalRows} rows have errors; nothing was imported — ` +
        `fix them and upload the whole file again / ${badRows} 行有误,未导入任何数据`,
      { totalRows, badRows, problems },
    );
  }
}

/** The HTTP route's own validation (same DTO, unknown fields refused) on one row: the instance or what failed. */
export async function validateAsDto<T extends object>(
  cls: ClassConstructor<T>,
  plain: Record<string, unknown>,
): Promise<{ dto: T; errors: Map<string, string> }> {
  const dto = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const failures: ValidationError[] = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  const errors = new Map<string, string>();
  for (const f of failures) errors.set(f.property, Object.values(f.constraints ?? {}).join('; ') || 'is invalid');
  // As the HTTP pipe does for a JSON body: a cell's control characters are refused whatever its DTO says.
  for (const bad of forbiddenTextIn(plain)) {
    const column = bad.field.split('.', 1)[0];
    if (!errors.has(column)) errors.set(column, bad.problems.join('; '));
  }
  return { dto, errors };
}
