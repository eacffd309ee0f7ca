import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { appConfig, type AppConfig } from '../../src/config/app.config';
import { HouseholdKeyService } from '../../src/households/household-key.service';
import { openIdNumber } from '../../src/households/household-crypto';
import { idCheckChar } from '../../src/households/id-number';
import { JournalService } from '../../src/journal/journal.service';
import { ReplayService } from '../../src/journal/replay/replay.service';
import { RegionsService } from '../../src/regions/regions.service';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';

const COUNTY = '411103000000';
const TOWNSHIP = '411103100000';
const VILLAGE_A = '411103100201';
const VILLAGE_B = '411103100202';
const OTHER_TOWNSHIP_VILLAGE = '411103101201';
/** A second county, added for the test: its households are in another book. */
const COUNTY_2 = '411104000000';
const VILLAGE_C = '411104100201';
/** Anything that looks like a full ID number: 17 digits and a digit or X. */
const FULL_ID = /\d{17}[\dXx]/;

/** A valid ID number of someone born 1985-03-15 in 郾城区, sequence n. */
const idFor = (n: number) => {
  const first17 = `41110319850315${String(n).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
};

describe('households: registration, privacy of the ID number, exit', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const household = (over: Record<string, unknown> = {}) => ({
    headName: '王建国',
    idNumber: idFor(1),
    regionCode: VILLAGE_A,
    members: 4,
    laborCapacity: 'partial',
    category: 'lifted',
    since: '2016-05-10',
    ...over,
  });
  /** Every response body of the test, checked at the end for anything like a full ID number. */
  const seen: string[] = [];
  const record = <T extends { text: string }>(res: T) => (seen.push(res.text), res);
  const register = async (who: string, over: Record<string, unknown>) =>
    record(await t.http().post('/api/v1/households').set(as(who)).send(household(over)).expect(201)).body;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.get(RegionsService).upsertMany([
      { code: COUNTY_2, name: '召陵区', parentCode: '411100000000' },
      { code: '411104100000', name: '天桥街道', parentCode: COUNTY_2 },
      { code: VILLAGE_C, name: '天桥街道 东村', parentCode: '411104100000' },
    ]);
    tokens.a = await t.tokenFor('village', VILLAGE_A);
    tokens.b = await t.tokenFor('village', VILLAGE_B);
    tokens.c = await t.tokenFor('village', VILLAGE_C);
    tokens.township = await t.tokenFor('township', TOWNSHIP);
    tokens.auditor = await t.tokenFor('auditor', COUNTY);
    tokens.finance = await t.tokenFor('finance', COUNTY);
  });
  afterAll(() => t.close());

  it('registers, reads and lists a household; the ID number is masked in every answer', async () => {
    const created = record(await t.http().post('/api/v1/households').set(as('a')).send(household()).expect(201));
    const id = created.body.id;
    expect(created.body).toEqual({
      id,
      headName: '王建国',
      idNumberMasked: `411103********${idFor(1).slice(14)}`,
      regionCode: VILLAGE_A,
      book: COUNTY,
      members: 4,
      laborCapacity: 'partial',
      category: 'lifted',
      since: '2016-05-10',
      until: null,
      exitReason: null,
      status: 'listed',
    });
    for (const who of ['a', 'township', 'auditor']) {
      const got = record(await t.http().get(`/api/v1/households/${id}`).set(as(who)).expect(200));
      expect(got.body).toEqual(created.body);
    }
    const listed = record(
      await t.http().get(`/api/v1/households?regionCode=${VILLAGE_A}`).set(as('auditor')).expect(200),
    );
    expect(listed.body).toEqual({ items: [created.body], nextCursor: null });
    const own = record(await t.http().get('/api/v1/households').set(as('a')).expect(200));
    expect(own.body.items.map((h: { id: string }) => h.id)).toEqual([id]);

    // At rest: iv ‖ tag ‖ ciphertext, which decrypts with the key, and no plain ID anywhere in the row.
    const [row] = await t.db.query(
      `SELECT id_number_sealed, id_number_hmac, h::text AS text FROM household h WHERE id = $1`,
      [id],
    );
    expect(row.id_number_sealed).toHaveLength(12 + 16 + 18);
    expect(row.id_number_hmac).toHaveLength(32);
    for (const bytes of [row.id_number_sealed, row.id_number_hmac]) {
      expect(bytes.toString('latin1')).not.toContain(idFor(1));
      expect(bytes.toString('hex')).not.toContain(Buffer.from(idFor(1)).toString('hex'));
    }
    expect(row.text).not.toContain(idFor(1));
    expect(openIdNumber(t.app.get(HouseholdKeyService).keys().encryption, row.id_number_sealed, id)).toBe(idFor(1));

    // The journal: an entry in the county book without the ID number or the name.
    const [entry] = await t.app.get(JournalService).timeline(`household:${id}`);
    expect(entry.document).toMatchObject({
      book: COUNTY,
      type: 'household.registered',
      occurredOn: '2016-05-10',
      subjects: [`household:${id}`],
      postings: [],
    });
    expect(entry.document.payload).toEqual({
      householdId: id,
      regionCode: VILLAGE_A,
      members: 4,
      laborCapacity: 'partial',
      category: 'lifted',
      since: '2016-05-10',
    });
    expect(entry.canonical).not.toMatch(FULL_ID);
    expect(entry.canonical).not.toContain(idFor(1).slice(6, 14));
    expect(entry.canonical).not.toContain('王建国');
  });

  it('pages through a list with limit and cursor', async () => {
    await register('b', { idNumber: idFor(2), regionCode: VILLAGE_B });
    await register('b', { idNumber: idFor(3), regionCode: VILLAGE_B });
    await register('b', { idNumber: idFor(4), regionCode: VILLAGE_B });
    const first = record(
      await t.http().get(`/api/v1/households?regionCode=${VILLAGE_B}&limit=2`).set(as('b')).expect(200),
    );
    expect(first.body.items).toHaveLength(2);
    const second = record(
      await t
        .http()
        .get(`/api/v1/households?regionCode=${VILLAGE_B}&limit=2&cursor=${first.body.nextCursor}`)
        .set(as('b'))
        .expect(200),
    );
    expect(second.body).toMatchObject({
      nextCursor: null,
      items: [expect.objectContaining({ regionCode: VILLAGE_B })],
    });
    const ids = [...first.body.items, ...second.body.items].map((h: { id: string }) => h.id);
    expect(new Set(ids).size).toBe(3);
    const township = record(await t.http().get('/api/v1/households').set(as('township')).expect(200));
    expect(township.body.items).toHaveLength(4);
  });

  it('takes a lowercase x as X: one person, one household', async () => {
    const lower = '41110319870620002x'; // check character X: 222 mod 11 = 2 (see id-number.spec.ts)
    const created = await register('a', { idNumber: lower });
    expect(created.idNumberMasked).toBe('411103********002X');
    const before = await tableCounts(t.db);
    const again = record(
      await t
        .http()
        .post('/api/v1/households')
        .set(as('a'))
        .send(household({ idNumber: lower.toUpperCase(), headName: '王二' }))
        .expect(409),
    );
    expect(again.body.code).toBe('DUPLICATE_HOUSEHOLD');
    expect(await tableCounts(t.db)).toEqual(before);
  });

  it('refuses a second household with the same ID number anywhere, also under concurrent requests', async () => {
    await register('a', { idNumber: idFor(10) });
    // The county book of village C exists before we count: the journal creates a book's head row
    // when it first locks the book, even for an append that then fails.
    await register('c', { idNumber: idFor(9), regionCode: VILLAGE_C });
    let before = await tableCounts(t.db);
    const elsewhere = record(
      await t
        .http()
        .post('/api/v1/households')
        .set(as('c'))
        .send(household({ idNumber: idFor(10), regionCode: VILLAGE_C }))
        .expect(409),
    );
    expect(elsewhere.body).toMatchObject({ statusCode: 409, code: 'DUPLICATE_HOUSEHOLD' });
    expect(await tableCounts(t.db)).toEqual(before);

    // Five at once in one book: one wins, the others are told why.
    before = await tableCounts(t.db);
    const sameBook = await Promise.all(
      Array.from({ length: 5 }, () =>
        t
          .http()
          .post('/api/v1/households')
          .set(as('a'))
          .send(household({ idNumber: idFor(11) })),
      ),
    );
    sameBook.forEach(record);
    expect(sameBook.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(sameBook.filter((r) => r.status === 409).every((r) => r.body.code === 'DUPLICATE_HOUSEHOLD')).toBe(true);
    const after = await tableCounts(t.db);
    expect(after.household).toBe(before.household + 1);
    expect(after.journal_entry).toBe(before.journal_entry + 1);

    // Across two county books (two transactions racing on the unique index): still exactly one.
    const acrossBooks = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t
          .http()
          .post('/api/v1/households')
          .set(as(i % 2 ? 'c' : 'a'))
          .send(household({ idNumber: idFor(12), regionCode: i % 2 ? VILLAGE_C : VILLAGE_A })),
      ),
    );
    acrossBooks.forEach(record);
    expect(acrossBooks.filter((r) => r.status === 201)).toHaveLength(1);
    expect(acrossBooks.filter((r) => r.status === 409 && r.body.code === 'DUPLICATE_HOUSEHOLD')).toHaveLength(5);
    // One registration entry per household row, never one without the other.
    const [{ entries, rows }] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM journal_entry WHERE type = 'household.registered') AS entries,
              (SELECT count(*)::int FROM household) AS rows`,
    );
    expect(entries).toBe(rows);
  });

  it('keeps each village to its own households; auditors read but never write', async () => {
    const mine = await register('a', { idNumber: idFor(20) });
    record(await t.http().get(`/api/v1/households/${mine.id}`).set(as('auditor')).expect(200));
    const notYours = record(await t.http().get(`/api/v1/households/${mine.id}`).set(as('b')).expect(403));
    expect(notYours.body.code).toBe('OUT_OF_SCOPE');
    expect(
      record(await t.http().get(`/api/v1/households?regionCode=${VILLAGE_A}`).set(as('b')).expect(403)).body.code,
    ).toBe('OUT_OF_SCOPE');
    const ownList = record(await t.http().get('/api/v1/households').set(as('b')).expect(200));
    expect(ownList.body.items.every((h: { regionCode: string }) => h.regionCode === VILLAGE_B)).toBe(true);
    expect(record(await t.http().get(`/api/v1/households/${mine.id}`).set(as('c')).expect(403)).body.code).toBe(
      'OUT_OF_SCOPE',
    );
    const byTownship = await register('township', { idNumber: idFor(21), regionCode: VILLAGE_B });
    expect(byTownship).toMatchObject({ regionCode: VILLAGE_B, status: 'listed' });
  });

  it('takes a household off the list once, from a date not before it was listed', async () => {
    const h = await register('a', { idNumber: idFor(30), since: '2019-01-01' });
    const exited = record(
      await t
        .http()
        .post(`/api/v1/households/${h.id}/exit`)
        .set(as('a'))
        .send({ until: '2024-12-31', reason: '稳定脱贫' })
        .expect(201),
    );
    expect(exited.body).toEqual({ ...h, until: '2024-12-31', exitReason: '稳定脱贫', status: 'exited' });
    expect(record(await t.http().get(`/api/v1/households/${h.id}`).set(as('auditor')).expect(200)).body.status).toBe(
      'exited',
    );
    const timeline = await t.app.get(JournalService).timeline(`household:${h.id}`);
    expect(timeline.map((e) => e.document.type)).toEqual(['household.registered', 'household.exited']);
    expect(timeline[1].document).toMatchObject({
      book: COUNTY,
      occurredOn: '2024-12-31',
      payload: { householdId: h.id, regionCode: VILLAGE_A, until: '2024-12-31', reason: '稳定脱贫' },
    });

    const sameDay = await register('township', { idNumber: idFor(31), since: '2020-06-01' });
    const bySameDay = record(
      await t
        .http()
        .post(`/api/v1/households/${sameDay.id}/exit`)
        .set(as('township'))
        .send({ until: '2020-06-01', reason: '自然减少' })
        .expect(201),
    );
    expect(bySameDay.body).toMatchObject({ until: '2020-06-01', status: 'exited' });
  });

  describe('bad input: a coded error, and nothing written', () => {
    let listed: string;
    let gone: string;
    beforeAll(async () => {
      listed = (await register('a', { idNumber: idFor(40), since: '2018-03-01' })).id;
      gone = (await register('a', { idNumber: idFor(41), since: '2018-03-01' })).id;
      await t
        .http()
        .post(`/api/v1/households/${gone}/exit`)
        .set(as('a'))
        .send({ until: '2023-01-01', reason: '稳定脱贫' })
        .expect(201);
    });
    const wrongCheck = idFor(50).slice(0, 17) + (idFor(50)[17] === '0' ? '1' : '0');
    const badDate = '41110319850230001' + idCheckChar('41110319850230001');
    const exit = (id: () => string, body: Record<string, unknown>) => () =>
      [`/api/v1/households/${id()}/exit`, body] as [string, Record<string, unknown>];
    const create = (over: Record<string, unknown>) => () =>
      ['/api/v1/households', household({ idNumber: idFor(60), ...over })] as [string, Record<string, unknown>];

    const cases: Array<[string, string, () => [string, Record<string, unknown>], number, string]> = [
      ['an ID number with a wrong check digit', 'a', create({ idNumber: wrongCheck }), 400, 'VALIDATION_FAILED'],
      ['an ID number with 30 February as birth date', 'a', create({ idNumber: badDate }), 400, 'VALIDATION_FAILED'],
      ['an ID number of 17 characters', 'a', create({ idNumber: idFor(60).slice(0, 17) }), 400, 'VALIDATION_FAILED'],
      ['an ID number as a JSON number', 'a', create({ idNumber: 411103198503150 }), 400, 'VALIDATION_FAILED'],
      ['no head of household', 'a', create({ headName: undefined }), 400, 'VALIDATION_FAILED'],
      ['0 members', 'a', create({ members: 0 }), 400, 'VALIDATION_FAILED'],
      ['31 members', 'a', create({ members: 31 }), 400, 'VALIDATION_FAILED'],
      ['members as a string', 'a', create({ members: '4' }), 400, 'VALIDATION_FAILED'],
      ['an unknown labour capacity', 'a', create({ laborCapacity: 'some' }), 400, 'VALIDATION_FAILED'],
      ['an unknown category', 'a', create({ category: 'poor' }), 400, 'VALIDATION_FAILED'],
      ['a future date', 'a', create({ since: '2999-01-01' }), 400, 'VALIDATION_FAILED'],
      ['an unknown field', 'a', create({ phone: '13800000000' }), 400, 'VALIDATION_FAILED'],
      ['a township as the region', 'township', create({ regionCode: TOWNSHIP }), 400, 'VALIDATION_FAILED'],
      ['a village that does not exist', 'township', create({ regionCode: '411103100299' }), 404, 'NOT_FOUND'],
      ["another village's household", 'a', create({ regionCode: VILLAGE_B }), 403, 'OUT_OF_SCOPE'],
      ["another township's village", 'township', create({ regionCode: OTHER_TOWNSHIP_VILLAGE }), 403, 'OUT_OF_SCOPE'],
      ['an auditor registering', 'auditor', create({}), 403, 'FORBIDDEN'],
      ['finance registering', 'finance', create({}), 403, 'FORBIDDEN'],
      [
        'an exit before the listing date',
        'a',
        exit(() => listed, { until: '2018-02-28', reason: '稳定脱贫' }),
        422,
        'DATE_ORDER',
      ],
      ['a second exit', 'a', exit(() => gone, { until: '2024-01-01', reason: '稳定脱贫' }), 409, 'INVALID_STATE'],
      [
        'an exit in the future',
        'a',
        exit(() => listed, { until: '2999-01-01', reason: '稳定脱贫' }),
        400,
        'VALIDATION_FAILED',
      ],
      ['an exit without a reason', 'a', exit(() => listed, { until: '2024-01-01' }), 400, 'VALIDATION_FAILED'],
      [
        'an exit by another village',
        'b',
        exit(() => listed, { until: '2024-01-01', reason: '稳定脱贫' }),
        403,
        'OUT_OF_SCOPE',
      ],
      [
        'an exit by an auditor',
        'auditor',
        exit(() => listed, { until: '2024-01-01', reason: '稳定脱贫' }),
        403,
        'FORBIDDEN',
      ],
      [
        'an exit of a household that does not exist',
        'a',
        exit(() => '3f2b0c7e-0000-4000-8000-000000000000', { until: '2024-01-01', reason: '稳定脱贫' }),
        404,
        'NOT_FOUND',
      ],
    ];

    it.each(cases)('%s', async (_name, who, request, status, code) => {
      const before = await tableCounts(t.db);
      const [url, body] = request();
      const res = record(await t.http().post(url).set(as(who)).send(body).expect(status));
      expect(res.body.code).toBe(code);
      expect(await tableCounts(t.db)).toEqual(before);
    });

    it('refuses a malformed cursor or region on the list', async () => {
      expect(record(await t.http().get('/api/v1/households?cursor=abc').set(as('a')).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      expect(record(await t.http().get('/api/v1/households?regionCode=4111').set(as('a')).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      expect(record(await t.http().get('/api/v1/households/not-a-uuid').set(as('a')).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
    });
  });

  it('replays an idempotent registration byte for byte and stores it once, masked', async () => {
    const send = () =>
      t
        .http()
        .post('/api/v1/households')
        .set(as('a'))
        .set('Idempotency-Key', 'hh-77')
        .send(household({ idNumber: idFor(77) }));
    const first = record(await send().expect(201));
    const again = record(await send().expect(201));
    expect(again.text).toBe(first.text);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM household WHERE region_code = $1 AND id = $2`, [
      VILLAGE_A,
      first.body.id,
    ]);
    expect(n).toBe(1);
    const stored = await t.db.query(`SELECT response_body FROM idempotency_record WHERE key = 'hh-77'`);
    expect(stored[0].response_body).not.toMatch(FULL_ID);
  });

  it('keeps the key in DATA_DIR (mode 600) and refuses to write with another key', async () => {
    const keys = t.app.get(HouseholdKeyService);
    const config = t.app.get<AppConfig>(appConfig.KEY);
    if (!config.householdKey) expect(statSync(join(config.dataDir, 'household-key')).mode & 0o777).toBe(0o600);
    await expect(t.db.transaction((em) => keys.assertSameKey(em))).resolves.toBeUndefined();
    const other = new HouseholdKeyService({ ...config, householdKey: randomBytes(32).toString('base64') });
    await expect(t.db.transaction((em) => other.assertSameKey(em))).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('never answered with anything like a full ID number', () => {
    expect(seen.length).toBeGreaterThan(40);
    for (const text of seen) expect(text).not.toMatch(FULL_ID);
  });

  it('leaves the projections consistent with the journal', async () => {
    const report = await t.app.get(ReplayService).check();
    expect(report.ok).toBe(true);
    expect(report.tables.map((x) => x.table)).not.toContain('household');
  });
});
