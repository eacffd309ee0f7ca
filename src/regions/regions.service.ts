import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { canRead, assertInScope } from '../auth/scope';
import type { Actor } from '../auth/role';
import { DomainError, notFound } from '../common/errors/domain-error';
import { Page, toPage } from '../common/pagination';
import { levelOfCode, parentCodeOf } from '../common/region-code';
import { CreateRegionDto, RegionDto } from './dto/region.dto';
import { Region } from './region.entity';

const toDto = (r: Region): RegionDto => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode });

@Injectable()
export class RegionsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Level and parent follow from the code (region-code.ts); given ones must agree with it. */
  async create(actor: Actor, dto: CreateRegionDto): Promise<RegionDto> {
    assertInScope(actor, dto.code);
    const level = levelOfCode(dto.code);
    if (dto.level != null && dto.level !== level) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Code ${dto.code} is a ${level} code, not a ${dto.level} / 区划代码与级别不符`,
      );
    }
    const parentCode = parentCodeOf(dto.code);
    if (parentCode === null) throw new DomainError('VALIDATION_FAILED', 'The country has no parent / 不能新建全国区划');
    if (dto.parentCode != null && dto.parentCode !== parentCode) {
      throw new DomainError('VALIDATION_FAILED', `The parent of ${dto.code} must be ${parentCode} / 上级区划不符`);
    }
    await this.get(parentCode);
    const repo = this.db.getRepository(Region);
    if (await repo.existsBy({ code: dto.code })) {
      throw new DomainError('ALREADY_EXISTS', `Region ${dto.code} already exists / 区划已存在`);
    }
    return toDto(await repo.save({ code: dto.code, name: dto.name, level, parentCode }));
  }

  async get(code: string): Promise<RegionDto> {
    const region = await this.db.getRepository(Region).findOneBy({ code });
    if (!region) throw notFound('Region', code);
    return toDto(region);
  }

  async read(actor: Actor, code: string): Promise<RegionDto> {
    if (!canRead(actor, code)) assertInScope(actor, code);
    return this.get(code);
  }

  async children(actor: Actor, parentCode: string, limit = 100, cursor?: string): Promise<Page<RegionDto>> {
    assertInScope(actor, parentCode);
    const rows = await this.db.getRepository(Region).find({
      where: { parentCode, ...(cursor ? { code: MoreThan(cursor) } : {}) },
      order: { code: 'ASC' },
      take: limit + 1,
    });
    return toPage(rows.map(toDto), limit, (r) => r.code);
  }

  /** Inserts or renames regions in one transaction (demo and bulk loading); parents first. */
  async upsertMany(regions: Array<Pick<RegionDto, 'code' | 'name' | 'parentCode'>>): Promise<void> {
    await this.db.transaction(async (em) => {
      for (const r of regions) {
        await em.getRepository(Region).upsert({ ...r, level: levelOfCode(r.code) }, ['code']);
      }
    });
  }
}
