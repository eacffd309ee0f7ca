import { idCheckChar } from '../../src/households/id-number';
import { COUNTY, DATES, ProjectDriver, VILLAGE } from '../support/project-fixtures';

/** A valid ID number (GB 11643-1999) of someone born 1975-03-01 in 郾城区, sequence n. */
export const idFor = (n: number) => {
  const first17 = `41110319750301${String(n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

let docs = 0;

/** A fund document of the given source level in the county's books; answers its id. */
export async function fundOf(d: ProjectDriver, sourceLevel: string, amount: string): Promise<string> {
  const body = {
    docNo: `资金〔2024〕${++docs}-${Math.random().toString(36).slice(2, 7)}号`,
    title: `${sourceLevel} 衔接推进乡村振兴补助资金`,
    sourceLevel,
    regionCode: COUNTY,
    amount,
    issuedOn: '2024-01-10',
  };
  return (await d.post('finance', '/api/v1/funds', body, 201)).id;
}

/**
 * A project paid `paid` from each fund (progress payments, in the order given), completed and
 * accepted: settled when `finalCost` equals what was paid, else accepted.
 */
export async function acceptedProject(
  d: ProjectDriver,
  paid: Array<{ fundId: string; amount: string; committed?: string }>,
  finalCost?: string,
): Promise<string> {
  const id = await d.projectFunded(paid.map((p) => ({ fundId: p.fundId, amount: p.committed ?? p.amount })));
  for (const p of paid) await d.pay(id, { kind: 'progress', amount: p.amount, fundId: p.fundId, paidOn: '2024-06-01' });
  await d.complete(id);
  const total = paid.reduce((s, p) => s + Math.round(Number(p.amount) * 100), 0);
  await d.accept(id, finalCost ?? (total / 100).toFixed(2));
  return id;
}

export async function household(
  d: ProjectDriver,
  n: number,
  laborCapacity: 'full' | 'partial' | 'none',
  { who = 'village', regionCode = VILLAGE, since = '2016-05-10' } = {},
): Promise<string> {
  const body = {
    headName: `户主${n}`,
    idNumber: idFor(n),
    regionCode,
    members: 2,
    laborCapacity,
    category: 'lifted',
    since,
  };
  return (await d.post(who, '/api/v1/households', body, 201)).id;
}

/** An operating asset owned by the village collective, registered after the usual acceptance date. */
export const operatingAsset = (over: Record<string, unknown> = {}) => ({
  name: '后街村 200 千瓦光伏电站',
  assetClass: 'operating',
  owner: { type: 'village_collective', name: '后街村股份经济合作社' },
  value: '100.00',
  registeredOn: '2024-11-01',
  location: VILLAGE,
  custodian: '后街村股份经济合作社',
  responsiblePerson: '李建国',
  operator: '漯河市光伏运维有限公司',
  certificateNo: '豫(2024)郾城区不动产权第0012345号',
  ...over,
});

export const ACCEPTED_ON = DATES.accepted;
