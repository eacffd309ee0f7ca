import { JournalService } from '../../src/journal/journal.service';
import { ReplayService } from '../../src/journal/replay/replay.service';
import { COUNTY, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { acceptedProject, fundOf, operatingAsset } from './asset-fixtures';

type Line = { fundId: string; sourceLevel: string; amount: string };
const fen = (yuan: string) => Math.round(Number(yuan) * 100);

describe('assets: pro-rata attribution to the funds, exact to the fen; corrections', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let projectId: string;
  const f: string[] = [];
  const journal = () => t.app.get(JournalService);
  const register = (value: string) =>
    d.post('program', `/api/v1/projects/${projectId}/assets`, operatingAsset({ value }), 201);

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    for (const level of ['central', 'provincial', 'municipal']) f.push(await fundOf(d, level, '5000.00'));
    projectId = await acceptedProject(
      d,
      f.map((fundId) => ({ fundId, amount: '1000.00' })),
    );
  });
  afterAll(() => t.close());

  it('splits 100.01 yuan over three equal funds as 33.34 + 33.34 + 33.33, odd fen to the oldest', async () => {
    const asset = await register('100.01');
    expect(asset.funding.map((x: Line) => [x.fundId, x.amount])).toEqual([
      [f[0], '33.34'],
      [f[1], '33.34'],
      [f[2], '33.33'],
    ]);
    expect(asset.fundingBySource.map((x: Line) => x.sourceLevel)).toEqual(['central', 'provincial', 'municipal']);
  });

  it('attributes later assets from what each fund has left: the funds add up to exactly what they paid', async () => {
    const a = await register('0.01');
    // The remainders are 966.66, 966.66, 966.67: the largest (municipal) takes the fen.
    expect(a.funding.map((x: Line) => x.amount)).toEqual(['0.01']);
    expect(a.funding[0].fundId).toBe(f[2]);
    const rest = await register('2899.98');
    expect(rest.funding.map((x: Line) => x.amount)).toEqual(['966.66', '966.66', '966.66']);
    const rows: Array<{ fund_id: string; total: string }> = await t.db.query(
      `SELECT fund_id, sum(amount)::text AS total FROM asset_funding GROUP BY fund_id`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.fund_id, r.total]))).toEqual({
      [f[0]]: '100000',
      [f[1]]: '100000',
      [f[2]]: '100000',
    });
    for (const id of [a.id, rest.id]) {
      const view = await d.get('auditor', `/api/v1/assets/${id}`);
      expect(view.funding.reduce((s: number, x: Line) => s + fen(x.amount), 0)).toBe(fen(view.value));
    }
    expect(
      (await d.post('program', `/api/v1/projects/${projectId}/assets`, operatingAsset({ value: '0.01' }), 422)).code,
    ).toBe('ASSET_VALUE_EXCEEDS_PAID');
  });

  it('a reversed income or distribution is undone in the register; distributed income cannot be reversed', async () => {
    const [first] = (await d.get('auditor', `/api/v1/assets?regionCode=${COUNTY}`)).items as Array<{
      id: string;
      assetNo: string;
    }>;
    const url = `/api/v1/assets/${first.id}`;
    await d.post(
      'village',
      `${url}/income`,
      { amount: '500.00', receivedOn: '2025-01-31', period: '2025-01', source: '租金' },
      201,
    );
    await d.post(
      'village',
      `${url}/income`,
      { amount: '300.00', receivedOn: '2025-02-28', period: '2025-02', source: '租金' },
      201,
    );
    const paid = await d.post(
      'village',
      `${url}/distributions`,
      { distributedOn: '2025-03-01', items: [{ purpose: 'upkeep', amount: '600.00' }] },
      201,
    );
    const seqOf = async (type: string) =>
      Number(
        (
          await t.db.query(`SELECT max(seq) AS seq FROM journal_entry WHERE type = $1 AND $2 = ANY(subjects)`, [
            type,
            `asset:${first.id}`,
          ])
        )[0].seq,
      );

    // Reversing the 300.00 would leave 500 − 600 < 0 in asset-income: refused by the journal.
    const refused = await d.post(
      'program',
      `/api/v1/entries/${COUNTY}/${await seqOf('asset.income_received')}/reverse`,
      { reason: '重复登记', reversedOn: '2025-03-02' },
      422,
    );
    expect(refused.code).toBe('INSUFFICIENT_FUNDS');
    await d.post(
      'program',
      `/api/v1/entries/${COUNTY}/${paid.entrySeq}/reverse`,
      { reason: '分配有误', reversedOn: '2025-03-02' },
      201,
    );
    await d.post(
      'program',
      `/api/v1/entries/${COUNTY}/${await seqOf('asset.income_received')}/reverse`,
      { reason: '重复登记', reversedOn: '2025-03-02' },
      201,
    );
    const view = await d.get('auditor', url);
    expect(view.income).toEqual({ total: '500.00', distributed: '0.00', undistributed: '500.00' });

    // A disposal reversed: proceeds undone, the asset back in use.
    await d.post(
      'village',
      `${url}/distributions`,
      { distributedOn: '2025-03-03', items: [{ purpose: 'collective', amount: '500.00' }] },
      201,
    );
    const approvals = {
      villageAssemblyOn: '2025-04-01',
      townshipApprovedOn: '2025-04-02',
      countyApprovedOn: '2025-04-03',
      disposedOn: '2025-04-04',
    };
    await d.post(
      'program',
      `${url}/disposal`,
      { method: 'sale', ...approvals, proceeds: '800.00', proceedsTo: 'county_treasury' },
      201,
    );
    expect(await journal().balance(COUNTY, `treasury:${COUNTY}`, first.id)).toBe(80000n);
    await d.post(
      'program',
      `/api/v1/entries/${COUNTY}/${await seqOf('asset.disposed')}/reverse`,
      { reason: '处置程序不全', reversedOn: '2025-04-05' },
      201,
    );
    expect(await journal().balance(COUNTY, `treasury:${COUNTY}`, first.id)).toBe(0n);
    expect(await d.get('auditor', url)).toMatchObject({ status: 'in_use', disposal: null });
    expect((await t.app.get(ReplayService).check()).ok).toBe(true);
  });
});
