import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { subtreePrefix } from './region-code';

export class PageQuery {
  /** Page size (1–500, default 100). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** Opaque cursor from the previous page's `nextCursor`. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class PageDto {
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}

/** Keyset pagination: fetch limit+1 rows ordered by key; the extra row says there is more. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? keyOf(items[items.length - 1]) : null;
  return { items, nextCursor };
}

/**
 * A keyset page by id of the rows whose `regionColumn` lies in `regionCode`'s subtree: one row more
 * than the page, for `toPage`. Callers add their own filters.
 */
export function subtreePageQuery<T extends ObjectLiteral>(
  repo: Repository<T>,
  alias: string,
  regionColumn: string,
  regionCode: string,
  q: PageQuery,
): SelectQueryBuilder<T> {
  const qb = repo
    .createQueryBuilder(alias)
    .where(`${alias}.${regionColumn} LIKE :prefix`, { prefix: `${subtreePrefix(regionCode)}%` })
    .orderBy(`${alias}.id`)
    .take(pageLimit(q) + 1);
  if (q.cursor) qb.andWhere(`${alias}.id > :cursor`, { cursor: q.cursor });
  return qb;
}

export const pageLimit = (q: PageQuery): number => q.limit ?? 100;

/** Page n of a list and how many rows the list has in all (for 共 N 项 and 第 n / m 页). */
export interface NumberedPage<T> {
  items: T[];
  total: number;
}

/**
 * Page `page` (from 1) of `size` rows whose `regionColumn` lies in `regionCode`'s subtree, in `order`
 * (properties, ties broken by them in turn), with the count: what a keyset page (`toPage`) cannot tell.
 */
export async function subtreeNumberedPage<T extends ObjectLiteral>(
  repo: Repository<T>,
  alias: string,
  regionColumn: string,
  regionCode: string,
  order: Array<[property: string, direction: 'ASC' | 'DESC']>,
  page: number,
  size: number,
): Promise<NumberedPage<T>> {
  const qb = repo
    .createQueryBuilder(alias)
    .where(`${alias}.${regionColumn} LIKE :prefix`, { prefix: `${subtreePrefix(regionCode)}%` });
  for (const [property, direction] of order) qb.addOrderBy(`${alias}.${property}`, direction);
  const [items, total] = await qb
    .skip((page - 1) * size)
    .take(size)
    .getManyAndCount();
  return { items, total };
}
