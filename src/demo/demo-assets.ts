import { AssetMoneyService } from '../assets/asset-money.service';
import {
  DistributeIncomeDto,
  DisposeAssetDto,
  RecordIncomeDto,
  RegisterAssetDto,
  TransferAssetDto,
} from '../assets/dto/asset.dto';
import { RegisterAssetService } from '../assets/register-asset.service';
import { fenToYuan, yuanToFen } from '../common/money';
import type { DemoClient } from './demo-client';
import { COUNTY } from './demo-funds';
import type { DemoHousehold } from './demo-households';
import type { DemoProject } from './demo-lifecycle';
import { type AssetPlan, DEMO_ASSETS, type DistributionPlan, type PlannedOwner } from './demo-asset-plans';

/** The key of the load's last asset write (register, hand-overs, income, distributions, disposal, in that order). */
export function lastAssetKey(): string {
  const plan = DEMO_ASSETS[DEMO_ASSETS.length - 1];
  const key = `asset:${plan.key}`;
  if (plan.disposal) return `${key}:disposal`;
  if (plan.distributions?.length) return `${key}:distribution:${plan.distributions.length}`;
  if (plan.income?.length) return `${key}:income:${plan.income[plan.income.length - 1].period}`;
  if (plan.transfers?.length) return `${key}:transfer:${plan.transfers.length}`;
  return key;
}

/** On the list on `on` (the demo's households were all listed before 2026; some left during it). */
const listedOn = (h: DemoHousehold, on: string) => h.until === null || h.until > on;

/**
 * Registers the assets of the demo's accepted projects and walks them through hand-over, income, distribution and
 * disposal: the county program office registers, hands over and disposes; the village committee records the rest.
 */
export class DemoAssets {
  constructor(
    private readonly client: DemoClient,
    private readonly projects: Map<string, DemoProject>,
    private readonly households: DemoHousehold[],
  ) {}

  async loadAll(): Promise<number> {
    for (const plan of DEMO_ASSETS) await this.load(plan);
    return DEMO_ASSETS.length;
  }

  private async load(plan: AssetPlan): Promise<void> {
    const c = this.client;
    const app = c.app;
    const program = c.as('program', COUNTY);
    const village = c.as('village', plan.location);
    const key = `asset:${plan.key}`;
    const project = this.projects.get(plan.project);
    if (!project?.id) throw new Error(`demo: asset ${plan.key} of project ${plan.project}, which was not loaded`);
    const owner = this.owner(plan.owner, plan.location, plan.registeredOn);
    const household = owner.householdId ? this.households.find((h) => h.id === owner.householdId) : undefined;
    const body = {
      name: plan.name,
      assetClass: plan.assetClass,
      owner,
      value: plan.value === 'rest' ? this.rest(plan.project, project.paid) : plan.value,
      registeredOn: plan.registeredOn,
      location: plan.location,
      custodian: plan.custodian,
      ...(plan.responsiblePerson ? { responsiblePerson: plan.responsiblePerson } : {}),
      ...(plan.operator ? { operator: plan.operator } : {}),
      ...(plan.certificateNo ? { certificateNo: plan.certificateNo } : {}),
      // A household's asset benefits that household, not the project's whole list.
      ...(household ? { beneficiaries: { households: 1, persons: household.members } } : {}),
    };
    const registering = app.get(RegisterAssetService);
    const asset = await c.write(RegisterAssetDto, body, key, (b, k) =>
      registering.register(program, project.id!, b, k),
    );

    for (const [i, t] of (plan.transfers ?? []).entries()) {
      const transfer = {
        to: this.owner(t.to, plan.location, t.on),
        transferredOn: t.on,
        docNo: t.docNo,
        ...(t.custodian ? { custodian: t.custodian } : {}),
        ...(t.responsiblePerson ? { responsiblePerson: t.responsiblePerson } : {}),
      };
      await c.write(TransferAssetDto, transfer, `${key}:transfer:${i + 1}`, (b, k) =>
        registering.transfer(program, asset.id, b, k),
      );
    }

    const money = app.get(AssetMoneyService);
    for (const income of plan.income ?? []) {
      await c.write(RecordIncomeDto, { ...income }, `${key}:income:${income.period}`, (b, k) =>
        money.income(village, asset.id, b, k),
      );
    }
    for (const [i, d] of (plan.distributions ?? []).entries()) {
      const result = await c.write(
        DistributeIncomeDto,
        { distributedOn: d.on, items: this.items(d, plan.location) },
        `${key}:distribution:${i + 1}`,
        (b, k) => money.distribute(village, asset.id, b, k),
      );
      // The demo shows the rules kept: a distribution that passed over a household without labour capacity is a bug.
      if (result.warnings.length) throw new Error(`demo: ${plan.key} ${JSON.stringify(result.warnings)}`);
    }
    if (plan.disposal) {
      await c.write(DisposeAssetDto, { ...plan.disposal }, `${key}:disposal`, (b, k) =>
        money.dispose(program, asset.id, b, k),
      );
    }
  }

  /** The owner as the API takes it; a household by its place among the village's listed working households. */
  private owner(owner: PlannedOwner, village: string, on: string): Record<string, string> {
    if (owner.type !== 'household') return { type: owner.type, name: owner.name };
    const working = this.households.filter(
      (h) => h.regionCode === village && h.laborCapacity === 'full' && h.category === 'lifted' && listedOn(h, on),
    );
    const picked = working[owner.pick];
    if (!picked) throw new Error(`demo: no working household #${owner.pick} in ${village}`);
    return { type: 'household', householdId: picked.id };
  }

  /** Paid for the project less the fixed values of its other planned assets: the register matches the payments. */
  private rest(projectCode: string, paid: bigint): string {
    const fixed = DEMO_ASSETS.filter((a) => a.project === projectCode && a.value !== 'rest').reduce(
      (s, a) => s + yuanToFen(a.value),
      0n,
    );
    return fenToYuan(paid - fixed);
  }

  /** Households without labour capacity first (each one listed that day), then partial capacity, then purposes. */
  private items(d: DistributionPlan, village: string): Array<Record<string, string>> {
    const listed = this.households.filter((h) => h.regionCode === village && listedOn(h, d.on));
    const to = (capacity: string, amount?: string) =>
      amount ? listed.filter((h) => h.laborCapacity === capacity).map((h) => ({ householdId: h.id, amount })) : [];
    return [
      ...to('none', d.none),
      ...to('partial', d.partial),
      ...d.purposes.map(([purpose, amount]) => ({ purpose, amount })),
    ];
  }
}
