import type { Role } from '../../src/auth/role';
import { ROLES } from '../../src/auth/role';
import { RegionsService } from '../../src/regions/regions.service';
import { acceptedProject, fundOf, household, idFor, operatingAsset } from '../assets/asset-fixtures';
import { FUND_HEADER, HOUSEHOLD_HEADER, xlsx } from '../excel/xlsx-fixtures';
import { publishApplication, TODAY } from '../public/public-fixtures';
import { CITY, COUNTY, OTHER_TOWNSHIP, ProjectDriver, projectBody, projectTokens } from '../support/project-fixtures';
import type { TestApp } from '../support/test-app';
import type { Relation } from './permission-table';

/** Another county of the same city: its staff must not act on 郾城区's objects. */
export const SIBLING_COUNTY = '411102000000';
const REGION_OF: Record<Relation, string> = {
  own: COUNTY,
  parent: CITY,
  sibling: SIBLING_COUNTY,
  child: OTHER_TOWNSHIP,
};

/** Objects of every kind in the county, and a token for every role in every relation to it. */
export interface World {
  tokens: Record<Relation, Record<Role, string>>;
  fund: string;
  household: string;
  applied: string;
  running: string;
  disbursement: string;
  entrySeq: number;
  notice: string;
  objection: string;
  asset: string;
  fundsXlsx: Buffer;
  householdsXlsx: Buffer;
}

export async function buildWorld(t: TestApp): Promise<World> {
  await t.app.get(RegionsService).upsertMany([{ code: SIBLING_COUNTY, name: '源汇区', parentCode: CITY }]);
  const d = new ProjectDriver(t, await projectTokens(t));
  const fund = await fundOf(d, 'central', '900000.00');
  const settled = await acceptedProject(d, [{ fundId: fund, amount: '90000.00' }]);
  const asset = (
    await d.post('program', `/api/v1/projects/${settled}/assets`, operatingAsset({ value: '90000.00' }), 201)
  ).id as string;
  const running = await d.projectFunded([{ fundId: fund, amount: '150000.00' }]);
  const paid = await d.pay(running, { amount: '100.00', paidOn: '2024-04-01' });
  const published = await publishApplication(d, 'village', {});
  const objection = await t
    .http()
    .post(`/api/v1/notices/${published.id}/objections`)
    .send({ summary: '公示名单有误', receivedOn: TODAY })
    .expect(201);
  const tokens = {} as World['tokens'];
  for (const relation of Object.keys(REGION_OF) as Relation[]) {
    tokens[relation] = {} as Record<Role, string>;
    for (const role of ROLES) tokens[relation][role] = await t.tokenFor(role, REGION_OF[relation]);
  }
  return {
    tokens,
    fund,
    household: await household(d, 1, 'full'),
    applied: published.projectId,
    running,
    disbursement: paid.id,
    entrySeq: paid.entrySeq,
    notice: published.id,
    objection: objection.body.id,
    asset,
    fundsXlsx: await xlsx(FUND_HEADER, [['郾财〔2024〕9号', '标题', '中央', 100, '2024-03-15', null, COUNTY]]),
    householdsXlsx: await xlsx(HOUSEHOLD_HEADER, [
      ['户主', idFor(90), '411103100201', 3, '有劳动能力', '脱贫户', '2016-05-10'],
    ]),
  };
}

export interface Call {
  url: string;
  /** A body that passes validation, sent where a refusal is expected (a scope check comes after validation). */
  valid?: object;
  /** A file for the import routes. */
  upload?: Buffer;
}

const asset = (w: World) => `/api/v1/assets/${w.asset}`;

/** How to call each operation on the county's objects; a route missing here fails the matrix as well. */
export const CALLS: Record<string, (w: World) => Call> = {
  'GET /health': () => ({ url: '/health' }),
  'POST /api/v1/regions': () => ({
    url: '/api/v1/regions',
    valid: { code: '411103104000', name: '新设镇', level: 'township', parentCode: COUNTY },
  }),
  'GET /api/v1/regions': () => ({ url: `/api/v1/regions?parentCode=${COUNTY}` }),
  'GET /api/v1/regions/{code}': () => ({ url: `/api/v1/regions/${COUNTY}` }),
  'POST /api/v1/users': () => ({
    url: '/api/v1/users',
    valid: { name: '新用户', role: 'finance', regionCode: COUNTY },
  }),
  'GET /api/v1/users/me': () => ({ url: '/api/v1/users/me' }),
  'GET /api/v1/ledger/entries': () => ({ url: `/api/v1/ledger/entries?book=${COUNTY}` }),
  'GET /api/v1/ledger/verify': () => ({ url: `/api/v1/ledger/verify?book=${COUNTY}` }),
  'POST /api/v1/ledger/checkpoints': () => ({ url: '/api/v1/ledger/checkpoints', valid: { book: COUNTY } }),
  'POST /api/v1/entries/{book}/{seq}/reverse': (w) => ({
    url: `/api/v1/entries/${COUNTY}/${w.entrySeq}/reverse`,
    valid: { reason: '凭证号录入错误', reversedOn: '2024-05-04' },
  }),
  'GET /api/v1/ledger/public-key': () => ({ url: '/api/v1/ledger/public-key' }),
  'GET /api/v1/ledger/witnesses': () => ({ url: `/api/v1/ledger/witnesses?book=${COUNTY}` }),
  'GET /api/v1/ledger/checkpoints/latest': () => ({ url: `/api/v1/ledger/checkpoints/latest?book=${COUNTY}` }),
  'GET /api/v1/ledger/proofs/inclusion': () => ({ url: `/api/v1/ledger/proofs/inclusion?book=${COUNTY}&seq=1&size=2` }),
  'GET /api/v1/ledger/proofs/consistency': () => ({
    url: `/api/v1/ledger/proofs/consistency?book=${COUNTY}&from=1&to=2`,
  }),
  'POST /api/v1/funds': () => ({
    url: '/api/v1/funds',
    valid: {
      docNo: '郾财〔2024〕99号',
      title: '补助资金',
      sourceLevel: 'county',
      regionCode: COUNTY,
      amount: '1.00',
      issuedOn: '2024-01-10',
    },
  }),
  'GET /api/v1/funds': () => ({ url: `/api/v1/funds?regionCode=${COUNTY}` }),
  'POST /api/v1/funds/{id}/allocations': (w) => ({
    url: `/api/v1/funds/${w.fund}/allocations`,
    valid: { toRegionCode: '411103100000', amount: '1.00', docNo: '郾财〔2024〕98号', issuedOn: '2024-01-11' },
  }),
  'GET /api/v1/funds/{id}': (w) => ({ url: `/api/v1/funds/${w.fund}` }),
  'POST /api/v1/funds/import': (w) => ({ url: `/api/v1/funds/import?regionCode=${COUNTY}`, upload: w.fundsXlsx }),
  'GET /api/v1/funds/import/template': () => ({ url: '/api/v1/funds/import/template' }),
  'POST /api/v1/households': () => ({
    url: '/api/v1/households',
    valid: {
      headName: '户主',
      idNumber: idFor(91),
      regionCode: '411103100201',
      members: 2,
      laborCapacity: 'full',
      category: 'lifted',
      since: '2016-05-10',
    },
  }),
  'GET /api/v1/households': () => ({ url: `/api/v1/households?regionCode=${COUNTY}` }),
  'POST /api/v1/households/{id}/exit': (w) => ({
    url: `/api/v1/households/${w.household}/exit`,
    valid: { until: '2024-12-31', reason: '稳定脱贫' },
  }),
  'GET /api/v1/households/{id}': (w) => ({ url: `/api/v1/households/${w.household}` }),
  'POST /api/v1/households/import': (w) => ({
    url: `/api/v1/households/import?regionCode=${COUNTY}`,
    upload: w.householdsXlsx,
  }),
  'GET /api/v1/households/import/template': () => ({ url: '/api/v1/households/import/template' }),
  'POST /api/v1/projects': () => ({ url: '/api/v1/projects', valid: projectBody() }),
  'GET /api/v1/projects': () => ({ url: `/api/v1/projects?regionCode=${COUNTY}` }),
  'POST /api/v1/projects/{id}/review': (w) => ({
    url: `/api/v1/projects/${w.applied}/review`,
    valid: { decision: 'approve', opinion: '同意', reviewedOn: TODAY },
  }),
  'POST /api/v1/projects/{id}/approve': (w) => ({
    url: `/api/v1/projects/${w.applied}/approve`,
    valid: { approvalDocNo: '郾乡振〔2024〕1号', approvedOn: TODAY, funding: [{ fundId: w.fund, amount: '1.00' }] },
  }),
  'POST /api/v1/projects/{id}/start': (w) => ({
    url: `/api/v1/projects/${w.running}/start`,
    valid: { startedOn: TODAY },
  }),
  'POST /api/v1/projects/{id}/complete': (w) => ({
    url: `/api/v1/projects/${w.running}/complete`,
    valid: { completedOn: TODAY },
  }),
  'POST /api/v1/projects/{id}/accept': (w) => ({
    url: `/api/v1/projects/${w.running}/accept`,
    valid: { acceptedOn: TODAY, result: 'passed', finalCost: '100.00', opinion: '合格' },
  }),
  'POST /api/v1/projects/{id}/cancel': (w) => ({
    url: `/api/v1/projects/${w.applied}/cancel`,
    valid: { cancelledOn: TODAY, reason: '测试' },
  }),
  'GET /api/v1/projects/{id}': (w) => ({ url: `/api/v1/projects/${w.running}` }),
  'POST /api/v1/projects/{id}/disbursements': (w) => ({
    url: `/api/v1/projects/${w.running}/disbursements`,
    valid: {
      kind: 'progress',
      amount: '1.00',
      paidOn: TODAY,
      payee: { name: '河南中原建设工程有限公司', type: 'contractor' },
      voucherNo: '记-999',
    },
  }),
  'GET /api/v1/projects/{id}/disbursements': (w) => ({ url: `/api/v1/projects/${w.running}/disbursements` }),
  'POST /api/v1/notices': () => ({
    url: '/api/v1/notices',
    valid: { type: 'announcement', regionCode: COUNTY, periodStart: TODAY, issuer: '郾城区财政局' },
  }),
  'GET /api/v1/notices': () => ({ url: `/api/v1/notices?regionCode=${COUNTY}` }),
  'GET /api/v1/notices/{id}': (w) => ({ url: `/api/v1/notices/${w.notice}` }),
  'GET /api/v1/notices/{id}/pdf': (w) => ({ url: `/api/v1/notices/${w.notice}/pdf` }),
  'POST /api/v1/notices/{id}/objections': (w) => ({ url: `/api/v1/notices/${w.notice}/objections` }),
  'POST /api/v1/notices/{id}/objections/{oid}/resolve': (w) => ({
    url: `/api/v1/notices/${w.notice}/objections/${w.objection}/resolve`,
    valid: { resolution: '已复核', resolvedOn: TODAY },
  }),
  'GET /api/v1/projects/{id}/notices/preview': (w) => ({
    url: `/api/v1/projects/${w.running}/notices/preview?type=approval`,
  }),
  'POST /api/v1/projects/{id}/assets': (w) => ({
    url: `/api/v1/projects/${w.running}/assets`,
    valid: operatingAsset({ registeredOn: TODAY }),
  }),
  'GET /api/v1/assets': () => ({ url: `/api/v1/assets?regionCode=${COUNTY}` }),
  'GET /api/v1/assets/export.xlsx': () => ({ url: `/api/v1/assets/export.xlsx?regionCode=${COUNTY}` }),
  'GET /api/v1/assets/summary': () => ({ url: `/api/v1/assets/summary?regionCode=${COUNTY}` }),
  'GET /api/v1/assets/{id}': (w) => ({ url: asset(w) }),
  'POST /api/v1/assets/{id}/transfers': (w) => ({
    url: `${asset(w)}/transfers`,
    valid: { to: { type: 'village_collective' }, transferredOn: TODAY, docNo: '移交1号' },
  }),
  'POST /api/v1/assets/{id}/income': (w) => ({
    url: `${asset(w)}/income`,
    valid: { amount: '1.00', receivedOn: TODAY, period: '2025-Q1', source: '电费结算' },
  }),
  'POST /api/v1/assets/{id}/distributions': (w) => ({
    url: `${asset(w)}/distributions`,
    valid: { distributedOn: TODAY, items: [{ purpose: 'collective', amount: '1.00' }] },
  }),
  'POST /api/v1/assets/{id}/disposal': (w) => ({
    url: `${asset(w)}/disposal`,
    valid: {
      method: 'scrap',
      villageAssemblyOn: TODAY,
      townshipApprovedOn: TODAY,
      countyApprovedOn: TODAY,
      disposedOn: TODAY,
      proceeds: '0.00',
      proceedsTo: 'county_treasury',
    },
  }),
  'GET /api/v1/exports/journal/{file}': () => ({ url: `/api/v1/exports/journal/${COUNTY}.jsonl` }),
  'GET /api/v1/exports/{file}': () => ({ url: `/api/v1/exports/funds.csv?regionCode=${COUNTY}` }),
  'GET /api/v1/open-data/ocds/records/{projectId}': (w) => ({ url: `/api/v1/open-data/ocds/records/${w.running}` }),
  'GET /api/v1/open-data/ocds/releases': () => ({ url: `/api/v1/open-data/ocds/releases?regionCode=${COUNTY}` }),
  'GET /api/v1/open-data/fdp/{regionCode}/{year}.zip': () => ({ url: `/api/v1/open-data/fdp/${COUNTY}/2024.zip` }),
  'GET /api/v1/audit/trace/funds/{id}.xlsx': (w) => ({ url: `/api/v1/audit/trace/funds/${w.fund}.xlsx` }),
  'GET /api/v1/audit/trace/funds/{id}': (w) => ({ url: `/api/v1/audit/trace/funds/${w.fund}` }),
  'GET /api/v1/audit/trace/assets/{id}': (w) => ({ url: `/api/v1/audit/trace/assets/${w.asset}` }),
  'GET /api/v1/audit/trace/projects/{id}': (w) => ({ url: `/api/v1/audit/trace/projects/${w.running}` }),
  'GET /api/v1/audit/trace/households/{id}': (w) => ({ url: `/api/v1/audit/trace/households/${w.household}` }),
  'GET /api/v1/audit/trace/entries/{book}/{seq}': (w) => ({
    url: `/api/v1/audit/trace/entries/${COUNTY}/${w.entrySeq}`,
  }),
  'GET /api/v1/audit/trace/disbursements/{id}': (w) => ({ url: `/api/v1/audit/trace/disbursements/${w.disbursement}` }),
  'GET /api/v1/audit/reconcile': () => ({ url: `/api/v1/audit/reconcile?regionCode=${COUNTY}&year=2024` }),
  'GET /api/v1/audit/findings': () => ({ url: `/api/v1/audit/findings?regionCode=${COUNTY}` }),
  'GET /api/v1/audit/findings.xlsx': () => ({ url: `/api/v1/audit/findings.xlsx?regionCode=${COUNTY}` }),
  'GET /api/v1/audit/performance': () => ({ url: `/api/v1/audit/performance?regionCode=${COUNTY}&year=2024` }),
};
