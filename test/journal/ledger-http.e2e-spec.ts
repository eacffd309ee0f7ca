import { AddressInfo } from 'node:net';
import { JournalService } from '../../src/journal/journal.service';
import {
  publicKeyFrom,
  verifyCheckpointConsistency,
  verifyEntryInclusion,
} from '../../src/journal/verify/proof-verifier';
import { verifyRemoteEntry } from '../../src/journal/verify/remote-proof';
import { COUNTY_BOOK, receiveFund, spend } from '../support/journal-fixtures';
import { createTestApp, tableCounts, TestApp } from '../support/test-app';

describe('ledger routes: entries, verification, checkpoints, proofs, reversal', () => {
  let t: TestApp;
  let journal: JournalService;
  let finance: string;
  let auditor: string;
  let fund: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
    journal = t.app.get(JournalService);
    finance = await t.tokenFor('finance', COUNTY_BOOK);
    auditor = await t.tokenFor('auditor', COUNTY_BOOK);
    ({ fund } = await receiveFund(journal, COUNTY_BOOK, 100_000n));
    for (let i = 1; i <= 9; i++) await spend(journal, COUNTY_BOOK, fund, BigInt(i * 100));
  });
  afterAll(() => t.close());

  it('lists entries with postings in yuan and hashes to an auditor, not to a village', async () => {
    const res = await t
      .http()
      .get(`/api/v1/ledger/entries?book=${COUNTY_BOOK}&fromSeq=2&limit=2`)
      .set(bearer(auditor))
      .expect(200);
    expect(res.body.map((e: { seq: number }) => e.seq)).toEqual([2, 3]);
    expect(res.body[0]).toMatchObject({ type: 'test.spent', postings: [{ amount: '-1.00' }, { amount: '1.00' }] });
    expect(res.body[1].prevHash).toBe(res.body[0].hash);
    expect(JSON.parse(res.body[0].canonical)).toMatchObject({ v: 1, seq: 2 });
    const village = await t.tokenFor('village', '411103100201');
    await t.http().get(`/api/v1/ledger/entries?book=${COUNTY_BOOK}`).set(bearer(village)).expect(403);
  });

  it('verifies a book over HTTP', async () => {
    const res = await t.http().get(`/api/v1/ledger/verify?book=${COUNTY_BOOK}`).set(bearer(auditor)).expect(200);
    expect(res.body).toEqual({ book: COUNTY_BOOK, ok: true, entries: 10, checkpointsChecked: 0 });
  });

  it('signs checkpoints on demand and serves proofs that verify with the public key alone', async () => {
    const first = await t
      .http()
      .post('/api/v1/ledger/checkpoints')
      .set(bearer(finance))
      .send({ book: COUNTY_BOOK })
      .expect(201);
    expect(first.body).toMatchObject({ book: COUNTY_BOOK, treeSize: 10 });
    await spend(journal, COUNTY_BOOK, fund, 5n);
    await spend(journal, COUNTY_BOOK, fund, 6n);
    const second = await t
      .http()
      .post('/api/v1/ledger/checkpoints')
      .set(bearer(finance))
      .send({ book: COUNTY_BOOK })
      .expect(201);
    expect(second.body.treeSize).toBe(12);

    const { body: keyView } = await t.http().get('/api/v1/ledger/public-key').expect(200);
    const key = publicKeyFrom(keyView.publicKeyRaw);
    const latest = await t.http().get(`/api/v1/ledger/checkpoints/latest?book=${COUNTY_BOOK}`).expect(200);
    expect(latest.body).toEqual(second.body);

    for (const seq of [1, 7, 12]) {
      const { body: p } = await t
        .http()
        .get(`/api/v1/ledger/proofs/inclusion?book=${COUNTY_BOOK}&seq=${seq}`)
        .expect(200);
      expect(p.treeSize).toBe(12);
      expect(
        verifyEntryInclusion(key, { checkpoint: p.checkpoint, entryHash: p.entryHash, seq, proof: p.proof }),
      ).toEqual({ ok: true });
      // A tampered proof, a wrong entry or a forged checkpoint fails.
      const flipped = p.proof.map((h: string, i: number) => (i === 0 ? (h[0] === 'a' ? 'b' : 'a') + h.slice(1) : h));
      expect(
        verifyEntryInclusion(key, { checkpoint: p.checkpoint, entryHash: p.entryHash, seq, proof: flipped }).ok,
      ).toBe(false);
      expect(
        verifyEntryInclusion(key, { checkpoint: p.checkpoint, entryHash: p.leafHash, seq, proof: p.proof }).ok,
      ).toBe(false);
      const forged = { ...p.checkpoint, body: p.checkpoint.body.replace('\n12\n', '\n13\n') };
      expect(
        verifyEntryInclusion(key, { checkpoint: forged, entryHash: p.entryHash, seq, proof: p.proof }),
      ).toMatchObject({ ok: false });
    }
    const old = await t.http().get(`/api/v1/ledger/proofs/inclusion?book=${COUNTY_BOOK}&seq=3&size=10`).expect(200);
    expect(
      verifyEntryInclusion(key, {
        checkpoint: old.body.checkpoint,
        entryHash: old.body.entryHash,
        seq: 3,
        proof: old.body.proof,
      }).ok,
    ).toBe(true);

    const { body: c } = await t
      .http()
      .get(`/api/v1/ledger/proofs/consistency?book=${COUNTY_BOOK}&from=10&to=12`)
      .expect(200);
    expect(
      verifyCheckpointConsistency(key, { older: c.fromCheckpoint, newer: c.toCheckpoint, proof: c.proof }),
    ).toEqual({ ok: true });
    expect(
      verifyCheckpointConsistency(key, { older: c.fromCheckpoint, newer: c.toCheckpoint, proof: c.proof.slice(1) }).ok,
    ).toBe(false);

    await t.http().get(`/api/v1/ledger/proofs/inclusion?book=${COUNTY_BOOK}&seq=13`).expect(400);
    await t.http().get(`/api/v1/ledger/proofs/inclusion?book=${COUNTY_BOOK}&seq=2&size=99`).expect(400);
  });

  it('lets anyone check an entry against a running service with the verify-proof client', async () => {
    await t.app.listen(0, '127.0.0.1');
    const server = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const { body: keyView } = await t.http().get('/api/v1/ledger/public-key');
    expect(await verifyRemoteEntry(server, COUNTY_BOOK, 5, keyView.publicKeyPem)).toMatchObject({
      ok: true,
      treeSize: 12,
      keySource: 'given',
    });
    const { publicKey: otherKey } = await import('node:crypto').then((c) => c.generateKeyPairSync('ed25519'));
    const foreign = otherKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(await verifyRemoteEntry(server, COUNTY_BOOK, 5, foreign)).toMatchObject({
      ok: false,
      reason: 'checkpoint signature is not valid for this key',
    });
  });

  describe('reversal', () => {
    it('writes a reversal entry that restores the balance, once only', async () => {
      const before = await journal.balance(COUNTY_BOOK, `pool:${COUNTY_BOOK}`, fund);
      const res = await t
        .http()
        .post(`/api/v1/entries/${COUNTY_BOOK}/4/reverse`)
        .set(bearer(finance))
        .send({ reason: '凭证号录入错误', reversedOn: '2024-03-05' })
        .expect(201);
      expect(res.body).toMatchObject({
        type: 'entry.reversed',
        reverses: 4,
        postings: [{ amount: '3.00' }, { amount: '-3.00' }],
      });
      expect(await journal.balance(COUNTY_BOOK, `pool:${COUNTY_BOOK}`, fund)).toBe(before + 300n);
      const original = await journal.entry(COUNTY_BOOK, 4);
      expect(original.document.type).toBe('test.spent');

      const township = await t.tokenFor('finance', '411103100000'); // the county book is above it
      const counts = await tableCounts(t.db);
      const again = await t
        .http()
        .post(`/api/v1/entries/${COUNTY_BOOK}/4/reverse`)
        .set(bearer(finance))
        .send({ reason: 'twice', reversedOn: '2024-03-05' })
        .expect(409);
      expect(again.body.code).toBe('ALREADY_REVERSED');
      const ofReversal = await t
        .http()
        .post(`/api/v1/entries/${COUNTY_BOOK}/${res.body.seq}/reverse`)
        .set(bearer(finance))
        .send({ reason: 'undo', reversedOn: '2024-03-05' })
        .expect(409);
      expect(ofReversal.body.code).toBe('INVALID_STATE');
      const early = await t
        .http()
        .post(`/api/v1/entries/${COUNTY_BOOK}/5/reverse`)
        .set(bearer(finance))
        .send({ reason: 'x', reversedOn: '2024-03-01' })
        .expect(422);
      expect(early.body.code).toBe('DATE_ORDER');
      await t
        .http()
        .post(`/api/v1/entries/${COUNTY_BOOK}/999/reverse`)
        .set(bearer(finance))
        .send({ reason: 'x', reversedOn: '2024-03-05' })
        .expect(404);
      await t
        .http()
        .post(`/api/v1/entries/${COUNTY_BOOK}/5/reverse`)
        .set(bearer(auditor))
        .send({ reason: 'x', reversedOn: '2024-03-05' })
        .expect(403);
      await t
        .http()
        .post(`/api/v1/entries/${COUNTY_BOOK}/5/reverse`)
        .set(bearer(township))
        .send({ reason: 'x', reversedOn: '2024-03-05' })
        .expect(403);
      expect(await tableCounts(t.db)).toEqual(counts);
    });

    it('refuses a reversal that would overdraw the pool', async () => {
      const { fund: small, entry } = await receiveFund(journal, COUNTY_BOOK, 1_000n);
      await spend(journal, COUNTY_BOOK, small, 600n);
      const res = await t
        .http()
        .post(`/api/v1/entries/${COUNTY_BOOK}/${entry.seq}/reverse`)
        .set(bearer(finance))
        .send({ reason: 'doc withdrawn', reversedOn: '2024-03-05' })
        .expect(422);
      expect(res.body).toMatchObject({
        code: 'INSUFFICIENT_FUNDS',
        details: { account: `pool:${COUNTY_BOOK}`, shortBy: '6.00' },
      });
    });
  });
});
