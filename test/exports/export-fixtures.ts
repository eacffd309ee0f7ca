import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { yuanToFen } from '../../src/common/money';
import { acceptedProject, fundOf, household, idFor, operatingAsset } from '../assets/asset-fixtures';
import { binary, readXlsx, rowsOf } from '../excel/xlsx-fixtures';
import { CITY, COUNTY, ProjectDriver } from '../support/project-fixtures';
import type { TestApp } from '../support/test-app';

/** Known personal data seeded into the county, that no export may show in full. */
export const SECRETS = {
  idNumber: idFor(7),
  contractorAccount: '6228480012345678',
  householdAccount: '6230520011112222333',
};

/**
 * A county with money in every table: two funds, a settled project with an asset, its income and a
 * distribution to a household; payments to a contractor and to that household, one of them reversed.
 */
export async function seedCounty(d: ProjectDriver): Promise<void> {
  const fund = await fundOf(d, 'central', '500000.00');
  await fundOf(d, 'county', '12345.67');
  const cityFund = {
    docNo: '漯财农〔2024〕3号',
    title: '市级衔接推进乡村振兴补助资金',
    sourceLevel: 'municipal',
    regionCode: CITY,
    amount: '80000.00',
    issuedOn: '2024-01-05',
  };
  const city = await d.post('cityFinance', '/api/v1/funds', cityFund, 201);
  const allocation = { toRegionCode: COUNTY, amount: '30000.00', docNo: '漯财农〔2024〕4号', issuedOn: '2024-01-08' };
  await d.post('cityFinance', `/api/v1/funds/${city.id}/allocations`, allocation, 201);
  const settled = await acceptedProject(d, [{ fundId: fund, amount: '90000.00' }]);
  const asset = await d.post(
    'program',
    `/api/v1/projects/${settled}/assets`,
    operatingAsset({ value: '90000.00' }),
    201,
  );
  const householdId = await household(d, 7, 'none');
  await d.post(
    'village',
    `/api/v1/assets/${asset.id}/income`,
    { amount: '1200.50', receivedOn: '2025-03-31', period: '2025-Q1', source: '电费结算' },
    201,
  );
  await d.post(
    'village',
    `/api/v1/assets/${asset.id}/distributions`,
    {
      distributedOn: '2025-04-10',
      items: [
        { householdId, amount: '300.00' },
        { purpose: 'collective', amount: '200.00' },
      ],
    },
    201,
  );
  const running = await d.projectFunded([{ fundId: fund, amount: '150000.00' }]);
  const contractor = { name: '河南中原建设工程有限公司', type: 'contractor', accountNo: SECRETS.contractorAccount };
  await d.pay(running, { amount: '100.00', paidOn: '2024-04-01', payee: contractor });
  await d.pay(running, { amount: '200.55', paidOn: '2024-05-02' });
  const wrong = await d.pay(running, { amount: '300.00', paidOn: '2024-05-03' });
  await d.post(
    'finance',
    `/api/v1/entries/${COUNTY}/${wrong.entrySeq}/reverse`,
    { reason: '凭证号录入错误', reversedOn: '2024-05-04' },
    201,
  );
  await d.pay(running, {
    kind: 'household',
    amount: '50.00',
    paidOn: '2024-06-05',
    payee: { name: '户主', type: 'household', householdId, accountNo: SECRETS.householdAccount },
  });
}

export interface Download {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export async function download(t: TestApp, token: string, path: string): Promise<Download> {
  const res = await t
    .http()
    .get(`/api/v1/exports/${path}`)
    .set({ Authorization: `Bearer ${token}` })
    .buffer(true)
    .parse(binary);
  return { status: res.status, headers: res.headers as Record<string, string>, body: res.body as Buffer };
}

/** A CSV as rows of strings (header first); the BOM must be there and is taken off. */
export function csvRows(body: Buffer): string[][] {
  const text = body.toString('utf8');
  if (!text.startsWith('\uFEFF')) throw new Error('the CSV has no BOM');
  return parse(text.slice(1), { record_delimiter: '\r\n' }) as string[][];
}

export async function xlsxRows(body: Buffer): Promise<{ ws: ExcelJS.Worksheet; rows: unknown[][] }> {
  const ws = (await readXlsx(body)).worksheets[0];
  return { ws, rows: rowsOf(ws) };
}

/** Sum in fen of one CSV column of yuan strings, over the rows `keep` accepts. */
export function csvTotal(rows: string[][], header: string, keep: (row: string[]) => boolean = () => true): bigint {
  const col = rows[0].indexOf(header);
  if (col < 0) throw new Error(`no column ${header}`);
  return rows
    .slice(1)
    .filter(keep)
    .reduce((s, r) => s + yuanToFen(r[col]), 0n);
}
