import { ReplayService } from '../../src/journal/replay/replay.service';
import { businessToday } from '../../src/common/business-date';
import { DATES, plusDays, ProjectDriver, projectTokens } from '../support/project-fixtures';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';

/**
 * 先公示、后实施: review after the application notice, start after the approval notice, final
 * payment after the completion notice — each needs the notice, its period over, no open objection.
 */
describe('notice gates: no step before its notice period is over or while an objection is open', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let fund: string;

  beforeAll(async () => {
    t = await createTestApp();
    d = new ProjectDriver(t, await projectTokens(t));
    d.autoNotices = false;
    fund = await d.countyFund('1000000.00');
  });
  afterAll(() => t.close());

  const objection = async (noticeId: string, receivedOn: string) =>
    (
      await t
        .http()
        .post(`/api/v1/notices/${noticeId}/objections`)
        .set('X-Forwarded-For', `10.1.0.${Math.floor(Math.random() * 250)}`)
        .send({ summary: '公示的受益户数与实际不符', receivedOn })
        .expect(201)
    ).body.id as string;
  const resolve = (who: string, noticeId: string, oid: string, resolvedOn: string) =>
    d.post(
      who,
      `/api/v1/notices/${noticeId}/objections/${oid}/resolve`,
      { resolution: '经村民代表会议核实,受益户数无误', resolvedOn },
      200,
    );

  /** The step is refused with the code, and nothing is written. */
  async function refused(run: () => Promise<unknown>, code: string) {
    const before = await tableCounts(t.db);
    const body = (await run()) as { code: string; details?: unknown };
    expect(body.code).toBe(code);
    expect(await tableCounts(t.db)).toEqual(before);
    return body;
  }

  it('review: NOTICE_REQUIRED, NOTICE_PERIOD_NOT_OVER through periodEnd, then OBJECTION_UNRESOLVED', async () => {
    const id = await d.apply();
    await refused(() => d.review(id, DATES.reviewed, 'approve', 409), 'NOTICE_REQUIRED');
    const notice = await d.notice(id, 'application'); // 2024-02-01 to 02-08
    const early = await refused(() => d.review(id, '2024-02-08', 'approve', 409), 'NOTICE_PERIOD_NOT_OVER');
    expect(early.details).toMatchObject({ noticeId: notice.id, periodEnd: '2024-02-08', date: '2024-02-08' });
    const oid = await objection(notice.id, '2024-02-05');
    const blocked = await refused(() => d.review(id, '2024-02-10', 'approve', 409), 'OBJECTION_UNRESOLVED');
    expect(blocked.details).toMatchObject({ objections: [oid] });
    await resolve('village', notice.id, oid, '2024-02-09');
    expect(await d.review(id, '2024-02-10')).toMatchObject({ status: 'reviewed', reviewedOn: '2024-02-10' });
  });

  it('a rejection needs no notice: it stops the project', async () => {
    const id = await d.apply();
    expect(await d.review(id, DATES.reviewed, 'reject')).toMatchObject({ status: 'rejected' });
  });

  it('start: the approval notice, its period and its objections', async () => {
    const id = await d.apply();
    await d.notice(id, 'application');
    await d.review(id);
    await d.approve(id, [{ fundId: fund, amount: '10000.00' }]);
    await refused(
      () => d.post('program', `/api/v1/projects/${id}/start`, { startedOn: DATES.started }, 409),
      'NOTICE_REQUIRED',
    );
    const notice = await d.notice(id, 'approval'); // 2024-03-01 to 03-11
    await refused(
      () => d.post('program', `/api/v1/projects/${id}/start`, { startedOn: '2024-03-11' }, 409),
      'NOTICE_PERIOD_NOT_OVER',
    );
    const oid = await objection(notice.id, '2024-03-04');
    await refused(
      () => d.post('program', `/api/v1/projects/${id}/start`, { startedOn: '2024-03-12' }, 409),
      'OBJECTION_UNRESOLVED',
    );
    // Only the issuing side (the county program office) answers an approval notice's objection.
    await refused(
      () =>
        d.post(
          'village',
          `/api/v1/notices/${notice.id}/objections/${oid}/resolve`,
          { resolution: '已核实', resolvedOn: '2024-03-06' },
          403,
        ),
      'FORBIDDEN',
    );
    await resolve('program', notice.id, oid, '2024-03-06');
    expect(await d.post('program', `/api/v1/projects/${id}/start`, { startedOn: '2024-03-12' }, 200)).toMatchObject({
      status: 'in_progress',
    });
  });

  it('final payment: the completion notice, its period and its objections; other payments are not held', async () => {
    const id = await d.apply();
    await d.notice(id, 'application');
    await d.review(id);
    await d.approve(id, [{ fundId: fund, amount: '10000.00' }]);
    await d.notice(id, 'approval');
    await d.start(id);
    await d.pay(id, { amount: '5000.00', paidOn: '2024-05-01' });
    await d.complete(id);
    await d.accept(id, '9000.00'); // 2024-10-15, retention 270
    const final = (paidOn: string, status: number) => d.pay(id, { kind: 'final', amount: '3730.00', paidOn }, status);
    await refused(() => final('2024-10-21', 409), 'NOTICE_REQUIRED');
    const notice = await d.notice(id, 'completion'); // 2024-10-15 to 10-20
    await refused(() => final('2024-10-20', 409), 'NOTICE_PERIOD_NOT_OVER');
    const oid = await objection(notice.id, '2024-10-16');
    await refused(() => final('2024-10-21', 409), 'OBJECTION_UNRESOLVED');
    await resolve('township', notice.id, oid, '2024-10-18');
    expect(await final('2024-10-21', 201)).toMatchObject({ kind: 'final', amount: '3730.00' });
  });

  it('a correction replaces the notice it corrects; an objection on the original still holds', async () => {
    const id = await d.apply();
    const original = await d.notice(id, 'application'); // 2024-02-01 to 02-08
    const oid = await objection(original.id, '2024-02-03');
    const correction = await d.notice(id, 'application', {
      periodStart: '2024-02-04',
      periodEnd: '2024-02-12',
      correctsNoticeId: original.id,
    });
    const view = (await t.http().get(`/api/v1/notices/${original.id}`).expect(200)).body;
    expect(view.correctedBy).toBe(correction.id);
    expect((await t.http().get(`/api/v1/notices/${correction.id}`)).body.content.correctsNoticeId).toBe(original.id);
    // Only the current notice may be corrected, by a notice of the same type.
    const twice = await d.notice(
      id,
      'application',
      { periodStart: '2024-02-05', periodEnd: '2024-02-12', correctsNoticeId: original.id },
      409,
    );
    expect(twice).toMatchObject({ code: 'INVALID_STATE', details: { correctedBy: correction.id } });

    // The original's period is over on 02-10, the correction's is not.
    await refused(() => d.review(id, '2024-02-10', 'approve', 409), 'NOTICE_PERIOD_NOT_OVER');
    await refused(() => d.review(id, '2024-02-13', 'approve', 409), 'OBJECTION_UNRESOLVED');
    await resolve('village', original.id, oid, '2024-02-05');
    expect(await d.review(id, '2024-02-13')).toMatchObject({ status: 'reviewed' });
  });

  it('a shorter correction is refused like any short notice', async () => {
    const id = await d.apply();
    const original = await d.notice(id, 'application');
    const res = await d.notice(
      id,
      'application',
      { periodStart: '2024-02-02', periodEnd: '2024-02-05', correctsNoticeId: original.id },
      422,
    );
    expect(res.code).toBe('NOTICE_PERIOD_TOO_SHORT');
  });

  it('a notice may go on the board tomorrow: its entry is dated today, and the gate waits for its end', async () => {
    const today = businessToday();
    const id = await d.apply({ appliedOn: today, plannedStart: undefined, plannedEnd: undefined });
    const tomorrow = plusDays(today, 1);
    const notice = await d.notice(id, 'application', { periodStart: tomorrow });
    const view = (await t.http().get(`/api/v1/notices/${notice.id}`).expect(200)).body;
    expect(view).toMatchObject({ periodStart: tomorrow, periodEnd: plusDays(tomorrow, 7), issuedOn: today });
    await refused(() => d.review(id, today, 'approve', 409), 'NOTICE_PERIOD_NOT_OVER');
    const far = await d.notice(
      id,
      'application',
      { periodStart: plusDays(today, 31), correctsNoticeId: notice.id },
      400,
    );
    expect(far.code).toBe('VALIDATION_FAILED');
  });

  it('racing publications of the same notice: one is published, the others are told to correct it', async () => {
    const id = await d.apply();
    const body = {
      type: 'application',
      projectId: id,
      periodStart: DATES.applied,
      periodEnd: plusDays(DATES.applied, 7),
      issuer: '后街村村民委员会',
    };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => t.http().post('/api/v1/notices').set(d.as('village')).send(body)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'ALREADY_EXISTS')).toBe(true);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM notice WHERE project_id = $1`, [id]);
    expect(n).toBe(1);
    // The same Idempotency-Key answers the first result again.
    const other = await d.apply();
    const send = () =>
      t
        .http()
        .post('/api/v1/notices')
        .set(d.as('village'))
        .set('Idempotency-Key', `notice-${other}`)
        .send({ ...body, projectId: other });
    const first = await send().expect(201);
    expect((await send().expect(201)).body).toEqual(first.body);
  });

  it('the projections, notices and objections included, rebuild from the journal', async () => {
    const report = await t.app.get(ReplayService).check();
    expect(report.ok).toBe(true);
    expect(report.tables.find((x) => x.table === 'objection')?.rows).toBe(4);
  });
});
