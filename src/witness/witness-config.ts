/** The witness's settings, from the environment (README, docs/witness.md). */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ed25519PrivateKey, isKeyName, parseVkey, SIG_ED25519, type Verifier } from './note';

export interface WitnessConfig {
  port: number;
  name: string;
  dir: string;
  privateKey: KeyObject;
  /** Trusted log keys by origin (a log's key name is its origin, tlog-checkpoint §Signatures). */
  logs: Map<string, Verifier[]>;
  databaseUrl?: string;
}

/** WITNESS_LOGS: signed-note verifier keys separated by newlines or commas. */
export function parseLogKeys(text: string): Map<string, Verifier[]> {
  const logs = new Map<string, Verifier[]>();
  for (const item of text.split(/[\n,]/).map((s) => s.trim())) {
    if (!item) continue;
    const v = parseVkey(item);
    if (v.type !== SIG_ED25519) throw new Error(`WITNESS_LOGS: ${v.name} is no Ed25519 (type 0x01) log key`);
    logs.set(v.name, [...(logs.get(v.name) ?? []), v]);
  }
  return logs;
}

/** WITNESS_KEY (PKCS#8 PEM), else the key generated into dir/witness-key.pem on the first start. */
export function witnessKeyFrom(env: NodeJS.ProcessEnv, dir: string): KeyObject {
  if (env.WITNESS_KEY) return ed25519PrivateKey(env.WITNESS_KEY);
  const file = join(dir, 'witness-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  return ed25519PrivateKey(readFileSync(file, 'utf8'));
}

export function parseWitnessConfig(env: NodeJS.ProcessEnv): WitnessConfig {
  const port = Number(env.WITNESS_PORT ?? 3100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('WITNESS_PORT must be a port number');
  const name = env.WITNESS_NAME?.trim() ?? '';
  if (!isKeyName(name))
    throw new Error('WITNESS_NAME must be the witness key name, e.g. audit.yancheng.example/w1 (no spaces, no +)');
  const dir = resolve(env.WITNESS_DIR || './.witness');
  mkdirSync(dir, { recursive: true });
  const logs = parseLogKeys(env.WITNESS_LOGS ?? '');
  return {
    port,
    name,
    dir,
    privateKey: witnessKeyFrom(env, dir),
    logs,
    databaseUrl: env.WITNESS_DATABASE_URL || undefined,
  };
}
