import request from 'supertest';
import { acceptedProject, household, idFor, operatingAsset } from '../assets/asset-fixtures';
import { HOUSEHOLD_HEADER, xlsx } from '../excel/xlsx-fixtures';
import { publishApplication, TODAY } from '../public/public-fixtures';
import { COUNTY, DATES, type ProjectDriver, VILLAGE } from '../support/project-fixtures';
import { tableCounts, type TestApp } from '../support/test-app';
import { type Agent, consoleUser, csrfOf, setUpWorkPages, signIn, textOf, writeStep } from './console-fixtures';

/** The pages of daily work beyond the browser flow, at the HTTP level: every write is form → confirm → result. */
describe('console: households, objections, later project steps and assets (HTTP)', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let fund: string;
  let agents: Record<string, Agent>;

  beforeAll(async () => {
    ({ t, d, fund, agents } = await setUpWorkPages());
  });
  afterAll(() => t.close());

  const write = (who: string, url: string, fields: Record<string, string>) => writeStep(agents[who], url, fields);

  it('registers a household (ID masked once typed), refuses a duplicate beside the field, exits', async () => {
    const id = idFor(301);
    const fields = {
      headName: '王秀英',
      idNumber: id,
      regionCode: VILLAGE,
      members: '4',
      laborCapacity: 'full',
      category: 'lifted',
      since: '2020-03-01',
    };
    const { confirm, done } = await write('v1', '/console/village/households/new', fields);
    const masked = `${id.slice(0, 6)}********${id.slice(-4)}`;
    expect(textOf(confirm)).toContain(masked);
    expect(textOf(done)).toContain(masked);
    expect(done).not.toContain(id);
    const list = await agents.v1.get('/console/village/households').expect(200);
    expect(list.text).toContain(masked);
    expect(list.text).not.toContain(id);

    const again = await agents.v1.get('/console/village/households/new');
    const before = await tableCounts(t.db);
    const dup = await agents.v1
      .post('/console/village/households/new')
      .type('form')
      .send({ _csrf: csrfOf(again.text), ...fields, headName: '王秀英二', _confirm: '1' });
    expect(dup.status).toBe(422);
    expect(dup.text).toMatch(/<div class="field bad">\s*<label for="f-idNumber">[\s\S]*?已登记/);
    expect(dup.text).toContain('value="王秀英二"');
    expect(await tableCounts(t.db)).toEqual(before);

    const [{ id: hid }] = await t.db.query(`SELECT id FROM household WHERE head_name = '王秀英'`);
    await write('v1', `/console/village/households/${hid}/exit`, { until: '2025-12-31', reason: '稳定脱贫' });
    expect((await agents.v1.get('/console/village/households').expect(200)).text).toContain('已退出（2025-12-31）');
  });

  it('imports households from Excel: the rows checked and shown masked first, then written on 确认提交', async () => {
    const file = await xlsx(HOUSEHOLD_HEADER, [
      ['张三', idFor(311), VILLAGE, 3, '有劳动能力', '脱贫户', '2016-05-10'],
      ['李四', idFor(312), VILLAGE, 2, '无劳动能力', '监测户', '2021-07-01'],
    ]);
    const a = agents.v1;
    const _csrf = csrfOf((await a.get('/console/village/households/import').expect(200)).text);
    const before = await tableCounts(t.db);
    await a.post('/console/village/households/import').attach('file', file, 'list.xlsx').expect(403);
    const step1 = await a
      .post('/console/village/households/import')
      .field('_csrf', _csrf)
      .attach('file', file, 'list.xlsx');
    expect(step1.status).toBe(200);
    expect(step1.text).toContain('文件共 2 户');
    expect(step1.text).not.toContain(idFor(311));
    expect(await tableCounts(t.db)).toEqual(before);
    const carried = /name="_xlsx" value="([^"]+)"/.exec(step1.text)![1];
    const step2 = await a
      .post('/console/village/households/import')
      .field('_csrf', _csrf)
      .field('_xlsx', carried)
      .field('_confirm', '1');
    expect(step2.status).toBe(200);
    expect(textOf(step2.text)).toMatch(/已导入 2 户[\s\S]*账簿 411103000000 第 \d+–\d+ 条/);
    const bad = await xlsx(HOUSEHOLD_HEADER, [['王五', idFor(311), VILLAGE, 3, '有劳动能力', '脱贫户', '2016-05-10']]);
    // The rows' own rules are checked at once; the list already registered is checked when writing, under
    // the import lock, and refuses the whole file with the row named.
    const first = await a
      .post('/console/village/households/import')
      .field('_csrf', _csrf)
      .attach('file', bad, 'b.xlsx');
    expect(first.status).toBe(200);
    const before2 = await tableCounts(t.db);
    const refused = await a
      .post('/console/village/households/import')
      .field('_csrf', _csrf)
      .field('_xlsx', /name="_xlsx" value="([^"]+)"/.exec(first.text)![1])
      .field('_confirm', '1');
    expect(refused.status).toBe(422);
    expect(textOf(refused.text)).toContain('该身份证号码已登记');
    expect(refused.text).not.toContain(idFor(311));
    expect(await tableCounts(t.db)).toEqual(before2);
    const wrong = await xlsx(HOUSEHOLD_HEADER, [['赵六', '123', VILLAGE, 3, '有劳动能力', '脱贫户', '2016-05-10']]);
    const early = await a
      .post('/console/village/households/import')
      .field('_csrf', _csrf)
      .attach('file', wrong, 'w.xlsx');
    expect(early.status).toBe(422);
    expect(textOf(early.text)).toContain('身份证号码');
  });

  it('township: approval while the notice runs is refused beside the date; a rejection is written', async () => {
    const n = await publishApplication(d, 'village', { name: '后街村 农田水利' });
    const url = `/console/township/projects/${n.projectId}/review`;
    const form = await agents.tw1.get(url).expect(200);
    const before = await tableCounts(t.db);
    const early = await agents.tw1
      .post(url)
      .type('form')
      .send({ _csrf: csrfOf(form.text), decision: 'approve', opinion: '同意', reviewedOn: TODAY, _confirm: '1' });
    expect(early.status).toBe(422);
    expect(early.text).toMatch(/<div class="field bad">\s*<label for="f-reviewedOn">[\s\S]*?公示期未满/);
    expect(early.text).toContain('同意</textarea>');
    expect(await tableCounts(t.db)).toEqual(before);
    const queue = await agents.tw1.get('/console/township/reviews').expect(200);
    expect(queue.text).toContain('后街村 农田水利');
    await write('tw1', url, { decision: 'reject', opinion: '选址与规划冲突，退回修改。', reviewedOn: TODAY });
    const [row] = await t.db.query(`SELECT status FROM project WHERE id = $1`, [n.projectId]);
    expect(row.status).toBe('rejected');
  });

  it('answers an objection to the village notice', async () => {
    const n = await publishApplication(d, 'village', { name: '后街村 道路硬化' });
    const o = await t
      .http()
      .post(`/api/v1/notices/${n.id}/objections`)
      .send({ summary: '预算偏高', receivedOn: TODAY })
      .expect(201);
    const page = await agents.v1.get(`/console/village/notices/${n.id}`).expect(200);
    expect(page.text).toContain('预算偏高');
    const { done } = await write('v1', `/console/village/notices/${n.id}/objections/${o.body.id}`, {
      resolution: '预算经乡镇复核，按定额计算，维持原方案。',
      resolvedOn: TODAY,
    });
    expect(done).toContain('异议已答复');
    expect((await agents.v1.get(`/console/village/notices/${n.id}`).expect(200)).text).toContain('维持原方案');
  });

  it('township completes; program accepts against the goal, registers the asset; income, distribution', async () => {
    const id = await d.projectFunded([{ fundId: fund, amount: '150000.00' }]);
    await d.pay(id, { amount: '100000.00', paidOn: '2024-06-01' });
    const queue = await agents.tw1.get(`/console/township/projects/${id}`).expect(200);
    expect(queue.text).toContain('完工（初验）');
    await write('tw1', `/console/township/projects/${id}/complete`, { completedOn: DATES.completed });
    const accept = await write('pg1', `/console/program/projects/${id}/accept`, {
      result: 'passed',
      acceptedOn: DATES.accepted,
      finalCost: '150,000',
      opinion: '工程质量合格，同意验收',
      'results.households': '47',
      'results.persons': '140',
    });
    expect(accept.confirm).toContain('壹拾伍万元整');
    expect(textOf(accept.confirm)).toContain('47（目标 45）');
    const asset = await write('pg1', `/console/program/projects/${id}/asset`, {
      name: '后街村 200 千瓦光伏电站',
      assetClass: 'operating',
      value: '100000',
      location: VILLAGE,
      'owner.type': 'village_collective',
      'owner.regionCode': VILLAGE,
      custodian: '后街村股份经济合作社',
      registeredOn: '2024-11-01',
    });
    const assetId = /\/console\/program\/assets\/([0-9a-f-]{36})/.exec(asset.done)![1];
    await write('v1', `/console/village/assets/${assetId}/income`, {
      amount: '12,000.50',
      receivedOn: '2024-12-20',
      period: '2024-Q4',
      source: '国网漯河供电公司 电费结算',
    });
    const hid = await household(d, 320, 'none');
    const dist = await write('v1', `/console/village/assets/${assetId}/distribute`, {
      distributedOn: '2024-12-28',
      'items.0.householdId': hid,
      'items.0.amount': '2000',
      'items.2.purpose': 'public_welfare_job',
      'items.2.amount': '6000',
    });
    expect(textOf(dist.confirm)).toContain('合计 8,000.00 元');
    const shown = await agents.v1.get(`/console/village/assets/${assetId}`).expect(200);
    expect(textOf(shown.text)).toContain('待分配 4,000.50 元');
  });

  it('refuses a distribution over what is undistributed beside the amount, writing nothing', async () => {
    const settled = await acceptedProject(d, [{ fundId: fund, amount: '90000.00' }]);
    const asset = (
      await d.post('program', `/api/v1/projects/${settled}/assets`, operatingAsset({ value: '90000.00' }), 201)
    ).id as string;
    const form = await agents.v1.get(`/console/village/assets/${asset}/distribute`).expect(200);
    const before = await tableCounts(t.db);
    const res = await agents.v1
      .post(`/console/village/assets/${asset}/distribute`)
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        distributedOn: '2024-12-28',
        'items.0.purpose': 'upkeep',
        'items.0.amount': '10',
      });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<div class="field bad">\s*<label for="f-items.0.amount">[\s\S]*?超过待分配收益/);
    expect(res.text).toContain('value="10"');
    expect(await tableCounts(t.db)).toEqual(before);

    const hid = await household(d, 330, 'partial');
    await write('pg1', `/console/program/assets/${asset}/transfer`, {
      'to.type': 'household',
      'to.householdId': hid,
      docNo: '郾乡振移〔2024〕3号',
      transferredOn: '2024-12-01',
    });
    const dispose = await write('pg1', `/console/program/assets/${asset}/dispose`, {
      method: 'sale',
      villageAssemblyOn: '2025-01-05',
      townshipApprovedOn: '2025-01-10',
      countyApprovedOn: '2025-01-15',
      disposedOn: '2025-01-20',
      proceeds: '3,500',
      proceedsTo: 'village_collective',
    });
    expect(dispose.confirm).toContain('叁仟伍佰元整');
    const shown = await agents.pg1.get(`/console/program/assets/${asset}`).expect(200);
    expect(shown.text).toContain('已处置');
    expect(shown.text).not.toContain('>处置</a>');
  });

  it('program cancels an approved project (终止): the money back to the pool, the reason on its page', async () => {
    const id = await d.projectFunded([{ fundId: fund, amount: '80000.00' }], { start: false });
    const before = await agents.pg1.get(`/console/program/projects/${id}`).expect(200);
    expect(before.text).toContain(`href="/console/program/projects/${id}/cancel"`);
    const { confirm, done } = await write('pg1', `/console/program/projects/${id}/cancel`, {
      cancelledOn: '2024-03-20',
      reason: '村民代表大会决议改变建设地点，本项目不再实施',
    });
    expect(textOf(confirm)).toContain('退回资金池 80,000.00 元 （人民币捌万元整）');
    expect(textOf(done)).toContain('项目已终止');
    expect(textOf(done)).toContain('退回资金池 80,000.00 元');
    const after = await agents.pg1.get(`/console/program/projects/${id}`).expect(200);
    expect(textOf(after.text)).toContain('状态 已终止');
    expect(textOf(after.text)).toContain('2024-03-20：村民代表大会决议改变建设地点');
    expect(after.text).not.toContain(`/${id}/cancel"`);
  });

  it('every link of each role’s 工作台 opens the page where the work is done', async () => {
    await consoleUser(t, 'fin1', 'finance', COUNTY);
    agents.fin1 = request.agent(t.app.getHttpServer());
    expect((await signIn(agents.fin1, 'fin1')).status).toBe(303);
    const broken: string[] = [];
    let projectLinks = 0;
    for (const who of ['v1', 'tw1', 'pg1', 'fin1']) {
      const home = await agents[who].get('/console').expect(200);
      const main = home.text.slice(home.text.indexOf('<main'));
      const links = [...main.matchAll(/href="(\/(?:console|public)\/[^"#?]+)/g)].map((m) => m[1]);
      projectLinks += links.filter((l) => l.includes('/projects/')).length;
      for (const link of links) {
        const res = await agents[who].get(link);
        if (res.status !== 200) broken.push(`${who} ${link}: ${res.status}`);
      }
    }
    expect(broken).toEqual([]);
    expect(projectLinks).toBeGreaterThan(0);
  });
});
