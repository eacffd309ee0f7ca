import { formatLsn, parseLsn } from './lsn';
import { parseReplicaConfig, replicaName } from './replica-config';

describe('WAL positions', () => {
  it('compare as 64-bit numbers, not as text', () => {
    expect(parseLsn('10/0')! > parseLsn('9/FFFFFFFF')!).toBe(true);
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0')).toBe(1n << 32n);
  });

  it('read back as PostgreSQL prints them', () => {
    for (const text of ['0/0', '0/16B3748', 'A/FFFFFFFF', 'FFFFFFFF/1']) expect(formatLsn(parseLsn(text)!)).toBe(text);
    expect(formatLsn(parseLsn('a/ff')!)).toBe('A/FF');
  });

  it.each(['', '0', '0/', '/1', '0/1/2', 'G/0', '123456789/0', '0/123456789', ' ', '0x1/0'])('refuse %p', (text) => {
    expect(parseLsn(text)).toBeUndefined();
  });
});

describe('replica configuration', () => {
  it('is empty without DATABASE_REPLICA_URLS', () => {
    expect(parseReplicaConfig({}, 20)).toEqual({ urls: [], maxLagSeconds: 5, checkMs: 500, poolSize: 20 });
  });

  it('takes comma-separated postgres URLs and names them without credentials', () => {
    const c = parseReplicaConfig(
      { DATABASE_REPLICA_URLS: 'postgres://u:secret@10.0.0.2:5433/ledger, postgresql://10.0.0.3/ledger' },
      8,
    );
    expect(c.urls).toHaveLength(2);
    expect(c.urls.map(replicaName)).toEqual(['10.0.0.2:5433/ledger', '10.0.0.3:5432/ledger']);
  });

  it.each([
    [{ DATABASE_REPLICA_URLS: 'http://x/y' }, /DATABASE_REPLICA_URLS/],
    [{ DATABASE_REPLICA_URLS: 'not a url' }, /DATABASE_REPLICA_URLS/],
    [{ REPLICA_MAX_LAG_SECONDS: '-1' }, /REPLICA_MAX_LAG_SECONDS/],
    [{ REPLICA_CHECK_MS: '10' }, /REPLICA_CHECK_MS/],
  ])('refuses %p', (env, message) => {
    expect(() => parseReplicaConfig(env, 20)).toThrow(message);
  });
});
