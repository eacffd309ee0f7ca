import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNote, parseSignatureLine, parseVkey, verifyCosignature } from '../../src/witness/note';
import { originHash } from '../../src/witness/state-store';
import { startWitness, StartedWitness } from '../../src/witness/start-witness';
import { TestLog } from '../../src/witness/testing/test-log';
import { formatAddCheckpoint } from '../../src/witness/tlog';
import type { WitnessEvent } from '../../src/witness/witness';
import { parseLogKeys } from '../../src/witness/witness-config';
import { createWitnessServer } from '../../src/witness/witness-server';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** POST add-checkpoint over HTTP, answered as c2sp.org/tlog-witness prescribes for each case. */
describe.each(['file', 'database'])('witness add-checkpoint (%s state)', (kind) => {
  const log = new TestLog('county.example/411103000000');
  const stranger = new TestLog('county.example/411103000000'); // same origin, a key the witness does not trust
  const other = new TestLog('other.example/log');
  let dir: string;
  let database: TestDatabase | undefined;
  let started: StartedWitness;
  let server: Server;
  let base: string;
  const refusals: WitnessEvent[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sl-witness-'));
    database = kind === 'database' ? await createTestDatabase({ migrated: false }) : undefined;
    started = await startWitness(
      {
        port: 0,
        name: 'audit.yancheng.example/w1',
        dir,
        privateKey: generateKeyPairSync('ed25519').privateKey,
        logs: parseLogKeys(`${log.vkey}\n${other.vkey}`),
        databaseUrl: database?.url,
      },
      { onRefusal: (e) => refusals.push(e) },
    );
    server = createWitnessServer(started.witness);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    log.append(10);
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await started.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (body: string) => {
    const res = await fetch(`${base}/add-checkpoint`, { method: 'POST', body });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const latest = async () => {
    const res = await fetch(`${base}/${originHash(log.origin)}/checkpoint`);
    return { status: res.status, text: await res.text() };
  };

  it('has cosigned nothing yet: the monitoring route answers 404', async () => {
    expect((await latest()).status).toBe(404);
  });

  it('cosigns the first checkpoint from old size 0 with a timestamped cosignature/v1 line', async () => {
    const before = BigInt(Math.floor(Date.now() / 1000));
    const res = await post(await log.request(0, 10));
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^— audit\.yancheng\.example\/w1 \S+\n$/);
    const sig = parseSignatureLine(res.text.slice(0, -1))!;
    const v = parseVkey(started.witness.vkey);
    expect(sig.keyId.equals(v.keyId)).toBe(true);
    const t = verifyCosignature(parseNote(await log.checkpoint(10)).text, v, sig.signature);
    expect(t).not.toBeNull();
    expect(t! >= before && t! <= before + 5n).toBe(true);
    const kept = await latest();
    expect(kept.status).toBe(200);
    expect(kept.text).toContain(res.text); // the log's signature and the cosignature, as returned
  });

  it('answers 409 with its known size as text/x.tlog.size when the old size is not the one it cosigned', async () => {
    log.append(5);
    const res = await post(await log.request(0, 15));
    expect(res).toEqual({ status: 409, type: 'text/x.tlog.size', text: '10\n' });
  });

  it('cosigns a consistent extension from the size it knows', async () => {
    expect((await post(await log.request(10, 15))).status).toBe(200);
  });

  it('re-cosigns the same tree at the same size, but refuses another root at that size (a fork) with 422', async () => {
    expect((await post(await log.request(15, 15))).status).toBe(200);
    const forked = formatAddCheckpoint(15, [], await log.checkpoint(15, Buffer.alloc(32, 7)));
    const res = await post(forked);
    expect(res.status).toBe(422);
    expect(refusals.at(-1)).toMatchObject({ origin: log.origin, status: 422 });
  });

  it('refuses a forked history: a larger tree whose proof does not lead from the cosigned root (422)', async () => {
    const fork = new TestLog(log.origin, log.privateKey);
    fork.append(20, 'fork'); // same key, same origin, different entries
    const res = await post(formatAddCheckpoint(15, await fork.proof(15, 20), await fork.checkpoint(20)));
    expect(res.status).toBe(422);
    expect(res.text).toContain('does not verify');
    expect((await post(await log.request(15, 15))).status).toBe(200); // the record did not move
  });

  it('refuses a shorter tree after a longer one (400 with that old size, 409 otherwise) and reports it', async () => {
    const shorter = await log.checkpoint(12);
    expect((await post(formatAddCheckpoint(15, [], shorter))).status).toBe(400);
    const res = await post(formatAddCheckpoint(10, await log.proof(10, 12), shorter));
    expect(res).toMatchObject({ status: 409, text: '15\n' });
    expect(refusals.slice(-2).map((e) => e.status)).toEqual([400, 409]);
  });

  it('answers 404 for an unknown origin and 403 for a missing or bad log signature', async () => {
    const unknown = new TestLog('nobody.example/log');
    unknown.append(3);
    expect((await post(await unknown.request(0))).status).toBe(404);
    stranger.append(15);
    expect((await post(await stranger.request(15 - 15))).status).toBe(403); // signed by an untrusted key only
    const good = await log.checkpoint(15);
    const tampered = good.replace(
      / (\S)(\S+)\n$/,
      (_, c: string, rest: string) => ` ${c === 'A' ? 'B' : 'A'}${rest}\n`,
    );
    expect((await post(formatAddCheckpoint(15, [], tampered))).status).toBe(403);
  });

  it('answers 400 to malformed requests and 422 to a non-empty proof from size 0 or a bad empty tree', async () => {
    const cp = await log.checkpoint(15);
    expect((await post(`old 015\n\n${cp}`)).status).toBe(400);
    expect((await post(`15\n\n${cp}`)).status).toBe(400);
    expect((await post(`old 15\nnot-base64!\n\n${cp}`)).status).toBe(400);
    expect((await post(`old 15\n${'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n'.repeat(64)}\n${cp}`)).status).toBe(
      400,
    );
    expect((await post(`old 15\n${cp}`)).status).toBe(400);
    const res = await fetch(`${base}/add-checkpoint`, { method: 'POST', body: Buffer.from([0x6f, 0xff, 0x0a]) });
    expect(res.status).toBe(400);
    expect((await post(formatAddCheckpoint(0, [Buffer.alloc(32)], await other.checkpoint(0)))).status).toBe(422);
    expect((await post(formatAddCheckpoint(0, [], await other.checkpoint(0, Buffer.alloc(32, 1))))).status).toBe(422);
    expect((await post(formatAddCheckpoint(0, [], await other.checkpoint(0)))).status).toBe(200);
  });
});
