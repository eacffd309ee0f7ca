import type { EntityManager } from 'typeorm';
import type { EntryDocument } from '../journal/chain/entry-document';
import type { JournalRecord, Projection } from '../journal/projections';
import { payloadOf } from '../journal/projections';
import { REVERSAL_TYPE } from '../journal/reversal';
import {
  Asset,
  AssetClass,
  AssetDistribution,
  AssetFunding,
  AssetIncome,
  AssetOwnership,
  DisposalMethod,
  DistributionPurpose,
  OwnerType,
  ProceedsTo,
} from './asset.entities';

/** Asset entries' payloads: amounts as fen strings, households by id only (never a name). */
export interface OwnerPayload {
  type: OwnerType;
  regionCode?: string;
  householdId?: string;
  /** Organisation owners only. */
  name?: string;
}
export interface StewardsPayload {
  operator?: string;
  custodian: string;
  responsiblePerson?: string;
}
export interface AssetRegisteredPayload extends StewardsPayload {
  assetId: string;
  assetNo: string;
  projectId: string;
  name: string;
  assetClass: AssetClass;
  location: string;
  villageCode?: string;
  value: string;
  builtOn?: string;
  acceptedOn?: string;
  owner: OwnerPayload;
  certificateNo?: string;
  beneficiaries: { households: number; persons: number };
  /** The value attributed to the funds that paid the project (attribution.ts); sums to value. */
  funding: Array<{ fundId: string; amount: string }>;
}
export interface AssetTransferredPayload extends StewardsPayload {
  assetId: string;
  docNo: string;
  owner: OwnerPayload;
}
export interface AssetIncomePayload {
  incomeId: string;
  assetId: string;
  amount: string;
  period: string;
  source: string;
}
export interface DistributionItemPayload {
  householdId?: string;
  purpose?: DistributionPurpose;
  amount: string;
}
export interface AssetDistributedPayload {
  distributionId: string;
  assetId: string;
  total: string;
  items: DistributionItemPayload[];
}
export interface AssetDisposedPayload {
  assetId: string;
  method: DisposalMethod;
  villageAssemblyOn: string;
  townshipApprovedOn: string;
  countyApprovedOn: string;
  proceeds: string;
  proceedsTo: ProceedsTo;
  docNo?: string;
}

export const ASSET_REGISTERED = 'asset.registered';
export const ASSET_TRANSFERRED = 'asset.transferred';
export const ASSET_INCOME_RECEIVED = 'asset.income_received';
export const ASSET_INCOME_DISTRIBUTED = 'asset.income_distributed';
export const ASSET_DISPOSED = 'asset.disposed';
export const ASSET_ENTRY_TYPES = [
  ASSET_REGISTERED,
  ASSET_TRANSFERRED,
  ASSET_INCOME_RECEIVED,
  ASSET_INCOME_DISTRIBUTED,
  ASSET_DISPOSED,
];

const ownerColumns = (o: OwnerPayload) => ({
  ownerType: o.type,
  ownerRegionCode: o.regionCode ?? null,
  ownerHouseholdId: o.householdId ?? null,
  ownerName: o.name ?? null,
});
const stewardColumns = (p: StewardsPayload) => ({
  operator: p.operator ?? null,
  custodian: p.custodian,
  responsiblePerson: p.responsiblePerson ?? null,
});

async function register(em: EntityManager, { book, seq, document: doc }: JournalRecord): Promise<void> {
  const p = payloadOf<AssetRegisteredPayload>(doc);
  await em.getRepository(Asset).insert({
    id: p.assetId,
    book,
    assetNo: p.assetNo,
    projectId: p.projectId,
    name: p.name,
    assetClass: p.assetClass,
    location: p.location,
    villageCode: p.villageCode ?? null,
    value: BigInt(p.value),
    registeredOn: doc.occurredOn,
    builtOn: p.builtOn ?? null,
    acceptedOn: p.acceptedOn ?? null,
    handedOverOn: null,
    ...ownerColumns(p.owner),
    ...stewardColumns(p),
    certificateNo: p.certificateNo ?? null,
    beneficiaryHouseholds: p.beneficiaries.households,
    beneficiaryPersons: p.beneficiaries.persons,
    status: 'in_use',
    lastStepOn: doc.occurredOn,
    entrySeq: seq,
  });
  await em.getRepository(AssetFunding).insert(
    p.funding.map((f, position) => ({
      assetId: p.assetId,
      fundId: f.fundId,
      projectId: p.projectId,
      position,
      amount: BigInt(f.amount),
    })),
  );
  await em.getRepository(AssetOwnership).insert({
    assetId: p.assetId,
    position: 0,
    ...ownerColumns(p.owner),
    ...stewardColumns(p),
    fromOn: doc.occurredOn,
    docNo: null,
    entrySeq: seq,
  });
}

async function transfer(em: EntityManager, { seq, document: doc }: JournalRecord): Promise<void> {
  const p = payloadOf<AssetTransferredPayload>(doc);
  const position = await em.getRepository(AssetOwnership).countBy({ assetId: p.assetId });
  await em.getRepository(AssetOwnership).insert({
    assetId: p.assetId,
    position,
    ...ownerColumns(p.owner),
    ...stewardColumns(p),
    fromOn: doc.occurredOn,
    docNo: p.docNo,
    entrySeq: seq,
  });
  await em.getRepository(Asset).update(p.assetId, {
    ...ownerColumns(p.owner),
    ...stewardColumns(p),
    handedOverOn: doc.occurredOn,
    lastStepOn: doc.occurredOn,
  });
}

async function income(em: EntityManager, { book, seq, document: doc }: JournalRecord): Promise<void> {
  const p = payloadOf<AssetIncomePayload>(doc);
  await em.getRepository(AssetIncome).insert({
    id: p.incomeId,
    assetId: p.assetId,
    book,
    amount: BigInt(p.amount),
    receivedOn: doc.occurredOn,
    period: p.period,
    source: p.source,
    entrySeq: seq,
    reversedSeq: null,
  });
  await em.query(`UPDATE asset SET income_total = income_total + $2 WHERE id = $1`, [p.assetId, p.amount]);
}

async function distribute(em: EntityManager, { book, seq, document: doc }: JournalRecord): Promise<void> {
  const p = payloadOf<AssetDistributedPayload>(doc);
  await em.getRepository(AssetDistribution).insert(
    p.items.map((item, position) => ({
      distributionId: p.distributionId,
      position,
      assetId: p.assetId,
      book,
      distributedOn: doc.occurredOn,
      householdId: item.householdId ?? null,
      purpose: item.purpose ?? null,
      amount: BigInt(item.amount),
      entrySeq: seq,
      reversedSeq: null,
    })),
  );
  await em.query(`UPDATE asset SET distributed_total = distributed_total + $2 WHERE id = $1`, [p.assetId, p.total]);
}

async function dispose(em: EntityManager, { document: doc }: JournalRecord): Promise<void> {
  const p = payloadOf<AssetDisposedPayload>(doc);
  await em.getRepository(Asset).update(p.assetId, {
    status: 'disposed',
    lastStepOn: doc.occurredOn,
    disposalMethod: p.method,
    disposedOn: doc.occurredOn,
    villageAssemblyOn: p.villageAssemblyOn,
    townshipApprovedOn: p.townshipApprovedOn,
    countyApprovedOn: p.countyApprovedOn,
    proceeds: BigInt(p.proceeds),
    proceedsTo: p.proceedsTo,
  });
}

/**
 * Reversals: income and distributions are marked and the totals moved back (the journal refuses to undo
 * distributed income); a reversed disposal puts the asset back in use. Registrations and hand-overs are
 * corrected by a disposal or another hand-over instead (docs/assets.md).
 */
async function reverse(em: EntityManager, { book, seq, document: doc }: JournalRecord): Promise<void> {
  const type = (doc.payload as { reversedType?: string }).reversedType;
  if (doc.reverses === undefined) return;
  if (type === ASSET_INCOME_RECEIVED) {
    const row = await em.getRepository(AssetIncome).findOneBy({ book, entrySeq: doc.reverses });
    if (!row) return;
    await em.getRepository(AssetIncome).update(row.id, { reversedSeq: seq });
    await em.query(`UPDATE asset SET income_total = income_total - $2 WHERE id = $1`, [
      row.assetId,
      row.amount.toString(),
    ]);
  } else if (type === ASSET_INCOME_DISTRIBUTED) {
    const rows = await em.getRepository(AssetDistribution).findBy({ book, entrySeq: doc.reverses });
    if (!rows.length) return;
    await em.getRepository(AssetDistribution).update({ book, entrySeq: doc.reverses }, { reversedSeq: seq });
    const total = rows.reduce((s, r) => s + r.amount, 0n);
    await em.query(`UPDATE asset SET distributed_total = distributed_total - $2 WHERE id = $1`, [
      rows[0].assetId,
      total.toString(),
    ]);
  } else if (type === ASSET_DISPOSED) {
    // Back in use; last_step_on stays at the disposal date, so nothing later is dated before it.
    const assetId = doc.subjects.find((s) => s.startsWith('asset:'))!.slice('asset:'.length);
    const cleared = {
      disposalMethod: null,
      disposedOn: null,
      villageAssemblyOn: null,
      townshipApprovedOn: null,
      countyApprovedOn: null,
      proceeds: null,
      proceedsTo: null,
    };
    await em.getRepository(Asset).update(assetId, { status: 'in_use', ...cleared });
  }
}

const isAssetReversal = (doc: EntryDocument) =>
  doc.type === REVERSAL_TYPE && doc.subjects.some((s) => s.startsWith('asset:'));

export const assetsProjection: Projection = {
  name: 'assets',
  tables: ['asset', 'asset_funding', 'asset_ownership', 'asset_income', 'asset_distribution'],
  types: [...ASSET_ENTRY_TYPES, REVERSAL_TYPE],
  async apply(em, record) {
    const doc = record.document;
    if (doc.type === REVERSAL_TYPE) return isAssetReversal(doc) ? reverse(em, record) : undefined;
    if (doc.type === ASSET_REGISTERED) return register(em, record);
    if (doc.type === ASSET_TRANSFERRED) return transfer(em, record);
    if (doc.type === ASSET_INCOME_RECEIVED) return income(em, record);
    if (doc.type === ASSET_INCOME_DISTRIBUTED) return distribute(em, record);
    if (doc.type === ASSET_DISPOSED) return dispose(em, record);
  },
};
