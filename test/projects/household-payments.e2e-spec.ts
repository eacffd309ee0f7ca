import { idCheckChar } from '../../src/households/id-number';
import { ReplayService } from '../../src/journal/replay/replay.service';
import { OTHER_VILLAGE, ProjectDriver, projectTokens, VILLAGE } from '../support/project-fixtures';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';

/** A valid ID number (GB 11643-1999) of someone born 1980-06-01 in 郾城区, sequence n. */
const idFor = (n: number) => {
  const first17 = `41110319800601${String(n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

describe('household payments (到户): only to households on the village list on the payment date', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let projectId: string;
  const h: Record<string, string> = {};

  const register = async (who: string, n: number, regionCode: string, since: string) =>
    (
      await d.post(
        who,
        '/api/v1/households',
        {
          headName: `户主${n}`,
          idNumber: idFor(n),
          regionCode,
          members: 3,
          laborCapacity: 'full',
          category: 'lifted',
          since,
        },
        201,
      )
    ).id as string;

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    h.listed = await register('village', 1, VILLAGE, '2016-05-10');
    h.neighbour = await register('otherVillage', 2, OTHER_VILLAGE, '2016-05-10');
    h.late = await register('village', 3, VILLAGE, '2024-05-01');
    h.exited = await register('village', 4, VILLAGE, '2016-05-10');
    await d.post('village', `/api/v1/households/${h.exited}/exit`, { until: '2024-03-31', reason: '稳定脱贫' }, 201);
    const fund = await d.countyFund('20000.00');
    projectId = await d.projectFunded([{ fundId: fund, amount: '10000.00' }], { over: { category: '到户产业奖补' } });
  });
  afterAll(() => t.close());

  const toHousehold = (key: string, paidOn: string, voucherNo: string) => ({
    kind: 'household',
    amount: '2000.00',
    paidOn,
    payee: { name: '户主', type: 'household', householdId: h[key], accountNo: '6230520011112222333' },
    voucherNo,
  });

  it('pays a listed household of the project village, by id, with its account kept out of the journal', async () => {
    const paid = await d.pay(projectId, toHousehold('listed', '2024-04-01', '到户-1'));
    expect(paid).toMatchObject({
      kind: 'household',
      payee: { type: 'household', householdId: h.listed, accountNo: '***************2333' },
    });
    const entry = await t.db.query(
      `SELECT subjects, convert_from(body, 'UTF8') AS body FROM journal_entry WHERE book = $1 AND seq = $2`,
      [paid.book, paid.entrySeq],
    );
    expect(entry[0].subjects).toContain(`household:${h.listed}`);
    expect(entry[0].body).toContain(`payee:household.${h.listed}`);
    expect(entry[0].body).not.toContain('6230520011112222333');
    // The household's name is personal data: the journal holds its id only, the answer shows the
    // head's name from the household table.
    expect(entry[0].body).not.toContain('户主');
    expect(paid.payee.name).toMatch(/^户主\d+$/);
    // A household that left the list is paid for the time it was on it.
    await d.pay(projectId, toHousehold('exited', '2024-03-30', '到户-2'));
  });

  it.each([
    ['a household of another village', 'neighbour', '2024-04-01'],
    ['a household listed after the payment date', 'late', '2024-04-01'],
    ['a household that left the list before the payment date', 'exited', '2024-03-31'],
  ])('refuses %s, writing nothing', async (_name, key, paidOn) => {
    const before = await tableCounts(t.db);
    const res = await d.pay(projectId, toHousehold(key, paidOn, `到户-x-${key}`), 422);
    expect(res.code).toBe('HOUSEHOLD_NOT_ELIGIBLE');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('keeps the projections rebuildable', async () => {
    expect((await d.project(projectId)).amounts).toMatchObject({ disbursed: '4000.00', remaining: '6000.00' });
    expect((await t.app.get(ReplayService).check()).ok).toBe(true);
  });
});
