import { acceptedProject, household, operatingAsset } from '../assets/asset-fixtures';
import { publishApplication, TODAY } from '../public/public-fixtures';
import type { ProjectDriver } from '../support/project-fixtures';
import { tableCounts, type TestApp } from '../support/test-app';
import { type Agent, csrfOf, mainOf, setUpWorkPages, textOf } from './console-fixtures';

/**
 * A step opened (typed into the address bar, or an old link) for something in a state its service refuses:
 * the page says why, by the service's own rule, before anything is filled in, and offers no form (200);
 * in a state the service allows, the form. Posted anyway, the service still refuses.
 */
describe('console: closed steps (HTTP)', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let fund: string;
  let agents: Record<string, Agent>;

  beforeAll(async () => {
    ({ t, d, fund, agents } = await setUpWorkPages());
  });
  afterAll(() => t.close());

  /** What is wrong with `url` as the notice saying `named`, with the link `back` and no form: nothing if right. */
  async function notClosed(who: string, url: string, named: string, back: string): Promise<string[]> {
    const main = mainOf((await agents[who].get(url).expect(200)).text);
    const ok = !main.includes('<form') && main.includes(named) && main.includes(`href="${back}`);
    return ok ? [] : [`${who} ${url}: ${textOf(main)}`];
  }
  /** What is wrong with `url` as the step's form: nothing if it is one. */
  async function notOpen(who: string, url: string): Promise<string[]> {
    const main = mainOf((await agents[who].get(url).expect(200)).text);
    return main.includes('<form') && !main.includes('role="status"') ? [] : [`${who} ${url}: no form`];
  }

  it('a step typed for a project in a state the service refuses: a notice, no form; allowed: the form', async () => {
    const applied = await d.apply({ name: '后街村 状态 已申报' });
    const reviewed = await d.apply({ name: '后街村 状态 乡镇已审核' });
    await d.review(reviewed);
    const approved = await d.projectFunded([{ fundId: fund, amount: '10000.00' }], { start: false });
    const running = await d.projectFunded([{ fundId: fund, amount: '10000.00' }]);
    const completed = await d.projectFunded([{ fundId: fund, amount: '10000.00' }]);
    await d.complete(completed);
    const accepted = await acceptedProject(
      d,
      [{ fundId: fund, amount: '10000.00', committed: '20000.00' }],
      '20000.00',
    );
    const T = '/console/township/projects';
    const P = '/console/program/projects';
    const V = '/console/village/projects';
    // [who, base, step, a project the service refuses the step for, its status by name, the verb, one it allows]
    const cases: Array<[string, string, string, string, string, string, string]> = [
      ['tw1', T, 'review', approved, '已批复', '审核', applied],
      ['tw1', T, 'complete', applied, '已申报', '登记完工', running],
      ['pg1', P, 'approve', approved, '已批复', '审批', reviewed],
      ['pg1', P, 'notice', running, '实施中', '发布公示', approved],
      ['pg1', P, 'start', applied, '已申报', '开工', approved],
      ['pg1', P, 'complete', approved, '已批复', '登记完工', running],
      ['pg1', P, 'accept', running, '实施中', '验收', completed],
      ['pg1', P, 'asset', completed, '已完工', '登记资产', accepted],
      ['v1', V, 'notice', completed, '已完工', '发布公示', accepted],
    ];
    const wrong: string[] = [];
    for (const [who, base, step, refused, shown, verb, allowed] of cases) {
      const named = `当前状态为“<strong>${shown}</strong>”，不能${verb}。`;
      wrong.push(...(await notClosed(who, `${base}/${refused}/${step}`, named, `${base}/${refused}">返回项目`)));
      wrong.push(...(await notOpen(who, `${base}/${allowed}/${step}`)));
    }
    expect(wrong).toEqual([]);

    // The village's notice offers only the type the service would publish now, and its page links to it then only.
    const notice = mainOf((await agents.v1.get(`${V}/${accepted}/notice`).expect(200)).text);
    expect(notice).toContain('value="completion"');
    expect(notice).not.toContain('value="application"');
    expect((await agents.v1.get(`${V}/${accepted}`).expect(200)).text).toContain(`href="${V}/${accepted}/notice"`);
    expect((await agents.v1.get(`${V}/${completed}`).expect(200)).text).not.toContain(`/${completed}/notice"`);

    // A form opened before the project changed state is still refused by the service when posted.
    const form = await agents.pg1.get(`${P}/${approved}/start`).expect(200);
    const counts = await tableCounts(t.db);
    const res = await agents.pg1
      .post(`${P}/${applied}/start`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), startedOn: '2024-03-20', _confirm: '1' });
    expect(res.status).toBe(422);
    expect(textOf(res.text)).toContain('未能办理');
    expect(await tableCounts(t.db)).toEqual(counts);
  });

  it('终止 of a cancelled or settled project: the notice, no form; posted anyway, refused by the service', async () => {
    const cancelled = await d.projectFunded([{ fundId: fund, amount: '80000.00' }], { start: false });
    await d.post(
      'program',
      `/api/v1/projects/${cancelled}/cancel`,
      { cancelledOn: '2024-03-20', reason: '不再实施' },
      200,
    );
    const settled = await acceptedProject(d, [{ fundId: fund, amount: '90000.00' }]);
    for (const [pid, status, shown] of [
      [cancelled, 'cancelled', '已终止'],
      [settled, 'settled', '已结算'],
    ]) {
      const form = await agents.pg1.get(`/console/program/projects/${pid}/cancel`).expect(200);
      const main = mainOf(form.text);
      expect(main).not.toContain('<form');
      expect(main).not.toContain('name="reason"');
      expect(main).toContain(`当前状态为“<strong>${shown}</strong>”，不能终止`);
      expect(main).toContain(`href="/console/program/projects/${pid}">返回项目</a>`);
      // A form opened before the project changed state is still refused by the service when posted.
      const counts = await tableCounts(t.db);
      const res = await agents.pg1
        .post(`/console/program/projects/${pid}/cancel`)
        .type('form')
        .send({ _csrf: csrfOf(form.text), cancelledOn: '2024-12-01', reason: '再次终止', _confirm: '1' });
      expect(res.status).toBe(422);
      expect(textOf(res.text)).toContain(`未能办理：项目当前为“${shown}”，不能终止`);
      expect(res.text).toContain('再次终止');
      expect(await tableCounts(t.db)).toEqual(counts);
      const [row] = await t.db.query(`SELECT status FROM project WHERE id = $1`, [pid]);
      expect(row.status).toBe(status);
    }
  });

  it('asset steps: none on a disposed asset, no income unless 经营性资产; the asset page links the open ones', async () => {
    const project = await acceptedProject(d, [{ fundId: fund, amount: '90000.00' }]);
    const register = async (over: Record<string, unknown>) =>
      (
        await d.post(
          'program',
          `/api/v1/projects/${project}/assets`,
          operatingAsset({ value: '30000.00', ...over }),
          201,
        )
      ).id as string;
    const inUse = await register({ name: '后街村 光伏电站' });
    const road = await register({ name: '后街村 通组道路', assetClass: 'public_welfare' });
    const gone = await register({ name: '后街村 冷库' });
    await d.post(
      'program',
      `/api/v1/assets/${gone}/disposal`,
      {
        method: 'scrap',
        villageAssemblyOn: '2025-01-05',
        townshipApprovedOn: '2025-01-10',
        countyApprovedOn: '2025-01-15',
        disposedOn: '2025-01-20',
        proceeds: '0.00',
        proceedsTo: 'village_collective',
      },
      201,
    );
    const V = '/console/village/assets';
    const P = '/console/program/assets';
    const disposed = '当前状态为“<strong>已处置</strong>”';
    // [who, base, step, the asset, what the notice says]
    const closed: Array<[string, string, string, string, string]> = [
      ['v1', V, 'income', gone, `${disposed}，不能登记收益。`],
      ['v1', V, 'distribute', gone, `${disposed}，不能分配收益。`],
      ['pg1', P, 'transfer', gone, `${disposed}，不能移交。`],
      ['pg1', P, 'dispose', gone, `${disposed}，不能处置。`],
      ['v1', V, 'income', road, '类别为“<strong>公益性资产</strong>”，不能登记收益。'],
    ];
    const wrong: string[] = [];
    for (const [who, base, step, id, named] of closed)
      wrong.push(...(await notClosed(who, `${base}/${id}/${step}`, named, `${base}/${id}">返回资产`)));
    // The service takes a distribution or a disposal of a public-welfare asset: the form.
    for (const [who, url] of [
      ['v1', `${V}/${inUse}/income`],
      ['v1', `${V}/${inUse}/distribute`],
      ['v1', `${V}/${road}/distribute`],
      ['pg1', `${P}/${inUse}/transfer`],
      ['pg1', `${P}/${road}/dispose`],
    ])
      wrong.push(...(await notOpen(who, url)));
    expect(wrong).toEqual([]);
    const why = async (who: string, url: string) => textOf(mainOf((await agents[who].get(url).expect(200)).text));
    expect(await why('v1', `${V}/${road}/income`)).toContain('只有经营性资产才能登记收益。');
    expect(await why('pg1', `${P}/${gone}/dispose`)).toContain('该资产已于 2025-01-20 处置（报废），不再登记收益');

    const links = async (who: string, base: string, id: string) =>
      [
        ...mainOf((await agents[who].get(`${base}/${id}`).expect(200)).text).matchAll(
          /class="button" href="[^"]+\/(\w+)"/g,
        ),
      ].map((m) => m[1]);
    expect(await links('v1', V, inUse)).toEqual(['income', 'distribute']);
    expect(await links('v1', V, road)).toEqual(['distribute']);
    expect(await links('v1', V, gone)).toEqual([]);
    expect(await links('pg1', P, gone)).toEqual([]);

    // Posted anyway (a form opened before): the service refuses with its own reason, nothing is written.
    const form = await agents.v1.get(`${V}/${inUse}/income`).expect(200);
    const counts = await tableCounts(t.db);
    const res = await agents.v1
      .post(`${V}/${road}/income`)
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        amount: '100',
        receivedOn: TODAY,
        period: '2025',
        source: '租金',
        _confirm: '1',
      });
    expect(res.status).toBe(422);
    expect(textOf(res.text)).toContain('未能办理：非经营性资产不能登记收益');
    expect(await tableCounts(t.db)).toEqual(counts);
  });

  it('答复 of an objection already answered: the notice and the answer, no form; an open one: the form', async () => {
    const n = await publishApplication(d, 'village', { name: '后街村 道路硬化' });
    const objection = async (summary: string) =>
      (await t.http().post(`/api/v1/notices/${n.id}/objections`).send({ summary, receivedOn: TODAY }).expect(201)).body
        .id as string;
    const answered = await objection('预算偏高');
    const open = await objection('选址不当');
    const resolution = { resolution: '预算经乡镇复核，维持原方案。', resolvedOn: TODAY };
    await d.post('village', `/api/v1/notices/${n.id}/objections/${answered}/resolve`, resolution, 200);
    const base = `/console/village/notices/${n.id}`;
    const named = '异议 <strong>预算偏高</strong> 当前状态为“<strong>已答复</strong>”，不能答复。';
    expect([
      ...(await notClosed('v1', `${base}/objections/${answered}`, named, `${base}">返回公示`)),
      ...(await notOpen('v1', `${base}/objections/${open}`)),
    ]).toEqual([]);
    const page = mainOf((await agents.v1.get(`${base}/objections/${answered}`).expect(200)).text);
    expect(textOf(page)).toContain(`该异议已于 ${TODAY} 答复（处理意见：预算经乡镇复核，维持原方案。）`);
  });

  it('退出 of a household that has left the list: the notice, no form; a listed one: the form', async () => {
    const left = await household(d, 501, 'full');
    const listed = await household(d, 502, 'full');
    await d.post('village', `/api/v1/households/${left}/exit`, { until: '2025-12-31', reason: '稳定脱贫' }, 201);
    const base = '/console/village/households';
    const named = '当前状态为“<strong>已退出</strong>”，不能办理退出。';
    expect([
      ...(await notClosed('v1', `${base}/${left}/exit`, named, `${base}">返回农户列表`)),
      ...(await notOpen('v1', `${base}/${listed}/exit`)),
    ]).toEqual([]);
    const page = textOf(mainOf((await agents.v1.get(`${base}/${left}/exit`).expect(200)).text));
    expect(page).toContain('户主501');
    expect(page).toContain('该户已于 2025-12-31 退出（稳定脱贫）');
  });
});
