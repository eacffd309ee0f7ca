import { createHash, randomUUID } from 'node:crypto';
import { ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';
import { journalText } from './notice-fixtures';

describe('objections (异议): anyone files, the issuing side answers, the contact stays private', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let noticeId: string;
  let ip = 0;
  /** A fresh client address per call, so that only the rate-limit test meets the limit. */
  const from = () => `10.2.${Math.floor(++ip / 250)}.${ip % 250}`;
  const file = (body: Record<string, unknown>, client = from()) =>
    t.http().post(`/api/v1/notices/${noticeId}/objections`).set('X-Forwarded-For', client).send(body);
  const summary = '公示名单中的张某某家庭已于去年迁出本村,不应列入受益户';
  const contact = '联系电话 13912345678';

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    const id = await d.apply();
    noticeId = (await d.notice(id, 'application')).id; // 2024-02-01 to 02-08
  });
  afterAll(() => t.close());

  it('files without login; shows summary and dates, never the contact; neither text is in the journal', async () => {
    const res = await file({ summary, contact, receivedOn: '2024-02-03' }).expect(201);
    expect(res.body).toMatchObject({ id: expect.any(String), noticeId, status: 'open', book: '411103000000' });
    const view = (await t.http().get(`/api/v1/notices/${noticeId}`).expect(200)).body;
    expect(view.objections).toEqual([{ id: res.body.id, summary, receivedOn: '2024-02-03', status: 'open' }]);
    expect(view.openObjections).toBe(1);
    expect(JSON.stringify(view)).not.toContain('13912345678');
    const listed = (await t.http().get(`/api/v1/notices?projectId=${view.projectId}`).expect(200)).body;
    expect(JSON.stringify(listed)).not.toContain('13912345678');

    const chain = await journalText(t);
    expect(chain).not.toContain('13912345678');
    expect(chain).not.toContain('张某某');
    expect(chain).toContain(createHash('sha256').update(summary, 'utf8').digest('hex'));
    const [row] = await t.db.query(`SELECT contact FROM objection_submission WHERE objection_id = $1`, [res.body.id]);
    expect(row.contact).toBe(contact);
  });

  it('the issuing side resolves once, not before the objection was received; the answer is public', async () => {
    const oid = (await file({ summary: '项目预算偏高', receivedOn: '2024-02-04' }).expect(201)).body.id;
    const url = `/api/v1/notices/${noticeId}/objections/${oid}/resolve`;
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ['otherVillage', { resolution: '已核实', resolvedOn: '2024-02-05' }, 403, 'OUT_OF_SCOPE'],
      ['program', { resolution: '已核实', resolvedOn: '2024-02-05' }, 403, 'FORBIDDEN'],
      ['village', { resolution: '已核实', resolvedOn: '2024-02-03' }, 422, 'DATE_ORDER'],
      ['village', { resolution: '', resolvedOn: '2024-02-05' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [who, body, status, code] of cases) {
      const before = await tableCounts(t.db);
      expect((await t.http().post(url).set(d.as(who)).send(body).expect(status)).body.code).toBe(code);
      expect(await tableCounts(t.db)).toEqual(before);
    }
    await d.post(
      'village',
      url,
      { resolution: '经村民代表会议核实,预算按定额编制,无误', resolvedOn: '2024-02-05' },
      200,
    );
    const again = await d.post('village', url, { resolution: '再次答复', resolvedOn: '2024-02-06' }, 409);
    expect(again.code).toBe('INVALID_STATE');
    const view = (await t.http().get(`/api/v1/notices/${noticeId}`)).body;
    expect(view.objections.find((o: { id: string }) => o.id === oid)).toEqual({
      id: oid,
      summary: '项目预算偏高',
      receivedOn: '2024-02-04',
      status: 'resolved',
      resolution: '经村民代表会议核实,预算按定额编制,无误',
      resolvedOn: '2024-02-05',
    });
  });

  it.each([
    [
      'a summary over 2 000 characters',
      { summary: '异'.repeat(2001), receivedOn: '2024-02-03' },
      400,
      'VALIDATION_FAILED',
    ],
    ['a date in the future', { summary: '有异议', receivedOn: '2999-01-01' }, 400, 'VALIDATION_FAILED'],
    ['a date before the notice', { summary: '有异议', receivedOn: '2024-01-31' }, 422, 'DATE_ORDER'],
    ['an unknown field', { summary: '有异议', receivedOn: '2024-02-03', name: '张三' }, 400, 'VALIDATION_FAILED'],
  ])('refuses %s, writing nothing', async (_name, body, status, code) => {
    const before = await tableCounts(t.db);
    expect((await file(body).expect(status)).body.code).toBe(code);
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('404 for a notice that does not exist', async () => {
    const res = await t
      .http()
      .post(`/api/v1/notices/${randomUUID()}/objections`)
      .set('X-Forwarded-For', from())
      .send({ summary: '有异议', receivedOn: '2024-02-03' })
      .expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('limits each client address to 5 a minute (429), others are unaffected', async () => {
    const client = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await file({ summary: `第${i}条异议`, receivedOn: '2024-02-03' }, client)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const limited = await file({ summary: '又一条', receivedOn: '2024-02-03' }, client).expect(429);
    expect(limited.body).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    await file({ summary: '别人的异议', receivedOn: '2024-02-03' }).expect(201);
  });
});
