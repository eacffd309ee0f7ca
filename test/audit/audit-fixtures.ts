import { CITY, COUNTY, PROVINCE, ProjectDriver } from '../support/project-fixtures';

let docs = 0;
const docNo = (prefix: string) => `${prefix}〔2024〕${++docs}-${Math.random().toString(36).slice(2, 7)}号`;

/** A fund document in the province's (or another upper region's) books; answers its id. */
export async function upperFund(
  d: ProjectDriver,
  amount: string,
  { who = 'provinceFinance', regionCode = PROVINCE, issuedOn = '2024-01-10', sourceLevel = 'central' } = {},
): Promise<string> {
  const body = { docNo: docNo('财农'), title: '衔接推进乡村振兴补助资金', sourceLevel, regionCode, amount, issuedOn };
  return (await d.post(who, '/api/v1/funds', body, 201)).id;
}

/** 下达: part of a fund to a lower region; answers the child fund's id. */
export async function allocate(
  d: ProjectDriver,
  who: string,
  fundId: string,
  toRegionCode: string,
  amount: string,
  issuedOn = '2024-02-01',
): Promise<string> {
  const body = { toRegionCode, amount, docNo: docNo('下达'), issuedOn };
  return (await d.post(who, `/api/v1/funds/${fundId}/allocations`, body, 201)).id;
}

/** Province → city → county: answers the county's child fund. */
export async function fundDownToCounty(d: ProjectDriver, amount: string): Promise<string> {
  const top = await upperFund(d, amount);
  const city = await allocate(d, 'provinceFinance', top, CITY, amount, '2024-01-20');
  return allocate(d, 'cityFinance', city, COUNTY, amount, '2024-02-01');
}

export interface FindingItem {
  rule: string;
  severity: string;
  subject: { type: string; id: string; name: string };
  amount?: string;
  since?: string;
  detail: string;
  detailEn: string;
  evidence: Array<{ book: string; seq: number }>;
}

/** The findings of one rule, as `who` sees them. */
export async function findingsOf(
  d: ProjectDriver,
  rule: string,
  asOf: string,
  { who = 'auditor', regionCode = COUNTY } = {},
): Promise<FindingItem[]> {
  return (await d.get(who, `/api/v1/audit/findings?regionCode=${regionCode}&asOf=${asOf}&rule=${rule}`)).items;
}
