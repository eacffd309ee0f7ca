import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/role';
import { assertInScope } from '../auth/scope';
import { DomainError, notFound } from '../common/errors/domain-error';
import { constraintOf, PG, sqlState } from '../common/errors/pg-error';
import { NumberedPage, Page, pageLimit, subtreeNumberedPage, subtreePageQuery, toPage } from '../common/pagination';
import { bookOfRegion, levelOfCode } from '../common/region-code';
import { isUuid } from '../common/validation/uuid';
import type { EntryDraft } from '../journal/append/entry-draft';
import { JournalService } from '../journal/journal.service';
import { RegionsService } from '../regions/regions.service';
import { CreateHouseholdDto, ExitHouseholdDto, HouseholdDto, ListHouseholdsQuery } from './dto/household.dto';
import { duplicateHash, sealIdNumber } from './household-crypto';
import { HouseholdKeyService } from './household-key.service';
import { Household, HouseholdCategory, LaborCapacity } from './household.entity';
import { maskIdNumber, normaliseIdNumber } from './id-number';

/** A household leaves the list once: the service refuses a second exit, and the console offers no form for it. */
export const hasExited = (household: { until: string | null }): boolean => household.until !== null;

/** What household entries carry: no name, no ID number (the journal would refuse `idNumber` anyway). */
export interface HouseholdRegisteredPayload {
  householdId: string;
  regionCode: string;
  members: number;
  laborCapacity: LaborCapacity;
  category: HouseholdCategory;
  since: string;
}

export interface HouseholdExitedPayload {
  householdId: string;
  regionCode: string;
  until: string;
  reason: string;
}

/**
 * Registered households (脱贫户/监测户): journal entries in the county book, the personal data row written
 * in the same transaction. No route returns the full ID number, to anyone: the sealed value waits for a
 * separately authorised process (re-keying, national export); the keyed hash answers duplicates.
 */
@Injectable()
export class HouseholdsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journal: JournalService,
    private readonly regions: RegionsService,
    private readonly keys: HouseholdKeyService,
  ) {}

  async create(actor: Actor, dto: CreateHouseholdDto, idempotencyKey?: string): Promise<HouseholdDto> {
    assertInScope(actor, dto.regionCode);
    await this.assertVillage(dto.regionCode);
    const id = randomUUID();
    const book = bookOfRegion(dto.regionCode);
    const idNumber = normaliseIdNumber(dto.idNumber);
    const { encryption, duplicates } = this.keys.keys();
    const row: Household = {
      id,
      book,
      regionCode: dto.regionCode,
      headName: dto.headName,
      idNumberSealed: sealIdNumber(encryption, idNumber, id),
      idNumberHmac: duplicateHash(duplicates, idNumber),
      idNumberMasked: maskIdNumber(idNumber),
      members: dto.members,
      laborCapacity: dto.laborCapacity,
      category: dto.category,
      since: dto.since,
      until: null,
      exitReason: null,
    };
    const payload: HouseholdRegisteredPayload = {
      householdId: id,
      regionCode: dto.regionCode,
      members: dto.members,
      laborCapacity: dto.laborCapacity,
      category: dto.category,
      since: dto.since,
    };
    const entry = await this.journal
      .append(
        book,
        async ({ em }): Promise<EntryDraft<HouseholdRegisteredPayload>> => {
          await this.keys.assertSameKey(em);
          // The unique index on the keyed hash is the duplicate check, also between books and instances.
          await em.getRepository(Household).insert(row);
          return {
            type: 'household.registered',
            occurredOn: dto.since,
            actor: actor.userId,
            subjects: [`household:${id}`],
            payload: { ...payload },
          };
        },
        { idempotencyKey },
      )
      .catch((err: unknown) => {
        throw duplicateError(err) ?? err;
      });
    this.keys.markConfirmed();
    return this.view(entry.replayed ? entry.document.payload.householdId : id);
  }

  /** Takes the household off the list from `until`; once only. */
  async exit(actor: Actor, id: string, dto: ExitHouseholdDto, idempotencyKey?: string): Promise<HouseholdDto> {
    const household = await this.household(id);
    assertInScope(actor, household.regionCode);
    await this.journal.append(
      household.book,
      async ({ em }): Promise<EntryDraft> => {
        // Under the book's lock: two exits of one household are serialised, the second sees the first.
        const current = await em.getRepository(Household).findOneByOrFail({ id });
        if (hasExited(current)) {
          throw new DomainError('INVALID_STATE', `Household ${id} left the list on ${current.until} / 该户已退出`, {
            until: current.until,
          });
        }
        if (dto.until < current.since) {
          throw new DomainError(
            'DATE_ORDER',
            `The exit date ${dto.until} is before the listing date ${current.since} / 退出日期早于纳入日期`,
          );
        }
        await em.getRepository(Household).update({ id }, { until: dto.until, exitReason: dto.reason });
        const payload: HouseholdExitedPayload = {
          householdId: id,
          regionCode: current.regionCode,
          until: dto.until,
          reason: dto.reason,
        };
        return {
          type: 'household.exited',
          occurredOn: dto.until,
          actor: actor.userId,
          subjects: [`household:${id}`],
          payload: { ...payload },
        };
      },
      { idempotencyKey },
    );
    return this.view(id);
  }

  async get(actor: Actor, id: string): Promise<HouseholdDto> {
    const household = await this.household(id);
    // Personal data: the household's own region subtree only, not its ancestors' readers.
    assertInScope(actor, household.regionCode);
    return toDto(household);
  }

  async list(actor: Actor, q: ListHouseholdsQuery): Promise<Page<HouseholdDto>> {
    const regionCode = q.regionCode ?? actor.regionCode;
    assertInScope(actor, regionCode);
    const limit = pageLimit(q);
    const qb = subtreePageQuery(this.db.getRepository(Household), 'h', 'region_code', regionCode, q);
    return toPage((await qb.getMany()).map(toDto), limit, (h) => h.id);
  }

  /** Page n of the households registered in the actor's subtree, by village and name, and the total. */
  async numberedPage(actor: Actor, page: number, size: number): Promise<NumberedPage<HouseholdDto>> {
    const order: Array<[string, 'ASC' | 'DESC']> = [
      ['regionCode', 'ASC'],
      ['headName', 'ASC'],
      ['id', 'ASC'],
    ];
    const repo = this.db.getRepository(Household);
    const { items, total } = await subtreeNumberedPage(repo, 'h', 'region_code', actor.regionCode, order, page, size);
    return { items: items.map(toDto), total };
  }

  private async view(id: string): Promise<HouseholdDto> {
    return toDto(await this.household(id));
  }

  private async household(id: string): Promise<Household> {
    const household = isUuid(id) ? await this.db.getRepository(Household).findOneBy({ id }) : null;
    if (!household) throw notFound('Household', id);
    return household;
  }

  private async assertVillage(code: string): Promise<void> {
    await this.regions.get(code);
    if (levelOfCode(code) !== 'village') {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Households belong to villages, not to the ${levelOfCode(code)} ${code} / 农户须登记在村`,
      );
    }
  }
}

/** The unique index on the keyed hash said no: this person is already registered somewhere. */
function duplicateError(err: unknown): DomainError | undefined {
  if (sqlState(err) !== PG.UNIQUE_VIOLATION || constraintOf(err) !== 'uq_household_id_number_hmac') return undefined;
  return new DomainError(
    'DUPLICATE_HOUSEHOLD',
    'A household with this ID number is already registered / 该身份证号码已登记',
  );
}

/** Field by field, so the sealed value and the hash can never leak into a response. */
function toDto(h: Household): HouseholdDto {
  return {
    id: h.id,
    headName: h.headName,
    idNumberMasked: h.idNumberMasked,
    regionCode: h.regionCode,
    book: h.book,
    members: h.members,
    laborCapacity: h.laborCapacity,
    category: h.category,
    since: h.since,
    until: h.until,
    exitReason: h.exitReason,
    status: hasExited(h) ? 'exited' : 'listed',
  };
}
