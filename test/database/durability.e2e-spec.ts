import { Client } from 'pg';
import { assertDurableServer } from '../../src/database/durability';
import { startScratchCluster, ScratchCluster } from '../support/scratch-cluster';

describe('start-up refuses a database server that does not make commits durable', () => {
  let cluster: ScratchCluster;
  const set = async (setting: string, value: string) => {
    const c = new Client({ connectionString: cluster.url() });
    await c.connect();
    await c.query(`ALTER SYSTEM SET ${setting} = ${value}`);
    await c.query(`SELECT pg_reload_conf()`);
    await c.end();
    // The postmaster applies a reload asynchronously; new sessions see it shortly after.
    await new Promise((r) => setTimeout(r, 300));
  };

  beforeAll(async () => {
    cluster = await startScratchCluster();
  });
  afterAll(() => cluster?.destroy());

  it('runs on a server with fsync and full_page_writes on', async () => {
    await expect(assertDurableServer(cluster.url(), () => undefined, {})).resolves.toBeUndefined();
  });

  it.each(['fsync', 'full_page_writes'])('refuses %s=off, unless ALLOW_UNSAFE_FSYNC=1 (then warns)', async (name) => {
    await set(name, 'off');
    try {
      await expect(assertDurableServer(cluster.url(), () => undefined, {})).rejects.toThrow(
        new RegExp(`Refusing to start.*${name}=off.*ALLOW_UNSAFE_FSYNC=1`),
      );
      const warnings: string[] = [];
      await assertDurableServer(cluster.url(), (l) => warnings.push(l), { ALLOW_UNSAFE_FSYNC: '1' });
      expect(warnings).toEqual([expect.stringContaining(`${name}=off`)]);
    } finally {
      await set(name, 'on');
    }
  });
});
