import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/role';
import { DomainError, notFound } from '../common/errors/domain-error';
import { bookOfRegion, levelOfCode } from '../common/region-code';
import { isUuid } from '../common/validation/uuid';
import { findHousehold } from '../projects/household-eligibility';
import { Asset, AssetClass, AssetStatus, OwnerType } from './asset.entities';
import type { OwnerPayload } from './assets.projection';
import type { DisposeAssetDto, OwnerDto } from './dto/asset.dto';

/**
 * 确权 after 国办函〔2021〕51号 (DOMAIN.md "Assets"): operating assets to the village collective or
 * households, public-welfare ones to the collective or the sector department, household ones to the household.
 */
export const OWNERSHIP_RULES: Record<AssetClass, readonly OwnerType[]> = {
  operating: ['village_collective', 'household'],
  public_welfare: ['village_collective', 'department'],
  household: ['household'],
};

export function assertOwnershipAllowed(assetClass: AssetClass, ownerType: OwnerType): void {
  const allowed = OWNERSHIP_RULES[assetClass];
  if (!allowed.includes(ownerType)) {
    throw new DomainError(
      'OWNERSHIP_NOT_ALLOWED',
      `A ${assetClass} asset cannot be owned by a ${ownerType}; allowed: ${allowed.join(', ')} / 资产确权主体不符合规定`,
      {
        assetClass,
        ownerType,
        allowed,
      },
    );
  }
}

/** The asset row as the current transaction sees it (inside a journal callback: under the book lock). */
export async function loadAsset(em: EntityManager, id: string): Promise<Asset> {
  const asset = isUuid(id) ? await em.getRepository(Asset).findOneBy({ id }) : null;
  if (!asset) throw notFound('Asset', id);
  return asset;
}

/** 确权, 移交 and 处置 are acts of the county program office, not of a township's or village's. */
export function assertCountyOffice(actor: Actor, action: string): void {
  if (levelOfCode(actor.regionCode) !== 'county') {
    throw new DomainError('FORBIDDEN', `Assets are ${action} by the county program office / 资产由县级主管部门办理`);
  }
}

/**
 * A disposed asset takes no more income, distributions, hand-overs or disposals. The services' guard
 * (assertNotDisposed) and the console's pages read this one rule.
 */
export const isDisposed = (asset: { status: AssetStatus }): boolean => asset.status === 'disposed';

/** The asset classes that earn income (经营性资产): the service's rule for 收益, and the console's. */
export const INCOME_CLASSES: readonly AssetClass[] = ['operating'];
export const earnsIncome = (asset: { assetClass: AssetClass }): boolean => INCOME_CLASSES.includes(asset.assetClass);

export function assertNotDisposed(asset: Asset, action: string): void {
  if (isDisposed(asset)) {
    throw new DomainError(
      'INVALID_STATE',
      `Cannot ${action}: asset ${asset.assetNo} was disposed of on ${asset.disposedOn} / 资产已处置`,
      { current: asset.status },
    );
  }
}

/** 处置 needs village assembly ≤ township approval ≤ county approval ≤ disposal. */
export function assertApprovalOrder(dto: DisposeAssetDto): void {
  const chain: Array<[string, string]> = [
    ['villageAssemblyOn', dto.villageAssemblyOn],
    ['townshipApprovedOn', dto.townshipApprovedOn],
    ['countyApprovedOn', dto.countyApprovedOn],
    ['disposedOn', dto.disposedOn],
  ];
  for (let i = 1; i < chain.length; i++) {
    const [prevField, prev] = chain[i - 1];
    const [field, date] = chain[i];
    if (date < prev) {
      throw new DomainError(
        'APPROVAL_ORDER',
        `${field} ${date} is before ${prevField} ${prev}: disposal needs the village assembly, ` +
          'then the township, then the county / 处置须依次经村民大会、乡镇、县级审批',
        {
          [prevField]: prev,
          [field]: date,
        },
      );
    }
  }
}

/** The village an asset serves: its location if that is a village, else a village collective owner's village. */
export function villageOf(location: string, owner: OwnerDto): string | null {
  if (levelOfCode(location) === 'village') return location;
  if (owner.type === 'village_collective' && owner.regionCode && levelOfCode(owner.regionCode) === 'village')
    return owner.regionCode;
  return null;
}

const invalid = (message: string) => new DomainError('VALIDATION_FAILED', message);

async function regionExists(em: EntityManager, code: string): Promise<boolean> {
  const rows: unknown[] = await em.query(`SELECT 1 FROM region WHERE code = $1`, [code]);
  return rows.length > 0;
}

/** Checks an owner against the asset's county and class; the journal keeps a household by id only. */
export async function resolveOwner(
  em: EntityManager,
  owner: OwnerDto,
  ctx: { assetClass: AssetClass; book: string; villageCode: string | null; on: string },
): Promise<OwnerPayload> {
  assertOwnershipAllowed(ctx.assetClass, owner.type);
  if (owner.type !== 'household' && owner.householdId)
    throw invalid('owner.householdId is only for household owners / 仅农户需填写农户编号');
  if (owner.type === 'household') {
    if (!owner.householdId) throw invalid('A household owner needs owner.householdId / 须填写农户编号');
    if (owner.name || owner.regionCode)
      throw invalid('A household owner is given by householdId only / 农户权属只填农户编号');
    const household = await findHousehold(em, owner.householdId);
    const onList = household && household.since <= ctx.on && (household.until === null || household.until > ctx.on);
    if (!household || bookOfRegion(household.regionCode) !== ctx.book || !onList) {
      throw new DomainError(
        'HOUSEHOLD_NOT_ELIGIBLE',
        `Household ${owner.householdId} is not a listed household of this county on ${ctx.on} / 该户不符合条件`,
        { householdId: owner.householdId },
      );
    }
    return { type: 'household', householdId: owner.householdId };
  }
  const regionCode =
    owner.regionCode ?? (owner.type === 'village_collective' ? (ctx.villageCode ?? undefined) : undefined);
  const level = { village_collective: 'village', township: 'township', department: undefined }[owner.type];
  if (level && !regionCode) throw invalid(`A ${owner.type} owner needs owner.regionCode / 须填写权属主体区划`);
  if (regionCode) {
    if (level && levelOfCode(regionCode) !== level)
      throw invalid(`owner.regionCode ${regionCode} is not a ${level} / 权属主体区划级别不符`);
    if (bookOfRegion(regionCode) !== ctx.book)
      throw invalid(`owner.regionCode ${regionCode} is outside the county ${ctx.book} / 权属主体不在本县`);
    if (!(await regionExists(em, regionCode))) throw notFound('Region', regionCode);
  }
  if (owner.type === 'department' && !owner.name)
    throw invalid('A department owner needs owner.name / 须填写主管部门名称');
  return { type: owner.type, ...(regionCode ? { regionCode } : {}), ...(owner.name ? { name: owner.name } : {}) };
}
