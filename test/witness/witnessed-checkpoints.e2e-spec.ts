import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { verifyJournalFile } from '../../src/exports/journal/offline-verify';
import { JournalService } from '../../src/journal/journal.service';
import { logVkey } from '../../src/journal/witnesses/checkpoint-note';
import { verifyRemoteEntry } from '../../src/journal/verify/remote-proof';
import { parseVkey, rawPublicKey } from '../../src/witness/note';
import { startWitness, StartedWitness } from '../../src/witness/start-witness';
import { TestLog } from '../../src/witness/testing/test-log';
import { checkWitnessed } from '../../src/witness/witnessed';
import { parseLogKeys } from '../../src/witness/witness-config';
import { createWitnessServer } from '../../src/witness/witness-server';
import { COUNTY_BOOK, receiveFund, spend } from '../support/journal-fixtures';
import { createTestApp, TestApp } from '../support/test-app';

interface RunningWitness {
  started: StartedWitness;
  server: Server;
  url: string;
  dir: string;
}

async function runWitness(name: string, logs: string): Promise<RunningWitness> {
  const dir = mkdtempSync(join(tmpdir(), 'sl-witness-e2e-'));
  const privateKey = generateKeyPairSync('ed25519').privateKey;
  const started = await startWitness({ port: 0, name, dir, privateKey, logs: parseLogKeys(logs) });
  const server = createWitnessServer(started.witness);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { started, server, dir, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(w: RunningWitness) {
  await new Promise((r) => w.server.close(r));
  await w.started.close();
  rmSync(w.dir, { recursive: true, force: true });
}

/** A port nothing listens on: bound, then closed. */
async function deadUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

describe('witnessed checkpoints: the county service asks its witnesses and serves their cosignatures', () => {
  const saved = { ...process.env };
  let t: TestApp;
  let journal: JournalService;
  let finance: string;
  let fund: string;
  let countyKey: KeyObject;
  let honest: RunningWitness;
  let forked: RunningWitness;
  let down: { vkey: string; url: string };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const checkpoint = async () =>
    (await t.http().post('/api/v1/ledger/checkpoints').set(bearer(finance)).send({ book: COUNTY_BOOK }).expect(201))
      .body;

  beforeAll(async () => {
    const pair = generateKeyPairSync('ed25519');
    countyKey = pair.privateKey;
    process.env.SIGNING_KEY = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const countyVkey = logVkey(COUNTY_BOOK, createPublicKey(countyKey));
    honest = await runWitness('audit.yancheng.example/w1', countyVkey);
    // A witness that already cosigned another history of this book, signed with the county's own key: the split
    // view a dishonest county would show one reader while showing the other history to everyone else.
    forked = await runWitness('university.example/w2', countyVkey);
    const fork = new TestLog(`sunshine-ledger/${COUNTY_BOOK}`, countyKey);
    fork.append(3, 'another history');
    const res = await fetch(`${forked.url}/add-checkpoint`, { method: 'POST', body: await fork.request(0) });
    expect(res.status).toBe(200);
    const silent = await runWitness('city.finance.example/w3', countyVkey);
    down = { vkey: silent.started.witness.vkey, url: await deadUrl() };
    await stop(silent);
    process.env.WITNESSES = [
      `${honest.started.witness.vkey} ${honest.url} 郾城区审计局`,
      `${down.vkey} ${down.url} 漯河市财政局`,
      `${forked.started.witness.vkey} ${forked.url}`,
    ].join('\n');
    process.env.WITNESS_TIMEOUT_MS = '2000';
    t = await createTestApp();
    journal = t.app.get(JournalService);
    finance = await t.tokenFor('finance', COUNTY_BOOK);
    ({ fund } = await receiveFund(journal, COUNTY_BOOK, 100_000n));
    for (let i = 1; i <= 4; i++) await spend(journal, COUNTY_BOOK, fund, BigInt(i * 100));
  });

  afterAll(async () => {
    await t?.close();
    for (const w of [honest, forked]) if (w) await stop(w);
    for (const k of ['SIGNING_KEY', 'WITNESSES', 'WITNESS_TIMEOUT_MS']) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('gets the honest witness’s cosignature with the checkpoint; the note verifies with its key', async () => {
    const cp = await checkpoint();
    expect(cp).toMatchObject({ treeSize: 5, quorum: 1 });
    expect(cp.cosignatures).toEqual([
      expect.objectContaining({
        name: 'audit.yancheng.example/w1',
        displayName: '郾城区审计局',
        keyId: parseVkey(honest.started.witness.vkey).keyId.toString('hex'),
      }),
    ]);
    expect(Math.abs(cp.cosignatures[0].timestamp - Date.now() / 1000)).toBeLessThan(10);
    const logKey = parseVkey(logVkey(COUNTY_BOOK, createPublicKey(countyKey)));
    const checked = checkWitnessed(cp.note, logKey, [honest.started.witness.vkey], 1);
    expect(checked).toMatchObject({ logSigned: true, valid: 1, quorumMet: true });
    expect(cp.note.startsWith(cp.body + '\n— sunshine-ledger/411103000000 ')).toBe(true);
    const latest = (await t.http().get(`/api/v1/ledger/checkpoints/latest?book=${COUNTY_BOOK}`).expect(200)).body;
    expect(latest.note).toBe(cp.note);
    expect(latest.body).toBe(cp.body); // the fields clients read before are unchanged
    expect(latest.signature).toBe(cp.signature);
  });

  it('keeps working while a witness is down, and says so', async () => {
    const cp = (await t.http().get(`/api/v1/ledger/checkpoints/latest?book=${COUNTY_BOOK}`).expect(200)).body;
    const status = Object.fromEntries(cp.witnesses.map((w: { name: string; status: string }) => [w.name, w.status]));
    expect(status).toEqual({
      'audit.yancheng.example/w1': 'ok',
      'city.finance.example/w3': 'down',
      'university.example/w2': 'inconsistent',
    });
    expect(cp.witnesses.find((w: { status: string }) => w.status === 'down').detail).toContain('ECONNREFUSED');
  });

  it('raises a critical finding when a witness refuses the checkpoint as inconsistent', async () => {
    const refusals = await t.db.query(`SELECT witness, http_status, tree_size FROM witness_refusal`);
    expect(refusals).toEqual([{ witness: 'university.example/w2', http_status: 422, tree_size: '5' }]);
    const auditor = await t.tokenFor('auditor', COUNTY_BOOK);
    const res = await t
      .http()
      .get(`/api/v1/audit/findings?regionCode=${COUNTY_BOOK}&rule=witness_refused`)
      .set(bearer(auditor))
      .expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        rule: 'witness_refused',
        severity: 'critical',
        subject: expect.objectContaining({ type: 'book', id: COUNTY_BOOK }),
        evidence: [{ book: COUNTY_BOOK, seq: 5 }],
      }),
    ]);
    expect(res.body.items[0].detail).toContain('university.example/w2');
  });

  it('sends the consistency proof from the size the witness cosigned last, and retries on 409', async () => {
    for (let i = 0; i < 6; i++) await spend(journal, COUNTY_BOOK, fund, 7n);
    const second = await checkpoint();
    expect(second.treeSize).toBe(11);
    expect(second.cosignatures.map((c: { name: string }) => c.name)).toEqual(['audit.yancheng.example/w1']);
    // The log forgets what the witness holds: the witness answers 409 with 11, the log retries from there.
    await t.db.query(`UPDATE checkpoint_witness SET cosigned_size = 0 WHERE witness = 'audit.yancheng.example/w1'`);
    await spend(journal, COUNTY_BOOK, fund, 8n);
    const third = await checkpoint();
    expect(third.treeSize).toBe(12);
    expect(third.cosignatures).toHaveLength(1);
    expect(await honest.started.witness.store.get(`sunshine-ledger/${COUNTY_BOOK}`)).toMatchObject({ size: 12 });
    expect(third.witnesses.find((w: { name: string }) => w.name === 'audit.yancheng.example/w1').cosignedSize).toBe(12);
  });

  it('verify-proof checks the witnesses’ cosignatures against the given keys and the quorum', async () => {
    await t.app.listen(0, '127.0.0.1');
    const server = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const countyRaw = rawPublicKey(countyKey).toString('base64');
    const w1 = honest.started.witness.vkey;
    const one = await verifyRemoteEntry(server, COUNTY_BOOK, 3, countyRaw, { keys: [w1], quorum: 1 });
    expect(one).toMatchObject({ ok: true, witnessed: { valid: 1, quorum: 1, quorumMet: true } });
    expect(one.witnessed!.cosigners[0]).toMatchObject({ name: 'audit.yancheng.example/w1', ok: true });
    const two = await verifyRemoteEntry(server, COUNTY_BOOK, 3, countyRaw, { keys: [w1, down.vkey], quorum: 2 });
    expect(two).toMatchObject({ ok: false, reason: '1 of the required 2 witness cosignature(s) verify' });
    expect(two.witnessed!.cosigners[1]).toMatchObject({ ok: false, reason: 'no cosignature by this witness' });
    // A key of the same name that the witness does not hold: its line is ignored, so nothing verifies.
    const other = await runWitness('audit.yancheng.example/w1', '');
    const wrong = await verifyRemoteEntry(server, COUNTY_BOOK, 3, countyRaw, {
      keys: [other.started.witness.vkey],
      quorum: 1,
    });
    await stop(other);
    expect(wrong).toMatchObject({ ok: false, witnessed: { valid: 0 } });
  });

  it('a journal export carries the cosigned note, and verify --offline counts its witnesses', async () => {
    const auditor = await t.tokenFor('auditor', COUNTY_BOOK);
    const res = await t.http().get(`/api/v1/exports/journal/${COUNTY_BOOK}.jsonl`).set(bearer(auditor)).expect(200);
    const file = () => Readable.from([res.text]);
    const head = JSON.parse(res.text.split('\n')[0]);
    expect(head.checkpoint.note).toContain('— audit.yancheng.example/w1 ');
    const w1 = honest.started.witness.vkey;
    const publicKey = createPublicKey(countyKey);
    expect(await verifyJournalFile(file(), publicKey, { keys: [w1], quorum: 1 })).toMatchObject({
      ok: true,
      witnessed: { valid: 1, quorumMet: true },
    });
    expect(await verifyJournalFile(file(), publicKey, { keys: [w1, down.vkey], quorum: 2 })).toMatchObject({
      ok: false,
      problem: '1 of the required 2 witness cosignature(s) verify',
    });
  });
});
